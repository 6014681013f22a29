package io.hgq4j.quantizer.export;

import io.hgq4j.model.fixed.FixedCast;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.quantizer.nn.SoftmaxNode;

/**
 * The exact form of a trained softmax: the types and the two tables of the firmware model's {@link Softmax}, decided
 * from the calibrated input type X, the row length n and the output quantizer's f. The precision rule, with
 * g = {@link SoftmaxNode#tableFractionBits} = min(max(f, 0) + ceil(log2(n + 3)), 24):
 * <ul>
 *   <li>E = ufixed&lt;1 + g, 1&gt;: exp entries with g fractional bits and room for exp(0) = 1 exactly, so the
 *       largest element of every row contributes exactly 1 and the sum S is at least 1;</li>
 *   <li>A (exp index) = ufixed&lt;w, i, RND, SAT&gt; with X's LSB and i = min(I_D, ceil(log2((g + 1)·ln 2 + LSB))):
 *       every difference that D can hold exactly, or up to the point beyond which exp(−d) &lt; 2^−g−1 rounds to 0 (larger
 *       differences saturate onto that 0 entry). Wider than 16 bits, it keeps i and drops fractional bits;</li>
 *   <li>B (inverse index) = ufixed&lt;w, i, RND, SAT&gt; with i = ceil(log2(n + 2^−g)) and g fractional bits (the sum's
 *       own LSB, so S ∈ [1, n] is indexed exactly), fractional bits dropped beyond 16 bits;</li>
 *   <li>V = ufixed&lt;1 + g, 1&gt;: entries 1/max(b, 1) (b &lt; 1 cannot occur since S ≥ 1);</li>
 *   <li>Y = ufixed&lt;1 + f, 1, RND, SAT&gt; (HGQ's rule for softmax outputs: the range [0, 1], f fractional bits).</li>
 * </ul>
 * Every entry is exp or 1/b in double precision, rounded to nearest (ties up) and saturated.
 *
 * <p>Why g: each entry errs by at most ε = 2^−g−1, as does the inverse; S ≥ 1; so for p_i the exact softmax of the
 * quantized row, |e_i·v − p_i| ≤ |δ_i|/S + p_i·|Σδ|/S + e_i·ε ≤ ε(2 + n·p_i) ≤ ε(n + 3) ≤ 2^−f−1, and after the final
 * rounding |y_i − p_i| ≤ 2^−f: the exported softmax is within one output LSB of the exact softmax of its quantized
 * input. The bound needs A to keep X's LSB, B to keep g fractional bits and g to be uncapped; otherwise the indices
 * round too and the error grows accordingly.
 *
 * @param input    X, the uniform input type (round to nearest, wrap, from the calibrated range)
 * @param expIndex A
 * @param exp      E
 * @param expCodes the 2^w_A exp entries
 * @param invIndex B
 * @param inverse  V
 * @param invCodes the 2^w_B inverse entries
 * @param output   Y
 */
record SoftmaxTables(FixedType input, FixedType expIndex, FixedType exp, long[] expCodes, FixedType invIndex,
                     FixedType inverse, long[] invCodes, FixedType output) {

    /** The tables for input type {@code input}, rows of {@code n} and an output with {@code outputF} fractional bits. */
    static SoftmaxTables of(FixedType input, int n, int outputF) {
        int g = SoftmaxNode.tableFractionBits(outputF, n);
        FixedType exp = FixedType.unsigned(1 + g, 1);
        FixedType inverse = FixedType.unsigned(1 + g, 1);
        FixedType expIndex = expIndex(input, g);
        FixedType invIndex = index(TypeRules.ceilLog2(n + Math.scalb(1.0, -g)), g);
        long[] expCodes = entries(expIndex, exp, a -> Math.exp(-a));
        long[] invCodes = entries(invIndex, inverse, b -> 1 / Math.max(b, 1));
        FixedType output = TypeRules.activation(0, 1, outputF, 1, false, Quantization.RND)
                .withModes(Quantization.RND, Overflow.SAT);
        return new SoftmaxTables(input, expIndex, exp, expCodes, invIndex, inverse, invCodes, output);
    }

    private static FixedType expIndex(FixedType input, int g) {
        FixedType difference = Softmax.differenceType(input);
        if (difference.isZero()) {
            return FixedType.ZERO; // every difference is 0: one entry, exp(0)
        }
        int f = difference.fracBits();
        int cutoff = TypeRules.ceilLog2((g + 1) * Math.log(2) + Math.scalb(1.0, -f));
        return index(Math.min(difference.intBits(), cutoff), f);
    }

    /** ufixed&lt;i + f, i, RND, SAT&gt;, with fractional bits dropped so that it has at most 16 bits. */
    private static FixedType index(int intBits, int fracBits) {
        int width = Math.min(intBits + fracBits, Softmax.MAX_INDEX_WIDTH);
        return new FixedType(width, intBits, false, Quantization.RND, Overflow.SAT);
    }

    /** f(value of index code k) rounded to nearest into {@code entry}, saturating, for every index code k. */
    private static long[] entries(FixedType index, FixedType entry, java.util.function.DoubleUnaryOperator f) {
        FixedType rounding = entry.withModes(Quantization.RND, Overflow.SAT);
        long[] codes = new long[1 << index.width()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = FixedCast.fromDouble(f.applyAsDouble(Math.scalb((double) k, index.lsbExponent())), rounding)
                    .longValueExact();
        }
        return codes;
    }
}

package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.verilog.Bits.Bit;
import io.hgq4j.codegen.verilog.Bits.Cond;
import io.hgq4j.codegen.verilog.Bits.Signal;
import io.hgq4j.model.fixed.FixedCast;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-point conversions as synthesizable Verilog-2001: the hardware form of {@link FixedCast#convert}, bit-exact for
 * every source code, every {@link Quantization} and {@link Overflow} mode and any pair of types.
 *
 * <p>Conventions (see also the package documentation):
 * <ul>
 *   <li>A code of a type of width W is a vector {@code [W-1:0]}, declared {@code signed} for a signed type
 *       ({@link #declaration}). A zero-width type has no signal: it is the constant 0.</li>
 *   <li>Generated blocks only part-select the source and compute with unsigned, explicitly sized and explicitly
 *       extended bit patterns, so they neither depend on how the source was declared nor fall into Verilog's rule that
 *       one unsigned operand makes a whole expression unsigned. Signedness enters only through the declaration of the
 *       target, which reinterprets the W-bit pattern.</li>
 *   <li>The caller declares the target (a wire or an output port) and gives a prefix; the block declares its own wires
 *       as {@code <prefix>_<role>}, so a unique prefix per conversion keeps names unique.</li>
 *   <li>Source bits a conversion does not need (dropped fraction bits under TRN, integer bits above the target under
 *       WRAP) are gathered in a {@code <prefix>_unused} wire: Verilator's {@code -Wall} ignores signals named
 *       {@code *unused*}, and synthesis removes the wire.</li>
 * </ul>
 *
 * <p>What the modes compile to (the package documentation has the full table): TRN + WRAP is bit selection with sign
 * (or zero) extension; a rounding mode adds a one-bit increment to the kept bits, computed from the first dropped bit
 * and, for the modes that look at them, the OR of the bits below, the source sign or the lowest kept bit (RND adds the
 * first dropped bit itself); a saturating mode tests the rounded code against the target's range with sign-bit
 * patterns (no comparators) and selects between it and the constant bounds. Logic that cannot fire for the given pair
 * of types is not emitted: a carry bit that cannot be needed, an overflow test for a range that always fits, the sign
 * term of a mode when the source is unsigned.
 */
public final class VerilogCast {

    private VerilogCast() {
    }

    /**
     * The range part of a declaration of a code of {@code type}: {@code "signed [7:0]"} or {@code "[7:0]"}, for ports
     * ({@code "output wire " + typeRange(t) + " y"}).
     *
     * @throws IllegalArgumentException for the zero-width type, which has no signal
     */
    public static String typeRange(FixedType type) {
        if (type.isZero()) {
            throw new IllegalArgumentException("a zero-width type has no signal to declare");
        }
        return (type.signed() ? "signed " : "") + "[" + (type.width() - 1) + ":0]";
    }

    /**
     * The declaration of a wire holding a code of {@code type}: {@code "wire signed [7:0] name;"}, or the empty string
     * for the zero-width type (which has no signal).
     */
    public static String declaration(FixedType type, String name) {
        Bits.checkIdentifier(name, "signal name");
        return type.isZero() ? "" : "wire " + typeRange(type) + " " + name + ";";
    }

    /**
     * Verilog that drives {@code targetName} with the code of {@code target} that {@link FixedCast#convert} gives for
     * the code held in {@code sourceName}, with the target's quantization and overflow modes (the source's modes do not
     * matter).
     *
     * <p>The block is a comment line followed by {@code wire} declarations (named {@code <prefix>_*}) and one
     * {@code assign} to the target. The caller declares the target with {@code target.width()} bits; the source must be
     * a vector of {@code source.width()} bits that can be part-selected. When the target is zero-width the result is
     * the empty string: there is nothing to drive. When the source is zero-width (the constant 0) {@code sourceName}
     * is not read and the target is driven with 0.
     *
     * @param source     the type of the code in {@code sourceName}
     * @param target     the type converted into, with the quantization and overflow modes to apply
     * @param sourceName a plain identifier: a wire, reg or port of the caller
     * @param targetName a plain identifier, declared by the caller
     * @param prefix     a plain identifier, unique in the module, that names the block's wires
     * @return the Verilog text, one statement per line, each line ending in a newline; empty for a zero-width target
     * @throws IllegalArgumentException if a name is not a plain Verilog identifier, the source and target names are
     *                                  equal, or either starts with {@code prefix + "_"} (reserved for the block)
     */
    public static String convert(FixedType source, FixedType target, String sourceName, String targetName,
            String prefix) {
        Bits.checkIdentifier(sourceName, "source name");
        Bits.checkIdentifier(targetName, "target name");
        Bits.checkIdentifier(prefix, "prefix");
        if (target.isZero()) {
            return "";
        }
        return new CastEmitter(source, target, sourceName, targetName, prefix).emit();
    }

    /**
     * An expression of exactly {@code target.width()} bits whose pattern, read as a code of {@code target}, has the
     * same value as the code in {@code sourceName}: the source code shifted left to the target's finer (or equal) LSB
     * and sign- or zero-extended. No rounding or overflow can occur, which is checked. Use it to bring operands to a
     * common type before adding them: the sum of aligned patterns, taken modulo 2^W, is exact when the type holds it.
     *
     * @return the expression; {@code W'd0} for a zero-width source; the empty string when both types are zero-width
     * @throws IllegalArgumentException if {@code target} does not hold every value of {@code source} exactly
     */
    public static String align(FixedType source, String sourceName, FixedType target) {
        Bits.checkIdentifier(sourceName, "source name");
        requireHolds(source, target);
        if (target.isZero()) {
            return "";
        }
        if (source.isZero()) {
            return Bits.literal(BigInteger.ZERO, target.width());
        }
        Bits bits = new Bits();
        Signal s = bits.external(sourceName, source.width());
        int shift = source.lsbExponent() - target.lsbExponent();
        List<Bit> pattern = new ArrayList<>(target.width());
        for (int j = 0; j < target.width(); j++) {
            pattern.add(sourceBit(s, source.signed(), j - shift));
        }
        return bits.vector(pattern);
    }

    /**
     * The smallest signed type that holds every value of every given type: the common type in which codes of these
     * types can be compared with Verilog's signed relational operators (see {@link #compareOperand}). Zero-width types
     * only contribute the value 0.
     */
    public static FixedType comparisonType(FixedType... types) {
        FixedType covering = FixedType.covering(List.of(types));
        if (covering.isZero()) {
            return FixedType.signed(1, 1);
        }
        return covering.signed() ? covering
                : FixedType.signed(covering.width() + 1, covering.intBits() + 1);
    }

    /**
     * {@code $signed(...)} around {@link #align} to a signed type: a signed expression of {@code common.width()} bits
     * with the value of the code in {@code sourceName}. Two such operands of one common type compare by value with
     * {@code <}, {@code >}, {@code ==}; comparing one with anything unsigned (an unsized or unsigned literal, a
     * part-select) would silently turn the comparison unsigned, so compare operands made here only with each other or
     * with {@code $signed} literals of the same width.
     *
     * @throws IllegalArgumentException if {@code common} is unsigned or does not hold every value of {@code source}
     */
    public static String compareOperand(FixedType source, String sourceName, FixedType common) {
        if (!common.signed()) {
            throw new IllegalArgumentException("the comparison type " + common + " must be signed");
        }
        return "$signed(" + align(source, sourceName, common) + ")";
    }

    private static void requireHolds(FixedType source, FixedType target) {
        if (source.isZero()) {
            return;
        }
        int shift = source.lsbExponent() - target.lsbExponent();
        boolean holds = !target.isZero() && shift >= 0
                && target.holdsRaw(source.minRaw().shiftLeft(shift))
                && target.holdsRaw(source.maxRaw().shiftLeft(shift));
        if (!holds) {
            throw new IllegalArgumentException(target + " does not hold every value of " + source
                    + " exactly; align needs a target with an LSB no coarser and a range no narrower");
        }
    }

    /** Bit {@code i} of the source code with infinite sign (or zero) extension; bits below the LSB are 0. */
    private static Bit sourceBit(Signal s, boolean signed, int i) {
        if (i < 0) {
            return Bit.ZERO;
        }
        if (i < s.width) {
            return s.bit(i);
        }
        return signed ? s.bit(s.width - 1) : Bit.ZERO;
    }

    /** One conversion: the state of one generated block. */
    private static final class CastEmitter {
        private final FixedType source;
        private final FixedType target;
        private final String targetName;
        private final String prefix;
        private final Bits bits = new Bits();
        private final Signal src;
        /** Target LSB exponent minus source LSB exponent: bits dropped (positive) or appended (negative). */
        private final int dropped;
        private final StringBuilder out = new StringBuilder();

        CastEmitter(FixedType source, FixedType target, String sourceName, String targetName, String prefix) {
            this.source = source;
            this.target = target;
            this.targetName = targetName;
            this.prefix = prefix;
            this.src = source.isZero() ? null : bits.external(sourceName, source.width());
            this.dropped = target.lsbExponent() - source.lsbExponent();
            for (String name : List.of(sourceName, targetName)) {
                if (name.startsWith(prefix + "_")) {
                    throw new IllegalArgumentException("'" + name + "' could clash with the block's wires: names "
                            + "starting with '" + prefix + "_' are reserved for them");
                }
            }
            if (sourceName.equals(targetName)) {
                throw new IllegalArgumentException("source and target are both named '" + sourceName + "'");
            }
        }

        String emit() {
            out.append("// ").append(prefix).append(": ").append(source).append(" -> ").append(target).append('\n');
            emitBody();
            List<Bit> unread = bits.unread();
            if (!unread.isEmpty()) {
                String range = unread.size() == 1 ? "" : "[" + (unread.size() - 1) + ":0] ";
                out.append("wire ").append(range).append(prefix).append("_unused = ").append(bits.vector(unread))
                        .append(";\n");
            }
            return out.toString();
        }

        private void emitBody() {
            int wt = target.width();
            if (source.isZero()) {
                assign(Bits.literal(BigInteger.ZERO, wt));
                return;
            }
            BigInteger[] range = roundedRange();
            BigInteger rMin = range[0];
            BigInteger rMax = range[1];
            if (rMin.equals(rMax)) {
                // Every code rounds to the same value (the target LSB lies far above the source's MSB).
                assign(Bits.literal(FixedCast.convert(source.minRaw(), source, target), wt));
                return;
            }
            boolean rSigned = rMin.signum() < 0;
            int wr = rSigned ? Math.max(rMin.bitLength(), rMax.bitLength()) + 1 : rMax.bitLength();
            Cond up = increment();

            Overflow mode = target.overflow();
            boolean symmetric = mode == Overflow.SAT_SYM && target.signed() && wt > 1;
            BigInteger min = symmetric ? target.maxRaw().negate() : target.minRaw();
            boolean over = mode != Overflow.WRAP && rMax.compareTo(target.maxRaw()) > 0;
            // SAT_SYM also replaces the most negative code itself, so for it "under" means at or below that code.
            boolean under = mode != Overflow.WRAP && (symmetric ? rMin.compareTo(target.minRaw()) <= 0
                    : rMin.compareTo(min) < 0);

            if (!over && !under) {
                // Wrapping, or always in range: the low W bits of the rounded code, or its extension.
                if (up.isFalse()) {
                    assign(bits.vector(extend(kept(wt), wt, source.signed())));
                } else if (wt <= wr) {
                    // Only the low W bits are kept, so a W-bit adder suffices.
                    assign(sum(wt, asBit(up)));
                } else {
                    assign(bits.vector(extend(all(roundedWire(wr, asBit(up))), wt, rSigned)));
                }
                return;
            }

            List<Bit> r = up.isFalse() ? kept(wr) : all(roundedWire(wr, asBit(up)));
            Bit sign = rSigned ? r.get(wr - 1) : Bit.ZERO;
            Cond above = Cond.FALSE;
            Cond below = Cond.FALSE;
            if (over) {
                // Non-negative, with a bit set at or above the target's top magnitude bit.
                int magnitude = target.signed() ? wt - 1 : wt;
                int top = rSigned ? wr - 2 : wr - 1;
                above = Bits.and(Bits.not(bits.of(sign)), bits.any(slice(r, magnitude, top)));
            }
            if (under) {
                if (!target.signed()) {
                    below = bits.of(sign);
                } else {
                    // Negative, and the bits from the target's sign bit up are not all copies of the sign...
                    Cond fits = bits.all(slice(r, wt - 1, wr - 2));
                    if (symmetric) {
                        // ... or they are, above an all-zero remainder: exactly the most negative code.
                        fits = Bits.and(fits, bits.any(slice(r, 0, wt - 2)));
                    }
                    below = Bits.and(bits.of(sign), Bits.not(fits));
                }
            }
            if (over && above.isFalse() || under && below.isFalse()) {
                throw new IllegalStateException("no overflow test for " + source + " -> " + target);
            }
            // In range, a negative code only reaches a signed target: for an unsigned one the extension is zeros.
            String low = bits.vector(extend(r, wt, rSigned && target.signed()));
            if (mode == Overflow.SAT_ZERO) {
                Cond outside = Bits.or(above, below);
                if (over && under && target.signed()) {
                    // Out of range either way: the bits from the target's sign bit up are neither all 0 nor all 1.
                    List<Bit> upper = slice(r, wt - 1, wr - 1);
                    outside = Bits.and(bits.any(upper), Bits.not(bits.all(upper)));
                } else if (over && under) {
                    // Negative, or a bit set above the target's width.
                    outside = Bits.or(bits.of(sign), bits.any(slice(r, wt, wr - 2)));
                }
                assign(condition(outside, "ovf") + " ? " + Bits.literal(BigInteger.ZERO, wt) + " : " + low);
                return;
            }
            String expression = low;
            String whenAbove = condition(above, "over");
            String whenBelow = condition(below, "under");
            if (whenBelow != null) {
                expression = whenBelow + " ? " + Bits.literal(min, wt) + " : " + expression;
            }
            if (whenAbove != null) {
                expression = whenAbove + " ? " + Bits.literal(target.maxRaw(), wt) + " : " + expression;
            }
            assign(expression);
        }

        /**
         * The exact range [min, max] of the rounded code (target LSB, before overflow). Rounding is monotone in every
         * mode, so the ends are the rounded ends of the source range. FixedCast computes them, so the analysis that
         * decides which logic to emit cannot drift from the rule the logic implements.
         */
        private BigInteger[] roundedRange() {
            if (dropped <= 0) {
                return new BigInteger[] {source.minRaw().shiftLeft(-dropped), source.maxRaw().shiftLeft(-dropped)};
            }
            int ws = source.width();
            // Beyond ws + 1 dropped bits the rounded code depends only on the sign and on the code being nonzero.
            int d = Math.min(dropped, ws + 1);
            FixedType scaledSource = new FixedType(ws, ws - d, source.signed(), Quantization.TRN, Overflow.WRAP);
            // Wide enough for |floor| + 1 at the target LSB, so WRAP never acts.
            int w = Math.max(ws - d + 1, 2);
            FixedType exact = new FixedType(w, w, source.signed(), target.quantization(), Overflow.WRAP);
            return new BigInteger[] {
                    FixedCast.convert(source.minRaw(), scaledSource, exact),
                    FixedCast.convert(source.maxRaw(), scaledSource, exact)};
        }

        /** Whether one LSB is added to the kept bits: the rounding rule of the target's mode, in gates. */
        private Cond increment() {
            if (dropped <= 0) {
                return Cond.FALSE;
            }
            Cond half = bits.of(bit(dropped - 1));
            Cond negative = source.signed() ? bits.of(src.bit(src.width - 1)) : Cond.FALSE;
            return switch (target.quantization()) {
                case TRN -> Cond.FALSE;
                case TRN_ZERO -> Bits.and(negative, bits.any(sourceBits(0, dropped - 1)));
                case RND -> half;
                case RND_ZERO -> Bits.and(half, Bits.or(negative, sticky()));
                case RND_MIN_INF -> Bits.and(half, sticky());
                case RND_INF -> Bits.and(half, Bits.or(Bits.not(negative), sticky()));
                case RND_CONV -> Bits.and(half, Bits.or(bits.of(bit(dropped)), sticky()));
            };
        }

        /** Whether any bit below the first dropped one is set. */
        private Cond sticky() {
            return bits.any(sourceBits(0, dropped - 2));
        }

        private Bit bit(int i) {
            return sourceBit(src, source.signed(), i);
        }

        /** Source bits lo..hi (LSB first, sign-extended), empty when hi &lt; lo. */
        private List<Bit> sourceBits(int lo, int hi) {
            List<Bit> list = new ArrayList<>();
            for (int i = lo; i <= hi; i++) {
                list.add(bit(i));
            }
            return list;
        }

        /** The low {@code n} bits of the floor of the source code at the target LSB. */
        private List<Bit> kept(int n) {
            return sourceBits(dropped, dropped + n - 1);
        }

        /** A one-bit increment as a bit: the one source bit it is, or a wire {@code <prefix>_up}. */
        private Bit asBit(Cond c) {
            if (c.bit() != null) {
                return c.bit();
            }
            Signal w = bits.internal(prefix + "_up", 1);
            out.append("wire ").append(w.name).append(" = ").append(bits.use(c)).append(";\n");
            return w.bit(0);
        }

        /** {@code {(n-1)'d0, up}}: the increment widened to the adder. */
        private static List<Bit> increment(Bit up, int n) {
            List<Bit> list = new ArrayList<>(Bits.constant(BigInteger.ZERO, n));
            list.set(0, up);
            return list;
        }

        /** The rounded code as a wire of {@code wr} bits: kept bits plus the increment, exact modulo 2^wr. */
        private Signal roundedWire(int wr, Bit up) {
            String sum = sum(wr, up);
            Signal q = bits.internal(prefix + "_q", wr);
            String range = wr == 1 ? "" : "[" + (wr - 1) + ":0] ";
            out.append("wire ").append(range).append(q.name).append(" = ").append(sum).append(";\n");
            return q;
        }

        /** The low {@code n} bits of the kept bits plus the increment. */
        private String sum(int n, Bit up) {
            List<Bit> kept = kept(n);
            if (kept.stream().allMatch(Bit.ZERO::equals)) {
                // The target LSB is above the source MSB of an unsigned source: the floor is 0.
                return bits.vector(increment(up, n));
            }
            return bits.vector(kept) + " + " + bits.vector(increment(up, n));
        }

        private static List<Bit> all(Signal s) {
            List<Bit> list = new ArrayList<>(s.width);
            for (int i = 0; i < s.width; i++) {
                list.add(s.bit(i));
            }
            return list;
        }

        /** The low {@code n} bits of {@code v}, or {@code v} sign- or zero-extended to {@code n} bits. */
        private static List<Bit> extend(List<Bit> v, int n, boolean signed) {
            if (v.size() >= n) {
                return new ArrayList<>(v.subList(0, n));
            }
            List<Bit> list = new ArrayList<>(v);
            Bit fill = signed ? v.get(v.size() - 1) : Bit.ZERO;
            while (list.size() < n) {
                list.add(fill);
            }
            return list;
        }

        private static List<Bit> slice(List<Bit> v, int lo, int hi) {
            return hi < lo ? List.of() : v.subList(lo, hi + 1);
        }

        /**
         * A non-constant condition as an operand: a single bit as it is, anything else as a wire
         * {@code <prefix>_<role>}; null when the condition is constant false.
         */
        private String condition(Cond c, String role) {
            if (c.isFalse()) {
                return null;
            }
            if (c.isTrue()) {
                throw new IllegalStateException("constant overflow condition for " + source + " -> " + target);
            }
            if (c.bit() != null) {
                return bits.use(c);
            }
            String name = prefix + "_" + role;
            bits.internal(name, 1).used.set(0);
            out.append("wire ").append(name).append(" = ").append(bits.use(c)).append(";\n");
            return name;
        }

        private void assign(String expression) {
            out.append("assign ").append(targetName).append(" = ").append(expression).append(";\n");
        }
    }
}

package io.hgq4j.quantizer.export;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The exact fixed-point types of a trained HGQ network (hgq.md §1.4 and §3): activation types from calibrated ranges,
 * and weights rounded to their f and given their narrowest exact type.
 */
final class TypeRules {

    private TypeRules() {
    }

    /**
     * The type of an activation element whose quantized values were seen in [min, max], with f fractional bits:
     * k = [min &lt; 0]; i = max(ceil(log2(max + 2^−f)), ceil(log2 |min|)) so that both ends fit; i ≥ −f − k; zero
     * width (a pruned element) when no non-zero value was seen. The range is first widened about its centre by
     * {@code cover} (HGQ's cover factor), and clamped at 0 for elements that a ReLU follows.
     */
    static FixedType activation(double min, double max, int f, double cover, boolean positiveOnly, Quantization mode) {
        double lo = positiveOnly ? Math.max(min, 0) : min;
        double hi = positiveOnly ? Math.max(max, 0) : max;
        double centre = (lo + hi) / 2;
        double half = (hi - lo) / 2 * cover;
        lo = centre - half;
        hi = centre + half;
        if (positiveOnly) {
            lo = Math.max(lo, 0);
        }
        if (lo == 0 && hi == 0) {
            return FixedType.ZERO;
        }
        int k = lo < 0 ? 1 : 0;
        double lsb = Math.scalb(1.0, -f);
        int i = Integer.MIN_VALUE;
        if (hi > 0) {
            i = ceilLog2(hi + lsb);
        }
        if (lo < 0) {
            i = Math.max(i, ceilLog2(-lo));
        }
        i = Math.max(i, -f - k);
        if (k + i + f <= 0) {
            return FixedType.ZERO;
        }
        return FixedType.fromKif(k, i, f, mode, Overflow.WRAP);
    }

    /** ceil(log2 v) for v &gt; 0, exact (from the double's exponent, not a logarithm). */
    static int ceilLog2(double v) {
        int e = Math.getExponent(v);
        if (e < Double.MIN_EXPONENT) {
            throw new IllegalArgumentException("value " + v + " is too small for an activation range");
        }
        return v == Math.scalb(1.0, e) ? e : e + 1;
    }

    /** floor(v·2^f + 1/2)/2^f, exactly (the rounding of HGQ's quantizer, ties toward +∞). */
    static double round(double v, int f) {
        double y = Math.scalb(v, f);
        double floor = Math.floor(y);
        return Math.scalb(y - floor >= 0.5 ? floor + 1 : floor, -f);
    }

    /** The narrowest exact fixed-point value equal to {@code v}, a multiple of 2^−f. */
    static FixedValue constant(double v, int f) {
        if (v == 0) {
            return FixedValue.zero(FixedType.ZERO);
        }
        BigInteger code = new BigDecimal(v).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(Math.max(f, 0))))
                .divide(new BigDecimal(BigInteger.ONE.shiftLeft(Math.max(-f, 0)))).toBigIntegerExact();
        int lsb = -f;
        int zeros = code.getLowestSetBit();
        code = code.shiftRight(zeros);
        lsb += zeros;
        FixedType type = FixedType.containing(code.min(BigInteger.ZERO), code.max(BigInteger.ZERO), lsb);
        return FixedValue.ofRaw(type, code);
    }
}

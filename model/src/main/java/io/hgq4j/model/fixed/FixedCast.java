package io.hgq4j.model.fixed;

import java.math.BigInteger;

/**
 * Conversion of a fixed-point code from one type to another: the single definition of rounding and
 * overflow in hgq4j. Every backend reproduces exactly this; nothing else re-derives it.
 *
 * <p>The rule is the vendor's ({@code ap_fixed_base::operator=}), stated on exact values:
 * <ol>
 *   <li>Quantize: take the floor of the source value at the target LSB, then let the target's
 *       {@link Quantization} mode add one LSB or not (from the first dropped bit, the sticky OR of the bits
 *       below it, the source sign and the lowest kept bit).</li>
 *   <li>Overflow: if the rounded code is outside the target's range, WRAP keeps its low W bits; SAT clamps;
 *       SAT_ZERO gives 0; SAT_SYM clamps a signed target of two or more bits to [−max, max], so it never yields the
 *       most negative code, not even for a value that rounds to it exactly. A 1-bit signed SAT_SYM target (codes −1
 *       and 0) behaves like SAT, and an unsigned one like SAT.</li>
 * </ol>
 * The conformance vectors produced with the vendor headers pin all of this down, including the 1-bit case.
 */
public final class FixedCast {

    private FixedCast() {
    }

    /**
     * Converts the code {@code raw} of type {@code source} to a code of type {@code target}, with the target's
     * quantization and overflow modes.
     *
     * @param raw    a code of {@code source} (not checked: any integer is accepted and read as an exact value)
     * @param source the type that gives {@code raw} its LSB and sign semantics
     * @param target the type converted into
     * @return the target code
     */
    public static BigInteger convert(BigInteger raw, FixedType source, FixedType target) {
        if (target.isZero() || source.isZero() || raw.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger rounded = quantize(raw, source.lsbExponent(), target);
        return applyOverflow(rounded, target);
    }

    /**
     * Converts a double exactly, as the vendor's {@code ap_fixed(double)} constructor does: the double is read as
     * a 54-bit signed code with its exponent, then {@link #convert converted}. Subnormal doubles are read the
     * vendor's way (as if the hidden bit were set, with exponent −1023); they round to zero or one LSB like their
     * exact values for every type within the supported limits.
     *
     * @throws IllegalArgumentException for NaN and infinities, which have no fixed-point value
     */
    public static BigInteger fromDouble(double value, FixedType target) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("cannot convert " + value + " to " + target + ": not a finite number");
        }
        if (value == 0.0) {
            return BigInteger.ZERO;
        }
        long bits = Double.doubleToRawLongBits(value);
        int biasedExponent = (int) ((bits >>> 52) & 0x7ff);
        long mantissa = (bits & 0x000f_ffff_ffff_ffffL) | (1L << 52);
        int exponent = biasedExponent - 1023;
        // The vendor's view of a double: ap_fixed<54, exponent + 2> holding ±(1.m)·2^52.
        FixedType doubleType = FixedType.signed(54, exponent + 2);
        long code = value < 0 ? -mantissa : mantissa;
        return convert(BigInteger.valueOf(code), doubleType, target);
    }

    private static BigInteger quantize(BigInteger raw, int sourceLsbExponent, FixedType target) {
        int targetLsbExponent = target.lsbExponent();
        if (targetLsbExponent <= sourceLsbExponent) {
            return raw.shiftLeft(sourceLsbExponent - targetLsbExponent);
        }
        int dropped = targetLsbExponent - sourceLsbExponent;
        BigInteger floor = raw.shiftRight(dropped);
        Quantization mode = target.quantization();
        if (mode == Quantization.TRN) {
            return floor;
        }
        // testBit and getLowestSetBit see negative numbers in two's complement with infinite sign extension.
        boolean half = raw.testBit(dropped - 1);
        boolean sticky = raw.getLowestSetBit() < dropped - 1;
        boolean negative = raw.signum() < 0;
        return mode.incrementsFloor(half, sticky, negative, floor.testBit(0)) ? floor.add(BigInteger.ONE) : floor;
    }

    private static BigInteger applyOverflow(BigInteger code, FixedType target) {
        Overflow mode = target.overflow();
        if (mode == Overflow.WRAP) {
            return wrap(code, target);
        }
        boolean symmetric = mode == Overflow.SAT_SYM && target.signed() && target.width() > 1;
        BigInteger max = target.maxRaw();
        BigInteger min = symmetric ? max.negate() : target.minRaw();
        if (code.compareTo(max) > 0) {
            return mode == Overflow.SAT_ZERO ? BigInteger.ZERO : max;
        }
        if (code.compareTo(min) < 0) {
            return mode == Overflow.SAT_ZERO ? BigInteger.ZERO : min;
        }
        return code;
    }

    /** The low W bits of {@code code}, read as a code of {@code type} (two's complement when signed). */
    static BigInteger wrap(BigInteger code, FixedType type) {
        int width = type.width();
        BigInteger low = code.and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE));
        if (type.signed() && low.testBit(width - 1)) {
            return low.subtract(BigInteger.ONE.shiftLeft(width));
        }
        return low;
    }
}

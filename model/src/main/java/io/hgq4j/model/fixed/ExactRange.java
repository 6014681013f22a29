package io.hgq4j.model.fixed;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The exact set of values an intermediate can take, as a closed interval of codes at one LSB: every multiple of
 * 2^{@code lsbExponent} in [{@code lo}·2^e, {@code hi}·2^e]. Arithmetic on ranges is exact, so the type derived from
 * a range ({@link #smallestType()}) can never overflow. This is how the firmware model derives accumulator types.
 *
 * <p>The range [0, 0] is the constant zero; it carries no LSB of its own and adapts to the other operand.
 *
 * @param lo          smallest code
 * @param hi          largest code
 * @param lsbExponent exponent of the LSB the codes are counted in
 */
public record ExactRange(BigInteger lo, BigInteger hi, int lsbExponent) {

    /** The constant zero. */
    public static final ExactRange ZERO = new ExactRange(BigInteger.ZERO, BigInteger.ZERO, 0);

    /** Validates lo ≤ hi. */
    public ExactRange {
        Objects.requireNonNull(lo, "lo");
        Objects.requireNonNull(hi, "hi");
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
    }

    /** Every value of {@code type}. */
    public static ExactRange of(FixedType type) {
        return type.isZero() ? ZERO : new ExactRange(type.minRaw(), type.maxRaw(), type.lsbExponent());
    }

    /** The single value {@code value}. */
    public static ExactRange of(FixedValue value) {
        return value.isZero() ? ZERO : new ExactRange(value.raw(), value.raw(), value.type().lsbExponent());
    }

    /** Whether this is the constant zero. */
    public boolean isZero() {
        return lo.signum() == 0 && hi.signum() == 0;
    }

    /** All sums x + y with x in this range and y in {@code other}. */
    public ExactRange plus(ExactRange other) {
        if (isZero()) {
            return other;
        }
        if (other.isZero()) {
            return this;
        }
        int e = Math.min(lsbExponent, other.lsbExponent);
        ExactRange a = at(e);
        ExactRange b = other.at(e);
        return new ExactRange(a.lo.add(b.lo), a.hi.add(b.hi), e);
    }

    /** All products x·y with x in this range and y in {@code other}. */
    public ExactRange times(ExactRange other) {
        if (isZero() || other.isZero()) {
            return ZERO;
        }
        BigInteger p1 = lo.multiply(other.lo);
        BigInteger p2 = lo.multiply(other.hi);
        BigInteger p3 = hi.multiply(other.lo);
        BigInteger p4 = hi.multiply(other.hi);
        return new ExactRange(p1.min(p2).min(p3.min(p4)), p1.max(p2).max(p3.max(p4)), lsbExponent + other.lsbExponent);
    }

    /** All values max(x, y) with x in this range and y in {@code other}. */
    public ExactRange max(ExactRange other) {
        int e = Math.min(lsbExponentOrMax(), other.lsbExponentOrMax());
        if (e == Integer.MAX_VALUE) {
            return ZERO;
        }
        ExactRange a = at(e);
        ExactRange b = other.at(e);
        return new ExactRange(a.lo.max(b.lo), a.hi.max(b.hi), e);
    }

    /** All values max(x, 0): the range after a ReLU. */
    public ExactRange relu() {
        return new ExactRange(lo.max(BigInteger.ZERO), hi.max(BigInteger.ZERO), lsbExponent);
    }

    /** All values x·2^{@code shift} (exact: only the LSB exponent moves). */
    public ExactRange scaledByPowerOfTwo(int shift) {
        return isZero() ? ZERO : new ExactRange(lo, hi, lsbExponent + shift);
    }

    /** The narrowest type holding every value of this range at this LSB ({@link FixedType#ZERO} for zero). */
    public FixedType smallestType() {
        return isZero() ? FixedType.ZERO : FixedType.containing(lo, hi, lsbExponent);
    }

    private int lsbExponentOrMax() {
        return isZero() ? Integer.MAX_VALUE : lsbExponent;
    }

    /** The same range counted at the finer LSB 2^{@code exponent} (exponent ≤ this one, or this range is zero). */
    private ExactRange at(int exponent) {
        if (isZero()) {
            return new ExactRange(BigInteger.ZERO, BigInteger.ZERO, exponent);
        }
        int shift = lsbExponent - exponent;
        return new ExactRange(lo.shiftLeft(shift), hi.shiftLeft(shift), exponent);
    }
}

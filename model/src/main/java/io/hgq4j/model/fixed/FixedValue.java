package io.hgq4j.model.fixed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact fixed-point value: a code of a {@link FixedType}. Immutable.
 *
 * <p>Arithmetic is full precision, as in the vendor headers: {@link #multiply}, {@link #add} and {@link #subtract}
 * return their exact result in the result type of {@link FixedType#productType}, {@link FixedType#sumType} and
 * {@link FixedType#differenceType}; only {@link #castTo} rounds or overflows.
 *
 * <p>{@link #equals} compares type and code; {@link #compareTo} compares exact values across types, so it is not
 * consistent with {@code equals} (as with {@link BigDecimal}). Use {@link #valueEquals} for value equality.
 */
public final class FixedValue implements Comparable<FixedValue> {

    private final FixedType type;
    private final BigInteger raw;

    private FixedValue(FixedType type, BigInteger raw) {
        this.type = type;
        this.raw = raw;
    }

    /**
     * The value with code {@code raw} in {@code type}.
     *
     * @throws IllegalArgumentException if {@code raw} is not a code of {@code type}
     */
    public static FixedValue ofRaw(FixedType type, BigInteger raw) {
        Objects.requireNonNull(type, "type");
        if (!type.holdsRaw(raw)) {
            throw new IllegalArgumentException("code " + raw + " is not representable in " + type
                    + " (codes " + type.minRaw() + ".." + type.maxRaw() + ")");
        }
        return new FixedValue(type, raw);
    }

    /** {@link #ofRaw(FixedType, BigInteger)} for a {@code long} code. */
    public static FixedValue ofRaw(FixedType type, long raw) {
        return ofRaw(type, BigInteger.valueOf(raw));
    }

    /** Zero in {@code type}. */
    public static FixedValue zero(FixedType type) {
        return new FixedValue(type, BigInteger.ZERO);
    }

    /**
     * Converts a double exactly into {@code type} with its quantization and overflow modes, as the vendor's
     * {@code ap_fixed(double)} constructor does.
     *
     * @throws IllegalArgumentException for NaN and infinities
     */
    public static FixedValue fromDouble(double value, FixedType type) {
        return new FixedValue(type, FixedCast.fromDouble(value, type));
    }

    /** The type of this value. */
    public FixedType type() {
        return type;
    }

    /** The integer code; the value is {@code raw · 2^type.lsbExponent()}. */
    public BigInteger raw() {
        return raw;
    }

    /** Converts to {@code target}, rounding and handling overflow with the target's modes. */
    public FixedValue castTo(FixedType target) {
        return new FixedValue(target, FixedCast.convert(raw, type, target));
    }

    /** The exact product, in {@link FixedType#productType}. */
    public FixedValue multiply(FixedValue other) {
        FixedType resultType = FixedType.productType(type, other.type);
        return new FixedValue(resultType, resultType.isZero() ? BigInteger.ZERO : raw.multiply(other.raw));
    }

    /** The exact sum, in {@link FixedType#sumType}. */
    public FixedValue add(FixedValue other) {
        FixedType resultType = FixedType.sumType(type, other.type);
        return new FixedValue(resultType, alignedRaw(resultType).add(other.alignedRaw(resultType)));
    }

    /** The exact difference, in {@link FixedType#differenceType}. */
    public FixedValue subtract(FixedValue other) {
        FixedType resultType = FixedType.differenceType(type, other.type);
        return new FixedValue(resultType, alignedRaw(resultType).subtract(other.alignedRaw(resultType)));
    }

    /** The exact negation, one bit wider than this value's type (the vendor's unary minus). */
    public FixedValue negate() {
        return zero(FixedType.ZERO).subtract(this);
    }

    /** This value's code at the LSB of {@code wider}, whose LSB must not be coarser than this type's. */
    private BigInteger alignedRaw(FixedType wider) {
        if (type.isZero()) {
            return BigInteger.ZERO;
        }
        return raw.shiftLeft(type.lsbExponent() - wider.lsbExponent());
    }

    /**
     * The number of bits from the highest to the lowest non-zero bit of the magnitude, inclusive (0 for zero): the
     * cost of this value as a constant multiplier in HGQ's EBOPs (a constant 001xx1000 counts 4 bits).
     */
    public int significantBits() {
        BigInteger magnitude = raw.abs();
        return magnitude.signum() == 0 ? 0 : magnitude.bitLength() - magnitude.getLowestSetBit();
    }

    /** Whether the value is zero. */
    public boolean isZero() {
        return raw.signum() == 0;
    }

    /** −1, 0 or 1 as the value is negative, zero or positive. */
    public int signum() {
        return raw.signum();
    }

    /** Compares exact values, whatever the two types. */
    @Override
    public int compareTo(FixedValue other) {
        int exponent = Math.min(lsbExponentOrMax(), other.lsbExponentOrMax());
        if (exponent == Integer.MAX_VALUE) {
            return 0;
        }
        return shifted(exponent).compareTo(other.shifted(exponent));
    }

    private int lsbExponentOrMax() {
        return raw.signum() == 0 ? Integer.MAX_VALUE : type.lsbExponent();
    }

    private BigInteger shifted(int exponent) {
        return raw.signum() == 0 ? BigInteger.ZERO : raw.shiftLeft(type.lsbExponent() - exponent);
    }

    /** Whether both values are equal as numbers, whatever their types. */
    public boolean valueEquals(FixedValue other) {
        return compareTo(other) == 0;
    }

    /** The exact value as a decimal. */
    public BigDecimal toBigDecimal() {
        int exponent = type.lsbExponent();
        BigDecimal code = new BigDecimal(raw);
        if (exponent >= 0) {
            return code.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)));
        }
        // 2^-n = 5^n / 10^n exactly.
        return code.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-exponent))).scaleByPowerOfTen(exponent);
    }

    /**
     * The nearest double (ties to even), as the vendor's {@code to_double()}: exact whenever the code has at most
     * 53 significant bits and the value lies in the normal double range.
     */
    public double toDouble() {
        if (raw.signum() == 0) {
            return 0.0;
        }
        // BigInteger.doubleValue rounds to 53 significant bits, ties to even; the scaling by 2^e is then exact
        // unless the result leaves the normal double range.
        return Math.scalb(raw.doubleValue(), type.lsbExponent());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedValue v && type.equals(v.type) && raw.equals(v.raw);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + raw.hashCode();
    }

    /** The exact decimal value and the type, e.g. {@code -1.75 fixed<4,2>}. */
    @Override
    public String toString() {
        return toBigDecimal().stripTrailingZeros().toPlainString() + " " + type;
    }
}

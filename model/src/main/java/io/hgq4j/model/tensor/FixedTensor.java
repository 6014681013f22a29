package io.hgq4j.model.tensor;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor of exact fixed-point values: one code per element, each a valid code of its element's type in a
 * {@link TensorType}. Immutable. Used for the constants of the firmware model (weights, biases, tables) and for the
 * results of the reference evaluator.
 */
public final class FixedTensor {

    private final TensorType type;
    private final BigInteger[] raw;

    private FixedTensor(TensorType type, BigInteger[] raw) {
        this.type = type;
        this.raw = raw;
    }

    /**
     * A tensor with the given codes.
     *
     * @throws IllegalArgumentException if the count does not match the shape or a code does not fit its element type
     *                                  (the message names the element)
     */
    public static FixedTensor of(TensorType type, BigInteger[] raw) {
        Objects.requireNonNull(type, "type");
        if (raw.length != type.size()) {
            throw new IllegalArgumentException(raw.length + " codes for a tensor of shape " + type.shape());
        }
        BigInteger[] copy = raw.clone();
        for (int i = 0; i < copy.length; i++) {
            FixedType t = type.typeAt(i);
            if (copy[i] == null || !t.holdsRaw(copy[i])) {
                throw new IllegalArgumentException("element " + i + ": code " + copy[i] + " is not representable in " + t
                        + " (codes " + t.minRaw() + ".." + t.maxRaw() + ")");
            }
        }
        return new FixedTensor(type, copy);
    }

    /** {@link #of(TensorType, BigInteger[])} with {@code long} codes. */
    public static FixedTensor ofLongs(TensorType type, long... raw) {
        return of(type, Arrays.stream(raw).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new));
    }

    /**
     * Quantizes real values into {@code type}, each element with its own type's quantization and overflow modes.
     *
     * @throws IllegalArgumentException for NaN or infinite values, naming the element
     */
    public static FixedTensor quantize(TensorType type, double[] values) {
        if (values.length != type.size()) {
            throw new IllegalArgumentException(values.length + " values for a tensor of shape " + type.shape()
                    + " (" + type.size() + " elements)");
        }
        BigInteger[] raw = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                raw[i] = FixedValue.fromDouble(values[i], type.typeAt(i)).raw();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("element " + i + ": " + e.getMessage(), e);
            }
        }
        return new FixedTensor(type, raw);
    }

    /** All zeros. */
    public static FixedTensor zeros(TensorType type) {
        BigInteger[] raw = new BigInteger[type.size()];
        Arrays.fill(raw, BigInteger.ZERO);
        return new FixedTensor(type, raw);
    }

    /** The element types. */
    public TensorType type() {
        return type;
    }

    /** The shape. */
    public Shape shape() {
        return type.shape();
    }

    /** The number of elements. */
    public int size() {
        return raw.length;
    }

    /** The code of element {@code i} (row-major). */
    public BigInteger raw(int i) {
        return raw[i];
    }

    /** The codes of all elements (a copy). */
    public BigInteger[] raws() {
        return raw.clone();
    }

    /** Element {@code i} as a value of its type. */
    public FixedValue get(int i) {
        return FixedValue.ofRaw(type.typeAt(i), raw[i]);
    }

    /** The number of non-zero elements. */
    public int countNonZero() {
        int n = 0;
        for (BigInteger r : raw) {
            if (r.signum() != 0) {
                n++;
            }
        }
        return n;
    }

    /** Every value as the nearest double (exact up to 53 significant bits). */
    public double[] toDoubles() {
        double[] values = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = get(i).toDouble();
        }
        return values;
    }

    /** The same codes and element types under another shape of the same size. */
    public FixedTensor reshape(Shape newShape) {
        return new FixedTensor(type.reshape(newShape), raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedTensor t && type.equals(t.type) && Arrays.equals(raw, t.raw);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        int shown = Math.min(raw.length, 8);
        StringBuilder s = new StringBuilder("FixedTensor[").append(type).append(": ");
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(get(i).toBigDecimal().stripTrailingZeros().toPlainString());
        }
        return s.append(raw.length > shown ? ", ...]" : "]").toString();
    }
}

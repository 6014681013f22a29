package io.hgq4j.interop.keras;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;

/**
 * Exact conversion of stored floating-point weights to fixed point. HGQ stores weights that it has already quantized
 * as float32 values, so each one is a binary fraction with few significant bits; it becomes a fixed-point value of
 * the narrowest type that holds it exactly, with no rounding at all: m·2^e with m odd is {@code ufixed<bits(m), bits(m)+e>}
 * when positive and {@code fixed<bits(m)+1, bits(m)+1+e>} (two's complement, so −2^k takes one bit) when negative,
 * and zero is {@link FixedType#ZERO}. For example 0.375 = 3·2^−3 is {@code ufixed<2,-1>} and −0.5 is {@code fixed<1,0>}.
 */
final class ExactFloats {

    private static final long MANTISSA_MASK = (1L << 52) - 1;

    private ExactFloats() {
    }

    /**
     * The exact value of {@code value} in its narrowest type.
     *
     * @throws IllegalArgumentException for NaN, infinities, or a value needing more than 64 bits
     */
    static FixedValue exact(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " has no fixed-point value");
        }
        if (value == 0) {
            return FixedValue.zero(FixedType.ZERO);
        }
        long bits = Double.doubleToRawLongBits(value);
        long mantissa = bits & MANTISSA_MASK;
        int exponent;
        if (Math.getExponent(value) < Double.MIN_EXPONENT) {
            exponent = Double.MIN_EXPONENT - 52;                       // subnormal: no hidden bit
        } else {
            mantissa |= 1L << 52;
            exponent = Math.getExponent(value) - 52;
        }
        int zeros = Long.numberOfTrailingZeros(mantissa);
        mantissa >>= zeros;
        exponent += zeros;
        BigInteger code = BigInteger.valueOf(value < 0 ? -mantissa : mantissa);
        FixedType type = FixedType.containing(code, code, exponent);
        if (type.width() > FixedType.MAX_VALUE_WIDTH) {
            throw new IllegalArgumentException(value + " needs " + type.width() + " bits; stored values may be at most "
                    + FixedType.MAX_VALUE_WIDTH + " bits wide");
        }
        return FixedValue.ofRaw(type, code);
    }

    /**
     * The exact constant tensor of {@code values} (row-major), each element in its narrowest type.
     *
     * @throws KerasProblem naming the layer, the weight and the element that has no exact fixed-point value
     */
    static FixedTensor tensor(KerasLayer layer, String weight, Shape shape, double[] values) {
        FixedType[] types = new FixedType[values.length];
        BigInteger[] codes = new BigInteger[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                FixedValue v = exact(values[i]);
                types[i] = v.type();
                codes[i] = v.raw();
            } catch (IllegalArgumentException e) {
                throw KerasProblem.at(layer, weight + " element " + i + ": " + e.getMessage());
            }
        }
        return FixedTensor.of(TensorType.of(shape, types), codes);
    }
}

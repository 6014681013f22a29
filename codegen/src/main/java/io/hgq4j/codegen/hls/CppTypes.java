package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import java.math.BigInteger;

/**
 * How fixed-point types and constants are spelled in the generated C++. The spelling is the vendor's
 * ({@code ap_fixed<W,I,Q,O>}); the semantics stay in {@code model}: the generated code only ever converts between
 * the types the IR states, so the C++ compiler applies exactly the IR's rounding and overflow.
 */
final class CppTypes {

    /**
     * The widest intermediate the generated C simulation may form: the limit of hgq4j's own ap_fixed header (the
     * vendor's allows 1024 bits, so synthesis is not affected).
     */
    static final int MAX_INTERMEDIATE_WIDTH = 128;

    /** Constants are written as decimal literals, which C++ reads as doubles: exact up to 53 significant bits. */
    static final int MAX_LITERAL_BITS = 53;

    private CppTypes() {
    }

    /** The C++ type of {@code t}; the zero-width type (a value that is always 0) becomes a 1-bit unsigned type. */
    static String spell(FixedType t) {
        return t.isZero() ? "ap_ufixed<1,1>" : t.toVendorString();
    }

    /** {@code t} as a storage type: the zero-width type has one bit, always 0. */
    static FixedType storable(FixedType t) {
        return io.hgq4j.codegen.FlatPorts.storable(t);
    }

    /**
     * A constant written with its own exact type, e.g. {@code ap_fixed<4,1>(-0.375)}.
     *
     * @throws CodegenException if the constant has more significant bits than a double literal carries
     */
    static String constant(FixedValue v, String where) {
        if (v.isZero()) {
            return "0";
        }
        BigInteger raw = v.raw().abs();
        int significant = raw.bitLength() - raw.getLowestSetBit();
        if (significant > MAX_LITERAL_BITS) {
            throw new CodegenException(where + ": constant " + v + " has " + significant + " significant bits; the HLS "
                    + "backend writes constants as decimal literals, exact up to " + MAX_LITERAL_BITS + " bits");
        }
        return spell(v.type()) + "(" + literal(v) + ")";
    }

    /** The exact decimal value of {@code v} (binary fractions have terminating decimal expansions). */
    static String literal(FixedValue v) {
        String s = v.toBigDecimal().stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /**
     * Checks that an intermediate the generated code forms fits the C simulation header.
     *
     * @throws CodegenException naming the layer otherwise
     */
    static void checkIntermediate(FixedType t, String layer, String what) {
        if (t.width() > MAX_INTERMEDIATE_WIDTH) {
            throw new CodegenException("layer '" + layer + "': the " + what + " needs " + t.width() + " bits (" + t
                    + "); hgq4j's C simulation supports intermediates of at most " + MAX_INTERMEDIATE_WIDTH + " bits");
        }
    }
}

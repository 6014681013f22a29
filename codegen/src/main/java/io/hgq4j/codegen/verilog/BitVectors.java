package io.hgq4j.codegen.verilog;

/**
 * Width-explicit Verilog expressions over plain (unsigned) bit vectors that hold two's-complement codes: every
 * extension and shift is written out, so no expression depends on Verilog's signedness or width rules and Verilator's
 * width warnings stay silent.
 */
final class BitVectors {

    private BitVectors() {
    }

    /** {@code v} ({@code width} bits, {@code signed} or not) sign- or zero-extended to {@code to ≥ width} bits. */
    static String extend(String v, int width, boolean signed, int to) {
        if (to < width) {
            throw new IllegalArgumentException("cannot extend " + width + " bits to " + to);
        }
        if (to == width) {
            return v;
        }
        String fill = signed ? "{" + (to - width) + "{" + bit(v, width, width - 1) + "}}" : (to - width) + "'d0";
        return "{" + fill + ", " + v + "}";
    }

    /** {@code v} extended to {@code to − shift} bits, then shifted left by {@code shift} within {@code to} bits. */
    static String shifted(String v, int width, boolean signed, int shift, int to) {
        String e = extend(v, width, signed, to - shift);
        return shift == 0 ? e : "{" + e + ", " + shift + "'d0}";
    }

    /** Bit {@code k} of {@code v}; a 1-bit vector is itself (Verilator warns on selecting from a scalar). */
    static String bit(String v, int width, int k) {
        return width == 1 && !v.startsWith("{") ? v : v.startsWith("{") ? v : v + "[" + k + "]";
    }

    /** Bits hi..lo of a named signal of {@code width} bits (the signal itself when that is all of it). */
    static String slice(String v, int width, int hi, int lo) {
        if (lo == 0 && hi == width - 1) {
            return v;
        }
        return hi == lo ? v + "[" + hi + "]" : v + "[" + hi + ":" + lo + "]";
    }
}

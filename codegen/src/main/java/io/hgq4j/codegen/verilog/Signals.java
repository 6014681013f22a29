package io.hgq4j.codegen.verilog;

import io.hgq4j.model.fixed.FixedType;

/** Declarations of signals holding fixed-point codes: signed types as {@code signed}, so arithmetic sign-extends. */
final class Signals {

    private Signals() {
    }

    /** {@code wire signed [W-1:0]} or {@code wire [W-1:0]} for a code of type {@code t} (W ≥ 1). */
    static String wire(FixedType t) {
        return "wire " + range(t);
    }

    /** {@code reg signed [W-1:0]} or {@code reg [W-1:0]}. */
    static String reg(FixedType t) {
        return "reg " + range(t);
    }

    private static String range(FixedType t) {
        return (t.signed() ? "signed " : "") + "[" + (t.width() - 1) + ":0]";
    }

    /** A Verilog sized literal of {@code width} bits holding the two's-complement code {@code code}. */
    static String literal(int width, java.math.BigInteger code) {
        java.math.BigInteger bits = code.signum() < 0 ? code.add(java.math.BigInteger.ONE.shiftLeft(width)) : code;
        return width + "'h" + bits.toString(16);
    }
}

package io.hgq4j.codegen.verilog;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.tensor.TensorType;

/**
 * How a tensor travels between layer modules: one flat bus with every element's code at its own type's width, element
 * 0 in the lowest bits; zero-width elements take no bits.
 */
final class BusLayout {

    private final TensorType type;
    private final int[] offsets;
    private final int bits;

    BusLayout(TensorType type) {
        this.type = type;
        this.offsets = new int[type.size()];
        int at = 0;
        for (int e = 0; e < type.size(); e++) {
            offsets[e] = at;
            at += type.typeAt(e).width();
        }
        this.bits = at;
    }

    /** The element types. */
    TensorType type() {
        return type;
    }

    /** Total bits (at least 1, so that every bus can be declared). */
    int bits() {
        return Math.max(1, bits);
    }

    /** Elements. */
    int size() {
        return type.size();
    }

    /** The type of element {@code e}. */
    FixedType typeAt(int e) {
        return type.typeAt(e);
    }

    /** The bit slice of element {@code e} on bus {@code bus}, e.g. {@code x[17:12]}; null for a zero-width element. */
    String slice(String bus, int e) {
        int w = type.typeAt(e).width();
        if (w == 0) {
            return null;
        }
        return bus + "[" + (offsets[e] + w - 1) + ":" + offsets[e] + "]";
    }
}

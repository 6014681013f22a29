package io.hgq4j.model.fixed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happens to the bits below a target's least significant bit when a value is converted:
 * the quantization modes of {@code ap_fixed}, with the vendor's semantics.
 *
 * <p>Every mode starts from the floor of the value at the target LSB (two's-complement truncation)
 * and decides whether to add one LSB, looking only at the first dropped bit ("half"), whether any
 * bit below it is set ("sticky"), the sign of the source, and the lowest kept bit.
 */
public enum Quantization {
    /** Truncate: floor, toward minus infinity. The cheapest mode in hardware and the default. */
    TRN,
    /** Truncate toward zero. */
    TRN_ZERO,
    /** Round to nearest, ties toward plus infinity: {@code floor(x + 1/2)}. HGQ's rounding rule. */
    RND,
    /** Round to nearest, ties toward zero. */
    RND_ZERO,
    /** Round to nearest, ties toward minus infinity. */
    RND_MIN_INF,
    /** Round to nearest, ties away from zero. */
    RND_INF,
    /** Round to nearest, ties to even (convergent rounding). */
    RND_CONV;

    /**
     * Whether one LSB is added to the floored value.
     *
     * @param half      the first dropped bit
     * @param sticky    whether any bit below the first dropped bit is set
     * @param negative  whether the source value is negative
     * @param keptOdd   whether the lowest kept bit (of the floored value) is set
     */
    boolean incrementsFloor(boolean half, boolean sticky, boolean negative, boolean keptOdd) {
        return switch (this) {
            case TRN -> false;
            case TRN_ZERO -> negative && (half || sticky);
            case RND -> half;
            case RND_ZERO -> half && (negative || sticky);
            case RND_MIN_INF -> half && sticky;
            case RND_INF -> half && (!negative || sticky);
            case RND_CONV -> half && (keptOdd || sticky);
        };
    }

    /** The vendor's spelling, e.g. {@code AP_RND_CONV}. */
    public String vendorName() {
        return "AP_" + name();
    }

    /**
     * Parses a mode name with or without the vendor's {@code AP_} prefix, in any case.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static Quantization parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("AP_")) {
            name = name.substring(3);
        }
        for (Quantization mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown quantization mode '" + text + "'; expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}

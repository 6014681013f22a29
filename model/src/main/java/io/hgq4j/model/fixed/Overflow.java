package io.hgq4j.model.fixed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What happens when a rounded value does not fit the target's W bits: the overflow modes of
 * {@code ap_fixed} (without the rarely used WRAP_SM and the N saturation-bits variants).
 * Overflow is applied after quantization, so a rounding carry can itself overflow.
 */
public enum Overflow {
    /** Keep the low W bits (two's-complement or unsigned wrap-around). The default. */
    WRAP,
    /** Clamp to the largest or smallest representable value. */
    SAT,
    /** Replace any out-of-range value by zero. */
    SAT_ZERO,
    /**
     * Clamp symmetrically: a signed target of two or more bits clamps to [−max, max] and so never produces its most
     * negative code; a 1-bit signed target and an unsigned one clamp like {@link #SAT}.
     */
    SAT_SYM;

    /** The vendor's spelling, e.g. {@code AP_SAT_SYM}. */
    public String vendorName() {
        return "AP_" + name();
    }

    /**
     * Parses a mode name with or without the vendor's {@code AP_} prefix, in any case.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static Overflow parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("AP_")) {
            name = name.substring(3);
        }
        for (Overflow mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown overflow mode '" + text + "'; expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}

package io.hgq4j.model.ir;

import java.util.Locale;

/** How a sliding window treats the borders, as in Keras. */
public enum Padding {
    /** No padding: only windows that lie entirely inside the input; out = floor((in − k) / stride) + 1. */
    VALID,
    /**
     * Pad so that out = ceil(in / stride); the padding is split with the smaller half before. Padded positions take
     * no part in a window: they add nothing to a convolution and are skipped by pooling.
     */
    SAME;

    /** The lower-case Keras spelling. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the Keras spelling ({@code valid}, {@code same}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Padding parse(String text) {
        for (Padding p : values()) {
            if (p.keyword().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown padding '" + text + "'; expected valid or same");
    }
}

package io.hgq4j.report;

import java.util.Objects;

/**
 * One rendered chart: a PNG with its size, a title and a caption saying what it shows.
 *
 * @param title   a short title (the image's alternative text)
 * @param caption what the chart shows, one or two sentences
 * @param png     the PNG bytes
 * @param width   the image width, pixels
 * @param height  the image height, pixels
 */
public record Figure(String title, String caption, byte[] png, int width, int height) {

    /** Checks the fields. */
    public Figure {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(png, "png");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("figure size must be positive, got " + width + "x" + height);
        }
    }
}

package io.hgq4j.interop.keras;

/**
 * A problem found inside a Keras file, described without the file name; {@link KerasHgqImporter} adds the file and
 * turns it into an {@link ImportException}.
 */
final class KerasProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KerasProblem(String message) {
        super(message);
    }

    KerasProblem(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one layer: {@code layer 'name' (ClassName): message}. */
    static KerasProblem at(KerasLayer layer, String message) {
        return new KerasProblem(layer.describe() + ": " + message);
    }

    /** A problem with one layer, found while handling {@code cause}. */
    static KerasProblem at(KerasLayer layer, String message, Throwable cause) {
        return new KerasProblem(layer.describe() + ": " + message, cause);
    }
}

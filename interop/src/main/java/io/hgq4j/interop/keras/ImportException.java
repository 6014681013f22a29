package io.hgq4j.interop.keras;

/**
 * A file cannot be imported: it is not an HDF5 file, not a Keras model, or holds a layer, attribute or value the
 * importer does not support. The message is one line naming the file, the layer where there is one, and the problem.
 */
public class ImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An import failure described by {@code message}. */
    public ImportException(String message) {
        super(oneLine(message));
    }

    /** An import failure described by {@code message}, found while handling {@code cause}. */
    public ImportException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * Damaged files put arbitrary bytes into messages (control characters, and U+FFFD where they were not valid
     * text); a message stays one printable line of bounded length.
     */
    static String oneLine(String message) {
        String text = message == null ? "" : message;
        String printable = text.replaceAll("[\\p{Cntrl}\\x7f-\\x9f\\ufffd]", " ").replaceAll("\\s{2,}", " ").strip();
        return printable.length() <= 600 ? printable : printable.substring(0, 600) + "...";
    }
}

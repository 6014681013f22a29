package io.hgq4j.model.data;

/**
 * The content of an array file (NPY, IDX, CSV) or of a .npy byte array is not what its format requires. The message
 * is one printable line naming the file (when there is one), the place — line and field, element, header field — and
 * what was expected against what was found, e.g. {@code images.idx: header says 10000 samples of 28x28 ubytes
 * (7840000 data bytes) but the file has 5000000}.
 *
 * <p>Problems opening or reading a file (missing, unreadable) are {@link java.io.IOException}s instead; bad content
 * is always this exception.
 */
public class ArrayFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 600;

    /** Bad content described by {@code message}. */
    public ArrayFormatException(String message) {
        super(oneLine(message));
    }

    /** Bad content described by {@code message}, found while handling {@code cause}. */
    public ArrayFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Damaged files put arbitrary bytes into messages; a message stays one printable line of bounded length. */
    static String oneLine(String message) {
        String printable = message.replaceAll("[\\p{Cntrl}\\x7f-\\x9f]", "?").replaceAll("\\s{2,}", " ");
        return printable.length() <= MAX_MESSAGE ? printable : printable.substring(0, MAX_MESSAGE) + "...";
    }

    /** A short, printable rendering of text found in a file, for messages. */
    static String quote(String found) {
        return quote(found, 40);
    }

    /** {@link #quote(String)} showing at most {@code max} characters. */
    static String quote(String found, int max) {
        String shown = found.length() > max ? found.substring(0, max) + "..." : found;
        return "'" + shown.replaceAll("[\\p{Cntrl}\\x7f-\\x9f]", "?") + "'";
    }
}

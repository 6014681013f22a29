package io.hgq4j.quantizer.data;

/**
 * A training data set cannot be loaded: a file or download is missing, unreadable or not what its format requires, or
 * an OpenML data set can be neither downloaded nor found in the cache. The message is one printable line naming the
 * file or URL, the place (line, attribute, row, array) and what was expected, e.g. {@code jets.arff: line 23,
 * attribute 'class': 'x' is not one of {g,q,t,w,z}}.
 *
 * <p>Every loader in this package reports every failure, I/O included, as this exception (the cause keeps the
 * original exception, such as the model's {@link io.hgq4j.model.data.ArrayFormatException} or an
 * {@link java.io.IOException}).
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 800;

    /** A failure described by {@code message}. */
    public DataException(String message) {
        super(oneLine(message));
    }

    /** A failure described by {@code message}, found while handling {@code cause}. */
    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Damaged files put arbitrary bytes into messages; a message stays one printable line of bounded length. */
    static String oneLine(String message) {
        String printable = String.valueOf(message).replaceAll("[\\p{Cntrl}\\x7f-\\x9f]", "?").replaceAll("\\s{2,}", " ");
        return printable.length() <= MAX_MESSAGE ? printable : printable.substring(0, MAX_MESSAGE) + "...";
    }

    /** A short, printable rendering of text found in a file, for messages: {@code 'abc'}. */
    static String quote(String found) {
        String shown = found.length() > 40 ? found.substring(0, 40) + "..." : found;
        return "'" + shown.replaceAll("[\\p{Cntrl}\\x7f-\\x9f]", "?") + "'";
    }

    /** The message of an exception, or its simple class name when it has none (e.g. a {@code ConnectException}). */
    static String reason(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}

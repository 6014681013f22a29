package io.hgq4j.model.ir;

/**
 * A firmware model, or a file meant to hold one, breaks a rule of the IR. The message names the layer, tensor or
 * file entry and says what was expected, in one line.
 */
public class InvalidModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An invalid model described by {@code message}. */
    public InvalidModelException(String message) {
        super(message);
    }

    /** An invalid model described by {@code message}, found while handling {@code cause}. */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

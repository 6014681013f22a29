package io.hgq4j.interop.keras;

/**
 * A firmware model cannot be exported as an HGQ proxy Keras model: it holds a layer kind, a type or a constant the
 * format cannot express. The message is one line naming the model, the layer and the problem.
 */
public class ExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An export failure described by {@code message}. */
    public ExportException(String message) {
        super(ImportException.oneLine(message));
    }

    /** An export failure described by {@code message}, found while handling {@code cause}. */
    public ExportException(String message, Throwable cause) {
        super(ImportException.oneLine(message), cause);
    }
}

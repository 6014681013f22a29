package io.hgq4j.interop.qkeras;

import io.hgq4j.interop.keras.ImportException;

/**
 * A QKeras (or plain Keras 2) model cannot be imported: a damaged or missing file, a layer or quantizer option the
 * importer does not support, or a layer without a quantizer and without a user precision. The message is one line
 * naming the file, the layer where there is one, and the problem. It is an {@link ImportException}, so callers that
 * already report HGQ import failures as user errors report these the same way.
 */
public final class QKerasImportException extends ImportException {

    private static final long serialVersionUID = 1L;

    /** An import failure described by {@code message}. */
    public QKerasImportException(String message) {
        super(message);
    }

    /** An import failure described by {@code message}, found while handling {@code cause}. */
    public QKerasImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

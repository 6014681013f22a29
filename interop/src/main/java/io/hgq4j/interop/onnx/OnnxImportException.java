package io.hgq4j.interop.onnx;

import io.hgq4j.interop.keras.ImportException;

/**
 * An ONNX file cannot be imported: it is not a readable ONNX model, or it holds a node, attribute or value that
 * cannot be represented exactly in the firmware model. The message is one printable line naming the file, the node
 * (name and op) where there is one, and the reason. It is an {@link ImportException}, so callers that report HGQ
 * and QKeras import failures as user errors report these the same way.
 */
public class OnnxImportException extends ImportException {

    private static final long serialVersionUID = 1L;

    /** An import failure described by {@code message}. */
    public OnnxImportException(String message) {
        super(message);
    }

    /** An import failure described by {@code message}, found while handling {@code cause}. */
    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.hgq4j.interop.onnx;

/**
 * An ONNX file cannot be imported: it is not a readable ONNX model, or it holds a node, attribute or value that
 * cannot be represented exactly in the firmware model. The message is one printable line naming the file, the node
 * (name and op) where there is one, and the reason.
 */
public class OnnxImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An import failure described by {@code message}. */
    public OnnxImportException(String message) {
        super(oneLine(message));
    }

    /** An import failure described by {@code message}, found while handling {@code cause}. */
    public OnnxImportException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Damaged files put arbitrary bytes into names; a message stays one printable line of bounded length. */
    static String oneLine(String message) {
        String text = message == null ? "" : message;
        String printable = text.replaceAll("[\\p{Cntrl}\\x7f-\\x9f\\ufffd]", " ").replaceAll("\\s{2,}", " ").strip();
        return printable.length() <= 600 ? printable : printable.substring(0, 600) + "...";
    }
}

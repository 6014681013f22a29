package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException;

/**
 * Why a {@link BinaryClient} request failed: the server answered with an error status (see {@link #status()}), or
 * the connection failed or closed before the answer came ({@link #connectionFailure()}).
 */
public final class BinaryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status code of a failure that is the connection's, not the server's answer. */
    public static final int CONNECTION = -1;

    private final int statusCode;

    /** A failure with the given binary status byte ({@link #CONNECTION} for connection failures). */
    public BinaryException(int statusCode, String message) {
        super(message, null, false, false); // expected under overload: no stack trace
        this.statusCode = statusCode;
    }

    /** A connection failure with its cause. */
    public BinaryException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.statusCode = CONNECTION;
    }

    /** The status byte the server answered with, or {@link #CONNECTION}. */
    public int statusCode() {
        return statusCode;
    }

    /** The server's status, or {@code null} for connection failures and status bytes this version does not know. */
    public InferenceException.Status status() {
        return statusCode == CONNECTION ? null : BinaryProtocol.status(statusCode);
    }

    /** Whether the connection failed or closed before an answer came. */
    public boolean connectionFailure() {
        return statusCode == CONNECTION;
    }

    @Override
    public String toString() {
        InferenceException.Status status = status();
        String kind = connectionFailure() ? "connection" : status != null ? status.name() : "status " + statusCode;
        return "BinaryException[" + kind + "]: " + getMessage();
    }
}

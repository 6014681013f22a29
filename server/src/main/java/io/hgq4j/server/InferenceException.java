package io.hgq4j.server;

/** Why a request got no result; {@link #status()} maps onto HTTP codes and binary-protocol status bytes. */
public final class InferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, with the HTTP status the Open Inference Protocol (and Triton) use for it. */
    public enum Status {
        /** Malformed request, wrong shape or datatype: 400. */
        BAD_REQUEST(400, 1),
        /** No such model: 404. */
        NOT_FOUND(404, 2),
        /** Request larger than the limit: 413. */
        TOO_LARGE(413, 3),
        /** Queue full, deadline passed, model not ready or server shutting down: 503. */
        UNAVAILABLE(503, 4),
        /** The device failed the batch: 500. */
        DEVICE_ERROR(500, 5);

        private final int http;
        private final int code;

        Status(int http, int code) {
            this.http = http;
            this.code = code;
        }

        /** The HTTP status code. */
        public int http() {
            return http;
        }

        /** The status byte of the binary protocol (0 is success). */
        public int code() {
            return code;
        }

        /** The label used in metrics. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Status status;

    /** A failure of the given kind, with the message the client sees. */
    public InferenceException(Status status, String message) {
        super(message, null, false, false); // expected on the hot path under overload: no stack trace
        this.status = status;
    }

    /** The kind of failure. */
    public Status status() {
        return status;
    }
}

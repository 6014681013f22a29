package io.hgq4j.codegen.synth;

/**
 * Yosys could not produce resource counts: it is not installed, it failed, it ran out of time, or what it wrote
 * could not be read. The message says which and what to do, on one line (or with the tail of yosys's log).
 */
public final class SynthesisException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The yosys executable could not be started. */
        NOT_INSTALLED,
        /** Yosys exited with an error. */
        FAILED,
        /** Yosys did not finish within the timeout and was stopped. */
        TIMEOUT,
        /** The statistics yosys wrote are missing, not JSON, or not shaped as expected. */
        BAD_OUTPUT
    }

    private final Kind kind;

    /** An error of {@code kind} with its message. */
    public SynthesisException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** An error of {@code kind} with its message and cause. */
    public SynthesisException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}

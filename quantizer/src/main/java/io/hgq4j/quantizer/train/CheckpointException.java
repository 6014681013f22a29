package io.hgq4j.quantizer.train;

/** A checkpoint file that cannot be read: the message names the file and what is wrong, on one line. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message. */
    public CheckpointException(String message) {
        super(message);
    }
}

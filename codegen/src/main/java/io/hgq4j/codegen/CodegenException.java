package io.hgq4j.codegen;

/**
 * A model or an option that a backend cannot turn into hardware, with a message that says which layer or option and
 * why (a user error, reported on one line).
 */
public final class CodegenException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An error with its one-line message. */
    public CodegenException(String message) {
        super(message);
    }
}

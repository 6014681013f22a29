package io.hgq4j.boards;

/**
 * A board file that cannot be used. The one-line message names the file, the field and what was expected
 * ({@code myboard.yaml: boards[0].resources.lut: expected a non-negative integer, got "many"}), so it can be shown to
 * the user as it is.
 */
public final class BoardFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message that already names the file. */
    public BoardFileException(String message) {
        super(message);
    }
}

package io.hgq4j.report;

/**
 * A report's input is unusable: a run folder without {@code metrics.csv}, a CSV with a missing column or a value that
 * is not a number, an unknown checkpoint. The message names the file and the field.
 */
public final class ReportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An error with its one-line message. */
    public ReportException(String message) {
        super(message);
    }
}

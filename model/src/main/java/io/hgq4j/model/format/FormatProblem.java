package io.hgq4j.model.format;

/** A problem found in one part of a .hgq file; the reader adds where it was found and reports it as invalid. */
final class FormatProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FormatProblem(String message) {
        super(message);
    }
}

package io.hgq4j.codegen.hls;

/** Builds C++ text line by line with indentation. */
final class CppBuilder {

    private final StringBuilder text = new StringBuilder();
    private int depth;

    /** Appends one line at the current indentation (an empty line stays empty). */
    CppBuilder line(String line) {
        if (!line.isEmpty()) {
            text.append("    ".repeat(depth));
        }
        text.append(line).append('\n');
        return this;
    }

    /** Appends a line and indents what follows ({@code for (...) {}). */
    CppBuilder open(String line) {
        line(line);
        depth++;
        return this;
    }

    /** Closes a block opened with {@link #open}. */
    CppBuilder close() {
        depth--;
        return line("}");
    }

    /** A pragma, which the vendor tools expect at column 0 after '#'. */
    CppBuilder pragma(String body) {
        text.append("#pragma HLS ").append(body).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

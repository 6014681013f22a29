package io.hgq4j.codegen.verilog;

/** Builds Verilog text line by line with indentation. */
final class VerilogBuilder {

    private final StringBuilder text = new StringBuilder();
    private int depth;

    VerilogBuilder line(String line) {
        if (!line.isEmpty()) {
            text.append("    ".repeat(depth));
        }
        text.append(line).append('\n');
        return this;
    }

    /** A line that opens a block ({@code begin}, {@code module ...(}). */
    VerilogBuilder open(String line) {
        line(line);
        depth++;
        return this;
    }

    /** Closes a block with {@code closing} ({@code end}, {@code );}, {@code endmodule} at the outermost level). */
    VerilogBuilder close(String closing) {
        depth = Math.max(0, depth - 1);
        return line(closing);
    }

    /** Appends text as it is (already indented). */
    VerilogBuilder raw(String block) {
        text.append(block);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

package io.hgq4j.emulator.program;

/** A table activation for the live elements: output = table[input code's low W bits]. */
final class TableOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int[] elements;
    private final long[] table;
    private final long mask;

    TableOp(int inputOffset, int outputOffset, int[] elements, long[] table) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.elements = elements;
        this.table = table;
        this.mask = table.length - 1L;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i : elements) {
            ws[outputOffset + i] = table[(int) (ws[inputOffset + i] & mask)];
        }
    }
}

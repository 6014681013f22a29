package io.hgq4j.emulator.program;

/** A table activation: output = table[input code's low W bits]. */
final class TableOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int size;
    private final long[] table;
    private final long mask;

    TableOp(int inputOffset, int outputOffset, int size, long[] table) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.size = size;
        this.table = table;
        this.mask = table.length - 1L;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i = 0; i < size; i++) {
            ws[outputOffset + i] = table[(int) (ws[inputOffset + i] & mask)];
        }
    }
}

package io.hgq4j.emulator.program;

/** max(x, 0); the output type keeps the input's LSB, so codes pass through unchanged. */
final class ReluOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int size;

    ReluOp(int inputOffset, int outputOffset, int size) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.size = size;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i = 0; i < size; i++) {
            ws[outputOffset + i] = Math.max(ws[inputOffset + i], 0);
        }
    }
}

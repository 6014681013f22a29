package io.hgq4j.emulator.program;

/** max(x, 0) for the live elements; the output type keeps the input's LSB, so codes pass through unchanged. */
final class ReluOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int[] elements;

    ReluOp(int inputOffset, int outputOffset, int[] elements) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.elements = elements;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i : elements) {
            ws[outputOffset + i] = Math.max(ws[inputOffset + i], 0);
        }
    }
}

package io.hgq4j.emulator.program;

/** Copies elements from anywhere in the workspace into a tensor (Concatenate). */
final class GatherOp implements Op {

    private final int outputOffset;
    private final int[] sourceSlots;

    GatherOp(int outputOffset, int[] sourceSlots) {
        this.outputOffset = outputOffset;
        this.sourceSlots = sourceSlots;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i = 0; i < sourceSlots.length; i++) {
            ws[outputOffset + i] = ws[sourceSlots[i]];
        }
    }
}

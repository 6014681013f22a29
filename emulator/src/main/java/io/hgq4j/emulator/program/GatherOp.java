package io.hgq4j.emulator.program;

/** Copies elements from anywhere in the workspace (Concatenate). */
final class GatherOp implements Op {

    private final int[] targetSlots;
    private final int[] sourceSlots;

    GatherOp(int[] targetSlots, int[] sourceSlots) {
        this.targetSlots = targetSlots;
        this.sourceSlots = sourceSlots;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i = 0; i < targetSlots.length; i++) {
            ws[targetSlots[i]] = ws[sourceSlots[i]];
        }
    }
}

package io.hgq4j.emulator.program;

/** Max pooling: each live output is the largest of its window's inputs, each shifted onto the output's LSB. */
final class MaxOp implements Op {

    private final int[] outputSlots;
    private final int[] windowStart;
    private final int[] inputSlots;
    private final int[] shifts;

    /** Output k's window holds entries [windowStart[k], windowStart[k+1]) of inputSlots/shifts. */
    MaxOp(int[] outputSlots, int[] windowStart, int[] inputSlots, int[] shifts) {
        this.outputSlots = outputSlots;
        this.windowStart = windowStart;
        this.inputSlots = inputSlots;
        this.shifts = shifts;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int k = 0; k < outputSlots.length; k++) {
            long max = Long.MIN_VALUE;
            for (int e = windowStart[k]; e < windowStart[k + 1]; e++) {
                max = Math.max(max, ws[inputSlots[e]] << shifts[e]);
            }
            ws[outputSlots[k]] = max;
        }
    }
}

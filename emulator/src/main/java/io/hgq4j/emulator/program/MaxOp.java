package io.hgq4j.emulator.program;

/** Max pooling: each output is the largest of its window's inputs, each shifted onto the output's LSB. */
final class MaxOp implements Op {

    private final int outputOffset;
    private final int[] windowStart;
    private final int[] inputSlots;
    private final int[] shifts;

    /** Output j's window holds entries [windowStart[j], windowStart[j+1]) of inputSlots/shifts. */
    MaxOp(int outputOffset, int[] windowStart, int[] inputSlots, int[] shifts) {
        this.outputOffset = outputOffset;
        this.windowStart = windowStart;
        this.inputSlots = inputSlots;
        this.shifts = shifts;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int j = 0; j + 1 < windowStart.length; j++) {
            long max = Long.MIN_VALUE;
            for (int e = windowStart[j]; e < windowStart[j + 1]; e++) {
                max = Math.max(max, ws[inputSlots[e]] << shifts[e]);
            }
            ws[outputOffset + j] = max;
        }
    }
}

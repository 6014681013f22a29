package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;

/** Converts every element to its target type (a Quantize layer), counting conversions where overflow acted. */
final class CastOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final LongCast[] casts;
    private final int[] sourceLsbExponents;
    private final int counterSlot;

    CastOp(int inputOffset, int outputOffset, LongCast[] casts, int[] sourceLsbExponents, int counterSlot) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.casts = casts;
        this.sourceLsbExponents = sourceLsbExponents;
        this.counterSlot = counterSlot;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int i = 0; i < casts.length; i++) {
            ws[outputOffset + i] = casts[i].convert(ws[inputOffset + i], sourceLsbExponents[i], overflowCounts, counterSlot);
        }
    }
}

package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;

/**
 * Converts the live elements to their target types (a Quantize layer), counting conversions where the overflow mode
 * acted.
 */
final class CastOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int[] elements;
    private final LongCast[] casts;
    private final int[] sourceLsbExponents;
    private final int counterSlot;

    /** Element {@code elements[k]} is converted with {@code casts[k]} from LSB {@code sourceLsbExponents[k]}. */
    CastOp(int inputOffset, int outputOffset, int[] elements, LongCast[] casts, int[] sourceLsbExponents, int counterSlot) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.elements = elements;
        this.casts = casts;
        this.sourceLsbExponents = sourceLsbExponents;
        this.counterSlot = counterSlot;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int k = 0; k < elements.length; k++) {
            int i = elements[k];
            ws[outputOffset + i] = casts[k].convert(ws[inputOffset + i], sourceLsbExponents[k], overflowCounts, counterSlot);
        }
    }
}

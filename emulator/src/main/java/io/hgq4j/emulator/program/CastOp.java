package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;

/**
 * Converts the live elements to their target types (a Quantize layer), counting conversions where the overflow mode
 * acted. Elements are grouped by target type and source LSB, so that each group runs one tight batched loop.
 */
final class CastOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final LongCast[] casts;
    private final int[] sourceLsbExponents;
    private final int[][] elements;
    private final int counterSlot;

    /** Group g converts {@code elements[g]} with {@code casts[g]} from LSB {@code sourceLsbExponents[g]}. */
    CastOp(int inputOffset, int outputOffset, LongCast[] casts, int[] sourceLsbExponents, int[][] elements, int counterSlot) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.casts = casts;
        this.sourceLsbExponents = sourceLsbExponents;
        this.elements = elements;
        this.counterSlot = counterSlot;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int g = 0; g < casts.length; g++) {
            casts[g].convertAll(ws, inputOffset, outputOffset, elements[g], sourceLsbExponents[g], overflowCounts, counterSlot);
        }
    }
}

package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;

/**
 * Converts the live elements to their target types (a Quantize layer), counting conversions where the overflow mode
 * acted. Large groups of elements sharing a target type and a source LSB (a homogeneous quantizer) run as batched
 * loops; the scattered rest (per-element HGQ types) element by element.
 */
final class CastOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final LongCast[] groupCasts;
    private final int[] groupSourceLsbExponents;
    private final int[][] groupElements;
    private final int[] elements;
    private final LongCast[] casts;
    private final int[] sourceLsbExponents;
    private final int counterSlot;

    /**
     * Group g converts {@code groupElements[g]} with {@code groupCasts[g]} from LSB {@code groupSourceLsbExponents[g]};
     * then element {@code elements[k]} is converted with {@code casts[k]} from LSB {@code sourceLsbExponents[k]}.
     */
    CastOp(int inputOffset, int outputOffset, LongCast[] groupCasts, int[] groupSourceLsbExponents, int[][] groupElements,
           int[] elements, LongCast[] casts, int[] sourceLsbExponents, int counterSlot) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.groupCasts = groupCasts;
        this.groupSourceLsbExponents = groupSourceLsbExponents;
        this.groupElements = groupElements;
        this.elements = elements;
        this.casts = casts;
        this.sourceLsbExponents = sourceLsbExponents;
        this.counterSlot = counterSlot;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int g = 0; g < groupCasts.length; g++) {
            groupCasts[g].convertAll(ws, inputOffset, outputOffset, groupElements[g], groupSourceLsbExponents[g],
                    overflowCounts, counterSlot);
        }
        for (int k = 0; k < elements.length; k++) {
            int i = elements[k];
            ws[outputOffset + i] = casts[k].convert(ws[inputOffset + i], sourceLsbExponents[k], overflowCounts, counterSlot);
        }
    }
}

package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;

/**
 * A softmax over rows of n consecutive elements ({@link io.hgq4j.model.ir.Softmax}), row by row: the row maximum, the
 * exp-table index of each difference, the exact sum, the inverse-table index of the sum, and each product converted
 * to the output type. The e_i wait in the row's output slots until the products overwrite them, so the op needs no
 * scratch space and allocates nothing. Its conversions are part of the layer's definition (large differences saturate
 * by design), so they are not counted as overflow.
 */
final class SoftmaxOp implements Op {

    private final int inputOffset;
    private final int outputOffset;
    private final int[] rowStarts;
    private final int n;
    private final int inputLsbExponent;
    private final LongCast expIndex;
    private final long[] expTable;
    private final int expLsbExponent;
    private final LongCast invIndex;
    private final long[] invTable;
    private final int productLsbExponent;
    private final LongCast output;

    /**
     * @param rowStarts        the first element of every row with a live output, relative to the tensors' offsets
     * @param inputLsbExponent the LSB exponent of the input type, which is also that of the differences
     * @param expLsbExponent   the LSB exponent of the exp entries, which is also that of their sum
     * @param productLsbExponent the LSB exponent of e_i·v
     */
    SoftmaxOp(int inputOffset, int outputOffset, int[] rowStarts, int n, int inputLsbExponent, LongCast expIndex,
              long[] expTable, int expLsbExponent, LongCast invIndex, long[] invTable, int productLsbExponent,
              LongCast output) {
        this.inputOffset = inputOffset;
        this.outputOffset = outputOffset;
        this.rowStarts = rowStarts;
        this.n = n;
        this.inputLsbExponent = inputLsbExponent;
        this.expIndex = expIndex;
        this.expTable = expTable;
        this.expLsbExponent = expLsbExponent;
        this.invIndex = invIndex;
        this.invTable = invTable;
        this.productLsbExponent = productLsbExponent;
        this.output = output;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int start : rowStarts) {
            int in = inputOffset + start;
            int out = outputOffset + start;
            long max = ws[in];
            for (int i = 1; i < n; i++) {
                max = Math.max(max, ws[in + i]);
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                // Both codes have at most 62 bits, so the difference fits, and the index has at most 16 bits.
                long e = expTable[(int) expIndex.convert(max - ws[in + i], inputLsbExponent)];
                ws[out + i] = e;
                sum += e;
            }
            long v = invTable[(int) invIndex.convert(sum, expLsbExponent)];
            for (int i = 0; i < n; i++) {
                ws[out + i] = output.convert(ws[out + i] * v, productLsbExponent);
            }
        }
    }
}

package io.hgq4j.emulator.program;

/**
 * out = bias + Σ in·weight over a sparse matrix, in scatter form: for every input element that is not zero, its
 * column of pre-shifted weights is added to the outputs it feeds. Dense and Conv layers (and Add and average
 * pooling, whose weights are powers of two) compile to this op. Every weight was shifted at compile time so that
 * products land on the LSB of their output's exact type; zero weights and zero-width inputs were dropped, and zero
 * activations are skipped here.
 */
final class SparseLinearOp implements Op {

    private final int[] inputSlots;
    private final int[] columnStart;
    private final int[] outputSlots;
    private final long[] weights;
    private final int[] biasSlots;
    private final long[] bias;

    /**
     * @param inputSlots   workspace slots of the inputs that have any weight
     * @param columnStart  for input k, its entries are [columnStart[k], columnStart[k+1])
     * @param outputSlots  per entry, the workspace slot of the output
     * @param weights      per entry, the weight already shifted to the output's LSB
     * @param biasSlots    the workspace slots of the live outputs
     * @param bias         per live output, the bias at the output's LSB (where the sum starts)
     */
    SparseLinearOp(int[] inputSlots, int[] columnStart, int[] outputSlots, long[] weights, int[] biasSlots, long[] bias) {
        this.inputSlots = inputSlots;
        this.columnStart = columnStart;
        this.outputSlots = outputSlots;
        this.weights = weights;
        this.biasSlots = biasSlots;
        this.bias = bias;
    }

    @Override
    public void run(long[] ws, long[] overflowCounts) {
        for (int k = 0; k < biasSlots.length; k++) {
            ws[biasSlots[k]] = bias[k];
        }
        for (int k = 0; k < inputSlots.length; k++) {
            long x = ws[inputSlots[k]];
            if (x == 0) {
                continue;
            }
            for (int e = columnStart[k], end = columnStart[k + 1]; e < end; e++) {
                ws[outputSlots[e]] += x * weights[e];
            }
        }
    }
}

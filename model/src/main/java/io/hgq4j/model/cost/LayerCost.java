package io.hgq4j.model.cost;

/**
 * What one layer costs and holds.
 *
 * @param layer          the layer name
 * @param op             the layer operation ({@code dense}, {@code conv2d}, ...)
 * @param ebops          effective bit operations: Σ over the multiplications built in hardware of input bits ×
 *                       constant bits, or of the two operands' widths for a softmax's e·v (0 for layers without
 *                       multiplications)
 * @param weights        the number of weights (kernel elements; 0 for layers without a kernel)
 * @param nonZeroWeights the number of non-zero weights
 * @param weightBits     Σ over the weights of their significant bits (highest to lowest non-zero bit)
 * @param outputElements the number of output elements
 * @param outputBits     Σ over the output elements of their widths
 * @param minOutputWidth the narrowest output element
 * @param maxOutputWidth the widest output element
 */
public record LayerCost(String layer, String op, long ebops, int weights, int nonZeroWeights, long weightBits,
                        int outputElements, long outputBits, int minOutputWidth, int maxOutputWidth) {
}

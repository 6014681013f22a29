package io.hgq4j.codegen.report;

/**
 * Predicted cost of one layer.
 *
 * @param layer   the layer name
 * @param op      the layer operation
 * @param ebops   exact EBOPs
 * @param lut     look-up tables
 * @param ff      flip-flops
 * @param dsp     DSP slices
 * @param latency latency in cycles (the emulator's timing model)
 * @param ii      initiation interval in cycles
 */
public record LayerEstimate(String layer, String op, long ebops, long lut, long ff, long dsp, int latency, int ii) {
}

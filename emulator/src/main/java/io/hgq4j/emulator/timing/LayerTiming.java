package io.hgq4j.emulator.timing;

/**
 * The estimated timing of one layer.
 *
 * @param layer              the layer name
 * @param op                 the layer operation
 * @param latencyCycles      cycles from its inputs to its output
 * @param initiationInterval cycles between two samples (1: fully pipelined)
 */
public record LayerTiming(String layer, String op, int latencyCycles, int initiationInterval) {
}

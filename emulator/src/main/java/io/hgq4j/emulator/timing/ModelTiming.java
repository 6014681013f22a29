package io.hgq4j.emulator.timing;

import java.util.List;

/**
 * The estimated timing of a model's core (without the stream interface).
 *
 * @param clock              the clock assumed
 * @param layers             every layer's own latency, in model order
 * @param latencyCycles      the longest path through the model, cycles
 * @param initiationInterval cycles between two samples
 */
public record ModelTiming(Clock clock, List<LayerTiming> layers, int latencyCycles, int initiationInterval) {

    /** Copies the list. */
    public ModelTiming {
        layers = List.copyOf(layers);
    }

    /** The latency in ns. */
    public double latencyNs() {
        return latencyCycles * clock.periodNs();
    }

    /** The layer called {@code name}. */
    public LayerTiming layer(String name) {
        return layers.stream().filter(l -> l.layer().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
    }
}

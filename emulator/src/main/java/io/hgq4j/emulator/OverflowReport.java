package io.hgq4j.emulator;

import io.hgq4j.emulator.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * How often the overflow mode of each input and quantizer layer acted during a batch (a WRAP that wrapped, a SAT
 * that clamped, ...). Frequent overflow usually means calibration ranges too narrow for the data.
 *
 * @param layers one entry per input or quantizer layer, in model order
 */
public record OverflowReport(List<LayerOverflow> layers) {

    /**
     * Overflow events of one layer.
     *
     * @param layer       the layer name
     * @param events      conversions where the overflow mode acted
     * @param conversions conversions in all (samples × live elements; elements that reach no output are not computed)
     */
    public record LayerOverflow(String layer, long events, long conversions) {

        /** events / conversions. */
        public double rate() {
            return conversions == 0 ? 0 : (double) events / conversions;
        }
    }

    /** Copies the list. */
    public OverflowReport {
        layers = List.copyOf(layers);
    }

    static OverflowReport of(Program program, int samples, long[][] countsPerWorker) {
        List<LayerOverflow> layers = new ArrayList<>();
        List<String> names = program.countedLayers();
        for (int slot = 0; slot < names.size(); slot++) {
            long events = 0;
            for (long[] counts : countsPerWorker) {
                events += counts[slot];
            }
            long elements = program.countedElements().get(slot);
            layers.add(new LayerOverflow(names.get(slot), events, elements * samples));
        }
        return new OverflowReport(layers);
    }

    /** Σ events over the layers. */
    public long totalEvents() {
        return layers.stream().mapToLong(LayerOverflow::events).sum();
    }
}

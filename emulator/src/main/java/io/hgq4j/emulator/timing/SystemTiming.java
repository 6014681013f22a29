package io.hgq4j.emulator.timing;

/**
 * The estimated timing of the accelerator behind its stream interface.
 *
 * @param core           the model's own timing
 * @param stream         the stream assumed
 * @param inputWords     stream words per sample in
 * @param outputWords    stream words per sample out
 * @param latencyCycles  first input word to last output word, cycles
 * @param intervalCycles cycles between the starts of two samples
 */
public record SystemTiming(ModelTiming core, StreamInterface stream, int inputWords, int outputWords, int latencyCycles,
                           int intervalCycles) {

    /** The latency in ns. */
    public double latencyNs() {
        return latencyCycles * stream.clock().periodNs();
    }

    /** Samples per second when the stream is kept full. */
    public double samplesPerSecond() {
        return 1e9 / (intervalCycles * stream.clock().periodNs());
    }
}

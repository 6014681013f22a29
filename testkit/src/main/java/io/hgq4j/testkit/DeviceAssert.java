package io.hgq4j.testkit;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceInfo;
import io.hgq4j.runtime.Outputs;
import io.hgq4j.runtime.SampleCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Fluent assertions on a device running a compiled model; start with {@link ModelAssertions#assertThatDevice}. Each
 * method throws {@link AssertionFailedError} (JUnit's, no AssertJ needed) with a message naming the device and what
 * differs, and returns this for chaining.
 */
public final class DeviceAssert {

    /** How many mismatches beyond the first a golden failure lists. */
    static final int LISTED_MISMATCHES = 5;

    private final Device device;

    DeviceAssert(Device device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** {@link #matchesGolden(Golden)} for the golden folder {@code folder} (see {@link Golden} for its format). */
    public DeviceAssert matchesGolden(Path folder) throws IOException {
        return matchesGolden(Golden.read(folder));
    }

    /**
     * Asserts that the device gives exactly the golden output codes for the golden inputs. On a mismatch the message
     * counts the differing codes and samples and names the first (sample, output, expected and actual code and
     * value), then up to {@value #LISTED_MISMATCHES} more.
     */
    public DeviceAssert matchesGolden(Golden golden) {
        SampleCodec codec = device.codec();
        String name = "golden " + golden.folder();
        if (golden.inputs().sampleSize() != codec.inputSize()) {
            throw new AssertionFailedError(name + " has samples of " + golden.inputs().sampleSize() + " inputs; "
                    + describe() + " takes " + codec.inputSize());
        }
        if (golden.outputSize() != codec.outputSize()) {
            throw new AssertionFailedError(name + " has " + golden.outputSize() + " output codes per sample; "
                    + describe() + " gives " + codec.outputSize());
        }
        int count = golden.count();
        int outputs = codec.outputSize();
        long[] actual = new long[Math.multiplyExact(count, outputs)];
        if (count > 0) {
            device.infer(golden.inputs().toArray(), count, actual);
        }
        int mismatches = 0;
        int samples = 0;
        int first = -1;
        StringBuilder more = new StringBuilder();
        for (int s = 0; s < count; s++) {
            boolean sampleDiffers = false;
            for (int j = 0; j < outputs; j++) {
                int at = s * outputs + j;
                long expected = golden.code(s, j);
                if (actual[at] != expected) {
                    if (first < 0) {
                        first = at;
                    } else if (mismatches <= LISTED_MISMATCHES) {
                        more.append("\n  ").append(mismatch(codec, s, j, expected, actual[at]));
                    }
                    mismatches++;
                    sampleDiffers = true;
                }
            }
            if (sampleDiffers) {
                samples++;
            }
        }
        if (mismatches > 0) {
            int s = first / outputs;
            int j = first % outputs;
            String message = describe() + " differs from " + name + ": " + mismatches + " of " + actual.length
                    + " output codes differ, in " + samples + " of " + count + " samples; first "
                    + mismatch(codec, s, j, golden.code(s, j), actual[first])
                    + (more.length() == 0 ? "" : "\nthen:" + more
                    + (mismatches > LISTED_MISMATCHES + 1 ? "\n  ..." : ""));
            throw new AssertionFailedError(message, golden.code(s, j), actual[first]);
        }
        return this;
    }

    private static String mismatch(SampleCodec codec, int sample, int output, long expected, long actual) {
        return "sample " + sample + ", output " + output + ": expected code " + expected + " (value "
                + codec.outputValue(output, expected) + "), actual code " + actual + " (value "
                + codec.outputValue(output, actual) + ")";
    }

    /**
     * Asserts that the core's latency is at most {@code cycles} clock cycles. The latency is
     * {@link DeviceInfo#latencyCycles()}: the build manifest's prediction made when the model was compiled (the
     * timing model / HLS schedule), not a measurement on the board.
     */
    public DeviceAssert hasLatencyAtMost(int cycles) {
        DeviceInfo info = device.info();
        if (info.latencyCycles() > cycles) {
            throw new AssertionFailedError(String.format(Locale.ROOT,
                    "%s: latency %d cycles (%.1f ns at %.1f MHz, as the build manifest predicts) is more than the "
                            + "allowed %d cycles", describe(), info.latencyCycles(), info.latencyNs(), info.clockMhz(),
                    cycles), cycles, info.latencyCycles());
        }
        return this;
    }

    /**
     * Asserts that the predicted class (the largest output, {@link Outputs#argmax}) equals the label for at least
     * the fraction {@code minimum} of the samples.
     *
     * @param minimum the least accuracy, in [0, 1]
     * @param inputs  the samples
     * @param labels  one class index per sample
     */
    public DeviceAssert hasAccuracyAtLeast(double minimum, SampleArray inputs, int[] labels) {
        if (!(minimum >= 0 && minimum <= 1)) {
            throw new IllegalArgumentException("accuracy " + minimum + " is not in [0, 1]");
        }
        if (labels.length != inputs.count() || inputs.count() == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + inputs.count()
                    + " samples; give one label per sample, at least one");
        }
        if (inputs.sampleSize() != device.codec().inputSize()) {
            throw new IllegalArgumentException("samples of " + inputs.sampleSize() + " values; " + describe()
                    + " takes " + device.codec().inputSize());
        }
        long[] codes = new long[Math.multiplyExact(inputs.count(), device.codec().outputSize())];
        device.infer(inputs.toArray(), inputs.count(), codes);
        Outputs outputs = new Outputs(device.codec(), inputs.count(), codes);
        int correct = 0;
        for (int s = 0; s < labels.length; s++) {
            if (outputs.argmax(s) == labels[s]) {
                correct++;
            }
        }
        double accuracy = (double) correct / labels.length;
        if (accuracy < minimum) {
            throw new AssertionFailedError(String.format(Locale.ROOT,
                    "%s: accuracy %.4f (%d of %d samples classified as labelled) is below the required %.4f",
                    describe(), accuracy, correct, labels.length, minimum), minimum, accuracy);
        }
        return this;
    }

    /** The device that is checked. */
    public Device device() {
        return device;
    }

    private String describe() {
        return "model '" + device.artifact().model().name() + "' on " + device.info().kind() + " (" + device.info().name()
                + ")";
    }
}

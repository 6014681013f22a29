package io.hgq4j.testkit;

import static io.hgq4j.testkit.ModelAssertions.assertThatDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.NpyArray;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.runtime.Builds;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.Outputs;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Golden files, latency and accuracy assertions on the jet tagger, compiled for real and opened programmatically. */
class GoldenTest {

    @RegisterExtension
    static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet);

    static final int COUNT = 64;

    static float[] inputs;

    @TempDir
    Path dir;

    @BeforeAll
    static void inputs() {
        inputs = Builds.gaussian(COUNT, jet.device().codec().inputSize(), 1);
    }

    @Test
    void theExtensionOpensTheEmulatorByDefault() {
        assertThat(jet.device().info().kind()).isEqualTo(DeviceKind.EMULATOR);
        assertThat(jet.artifact().manifest().board()).isEqualTo("pynq-z2");
    }

    @Test
    void aRecordedGoldenFileMatchesAndHoldsExactCodes() throws Exception {
        Device device = jet.device();
        Golden recorded = Golden.record(device, inputs, COUNT, dir);

        assertThatDevice(device).matchesGolden(dir);

        NpyArray codes = Npy.read(Files.readAllBytes(dir.resolve(Golden.CODES)));
        assertThat(codes.dtype()).isEqualTo("<i8");
        assertThat(codes.shape()).containsExactly(COUNT, device.codec().outputSize());
        Outputs expected = device.infer(inputs, COUNT);
        assertThat(codes.toLongs()).containsExactly(expected.codes());
        Golden read = Golden.read(dir);
        assertThat(read.codes()).containsExactly(recorded.codes());
        assertThat(read.inputs().value(3, 2)).isEqualTo((double) inputs[3 * device.codec().inputSize() + 2]);
        // the codes are not all alike, so a changed code is a real difference
        assertThat(java.util.Arrays.stream(expected.codes()).distinct().count()).isGreaterThan(COUNT / 4);
    }

    @Test
    void aGoldenFileRecordedFromTheBuildFolderIsTheDevicesOutput() throws Exception {
        int n = jet.device().codec().inputSize();
        double[] values = new double[COUNT * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = inputs[i];
        }
        Golden golden = Golden.record(jet.artifact().folder(), SampleArray.of(values, COUNT, Shape.of(n)), dir);
        assertThat(golden.codes()).containsExactly(jet.device().infer(inputs, COUNT).codes());
        assertThatDevice(jet.device()).matchesGolden(golden);
    }

    @Test
    void oneChangedCodeFailsNamingTheSampleOutputCodesAndValues() throws Exception {
        Device device = jet.device();
        Golden golden = Golden.record(device, inputs, COUNT, dir);
        int outputs = device.codec().outputSize();
        long[] codes = golden.codes();
        long actual = codes[5 * outputs + 2];
        codes[5 * outputs + 2] = actual + 1;
        Files.write(dir.resolve(Golden.CODES), Npy.writeInt64(new int[] {COUNT, outputs}, codes));

        String expectedValue = String.valueOf(device.codec().outputValue(2, actual + 1));
        String actualValue = String.valueOf(device.codec().outputValue(2, actual));
        assertThatThrownBy(() -> assertThatDevice(device).matchesGolden(dir))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("model '" + device.artifact().model().name() + "' on emulator (emulator) differs from golden "
                        + dir + ": 1 of " + COUNT * outputs + " output codes differ, in 1 of " + COUNT
                        + " samples; first sample 5, output 2: expected code " + (actual + 1) + " (value "
                        + expectedValue + "), actual code " + actual + " (value " + actualValue + ")")
                .satisfies(e -> {
                    AssertionFailedError failure = (AssertionFailedError) e;
                    assertThat(failure.getExpected().getValue()).isEqualTo(actual + 1);
                    assertThat(failure.getActual().getValue()).isEqualTo(actual);
                });
    }

    @Test
    void manyChangedCodesAreCountedAndTheFirstFewListed() throws Exception {
        Device device = jet.device();
        int outputs = device.codec().outputSize();
        long[] codes = Golden.record(device, inputs, COUNT, dir).codes();
        for (int s = 10; s < 20; s++) { // 10 samples, 2 outputs each
            codes[s * outputs] -= 1;
            codes[s * outputs + outputs - 1] += 3;
        }
        Files.write(dir.resolve(Golden.CODES), Npy.writeInt64(new int[] {COUNT, outputs}, codes));

        assertThatThrownBy(() -> assertThatDevice(device).matchesGolden(dir))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(": 20 of " + COUNT * outputs + " output codes differ, in 10 of " + COUNT
                        + " samples; first sample 10, output 0: expected code " + codes[10 * outputs])
                .hasMessageContaining("\nthen:\n  sample 10, output " + (outputs - 1) + ": expected code "
                        + codes[10 * outputs + outputs - 1])
                .hasMessageContaining("\n  sample 12, output 0:")
                .hasMessageNotContaining("sample 13,")
                .hasMessageEndingWith("\n  ...");
    }

    @Test
    void aGoldenFileOfAnotherShapeFailsSayingSo() throws Exception {
        Device device = jet.device();
        Golden.record(device, inputs, COUNT, dir);
        Files.write(dir.resolve(Golden.CODES), Npy.writeInt64(new int[] {COUNT, 3}, new long[COUNT * 3]));

        assertThatThrownBy(() -> assertThatDevice(device).matchesGolden(dir))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("has 3 output codes per sample; model '")
                .hasMessageContaining("gives " + device.codec().outputSize());
        Files.write(dir.resolve(Golden.CODES), Npy.writeInt64(new int[] {COUNT - 1, 3}, new long[(COUNT - 1) * 3]));
        assertThatThrownBy(() -> Golden.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("golden " + dir + ": codes.npy holds " + (COUNT - 1) + " samples, inputs.npy " + COUNT);
        Files.write(dir.resolve(Golden.CODES), Npy.writeFloat64(new int[] {COUNT}, new double[COUNT]));
        assertThatThrownBy(() -> Golden.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("golden codes " + dir.resolve(Golden.CODES) + ": dtype <f8 holds floating-point");
    }

    @Test
    void aMissingGoldenFileSaysWhatAGoldenFolderHolds() {
        assertThatThrownBy(() -> assertThatDevice(jet.device()).matchesGolden(dir.resolve("none")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("inputs.npy")
                .hasMessageContaining("write one with Golden.record");
    }

    @Test
    void latencyIsTheManifestsPrediction() {
        Device device = jet.device();
        int latency = device.info().latencyCycles();
        assertThat(latency).isEqualTo(jet.artifact().manifest().latencyCycles()).isPositive();

        assertThatDevice(device).hasLatencyAtMost(latency).hasLatencyAtMost(latency + 10);
        assertThatThrownBy(() -> assertThatDevice(device).hasLatencyAtMost(latency - 1))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("model '" + device.artifact().model().name() + "' on emulator (emulator): latency "
                        + latency + " cycles (")
                .hasMessageEndingWith("as the build manifest predicts) is more than the allowed " + (latency - 1)
                        + " cycles");
    }

    @Test
    void accuracyCountsArgmaxAgainstTheLabels() {
        Device device = jet.device();
        int n = device.codec().inputSize();
        Outputs outputs = device.infer(inputs, COUNT);
        int[] labels = new int[COUNT];
        for (int s = 0; s < COUNT; s++) {
            labels[s] = outputs.argmax(s);
        }
        double[] values = new double[COUNT * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = inputs[i];
        }
        SampleArray samples = SampleArray.of(values, COUNT, Shape.of(n));
        assertThatDevice(device).hasAccuracyAtLeast(1.0, samples, labels);

        int outputsPerSample = device.codec().outputSize();
        for (int s = 0; s < 16; s++) { // 16 of 64 wrong: accuracy 0.75
            labels[s] = (labels[s] + 1) % outputsPerSample;
        }
        assertThatDevice(device).hasAccuracyAtLeast(0.75, samples, labels);
        assertThatThrownBy(() -> assertThatDevice(device).hasAccuracyAtLeast(0.76, samples, labels))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageEndingWith(": accuracy 0.7500 (48 of 64 samples classified as labelled) is below the "
                        + "required 0.7600");
    }
}

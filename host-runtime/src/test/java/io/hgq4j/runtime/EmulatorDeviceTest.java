package io.hgq4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.emulator.Emulator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator device on a real build folder (the jet tagger for a PYNQ-Z2) against the emulator run directly: the
 * device path packs inputs into words, unpacks them as the hardware would, and packs outputs; the codes must not
 * change on the way.
 */
class EmulatorDeviceTest {

    @TempDir
    static Path dir;

    static Artifact jet;

    @BeforeAll
    static void build() throws Exception {
        jet = Builds.compile(Builds.jet(), "pynq-z2", 64, dir);
    }

    private static long[] direct(float[] inputs, int count) {
        double[] wide = new double[inputs.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = inputs[i];
        }
        return Emulator.of(jet.model()).run(wide, count, 1).codes();
    }

    @Test
    void detectionFallsBackToTheEmulatorAndSaysSo() {
        List<String> log = new ArrayList<>();
        try (Device device = Devices.standard().open(jet, DeviceOptions.defaults().withLog(log::add))) {
            assertThat(device.info().kind()).isEqualTo(DeviceKind.EMULATOR);
            assertThat(log).singleElement().asString().startsWith("device emulator (emulator, board pynq-z2");
            assertThat(device.info().latencyCycles()).isEqualTo(jet.manifest().latencyCycles());
        }
    }

    @Test
    void tenThousandJetSamplesEqualTheEmulatorsCodes() {
        int count = 10_000;
        float[] inputs = Builds.gaussian(count, 16, 7);
        try (Device device = new EmulatorDevice(jet)) {
            Outputs outputs = device.infer(inputs, count);
            assertThat(outputs.codes()).isEqualTo(direct(inputs, count));
            // and again through the raw word path, as a host that packs its own buffers would
            ByteBuffer in = device.codec().newInputBuffer(count);
            ByteBuffer out = device.codec().newOutputBuffer(count);
            device.codec().encode(inputs, 0, count, in);
            device.inferPacked(in, out, count);
            long[] codes = new long[count * device.codec().outputSize()];
            device.codec().decode(out, count, codes, 0);
            assertThat(codes).isEqualTo(outputs.codes());
        }
    }

    @Test
    void batchesOfOneAndSubmittedBatchesGiveTheSameCodes() throws Exception {
        float[] inputs = Builds.gaussian(50, 16, 8);
        long[] expected = direct(inputs, 50);
        try (Device device = new EmulatorDevice(jet)) {
            int m = device.codec().outputSize();
            for (int s = 0; s < 50; s++) {
                float[] one = java.util.Arrays.copyOfRange(inputs, s * 16, s * 16 + 16);
                assertThat(device.infer(one, 1).codes()).isEqualTo(java.util.Arrays.copyOfRange(expected, s * m, s * m + m));
            }
            assertThat(device.submit(inputs, 50).get().codes()).isEqualTo(expected);
        }
    }

    @Test
    void badBatchesAreRefusedAndTheDeviceStaysUsable() {
        try (Device device = new EmulatorDevice(jet)) {
            assertThatThrownBy(() -> device.infer(new float[15], 1)).hasMessage("15 input values for 1 samples of 16");
            float[] nan = new float[16];
            nan[3] = Float.NaN;
            assertThatThrownBy(() -> device.infer(nan, 1))
                    .hasMessage("sample 0, input element 3 is NaN; inputs must be finite numbers");
            assertThatThrownBy(() -> device.inferPacked(ByteBuffer.allocate(8), device.codec().newOutputBuffer(1), 1))
                    .hasMessageContaining("little-endian");
            assertThatThrownBy(() -> device.infer(new float[0], 0)).hasMessageContaining("at least one sample");
            assertThat(device.infer(new float[16], 1).count()).isEqualTo(1);
        }
    }

    @Test
    void aClosedDeviceSaysSo() {
        Device device = new EmulatorDevice(jet);
        device.close();
        device.close();
        assertThatThrownBy(() -> device.infer(new float[16], 1)).hasMessage("the emulator device is closed");
    }
}

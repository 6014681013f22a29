package io.hgq4j.testkit;

import static io.hgq4j.testkit.ModelAssertions.assertThatDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.runtime.Builds;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceKind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example as a user writes it, run by Surefire itself: a static field, a golden file, a latency bound. */
class ExampleTest {

    @CompiledModel(method = "io.hgq4j.testkit.TestBuilds#jet")
    static Device jet;

    @TempDir
    static Path golden;

    @BeforeAll
    static void recordGolden() throws Exception {
        // users record once and commit the folder; here it is recorded from the same emulator
        Golden.record(jet, Builds.gaussian(32, jet.codec().inputSize(), 7), 32, golden);
    }

    @Test
    void outputsAreBitExactAndLatencyHolds() throws Exception {
        assertThat(jet.info().kind()).isEqualTo(DeviceKind.EMULATOR);
        assertThatDevice(jet)
                .matchesGolden(golden)
                .hasLatencyAtMost(jet.info().latencyCycles());
    }

    @Test
    void aParameterGetsItsOwnDevice(@CompiledModel(method = "io.hgq4j.testkit.TestBuilds#jet") Device device)
            throws Exception {
        assertThat(device).isNotSameAs(jet);
        assertThatDevice(device).matchesGolden(golden);
    }
}

package io.hgq4j.testkit;

import io.hgq4j.runtime.Device;

/**
 * Entry point of the testkit's assertions; import statically.
 *
 * <pre>{@code
 * assertThatDevice(device)
 *         .matchesGolden(Path.of("src/test/golden/jet"))   // bit for bit
 *         .hasLatencyAtMost(40);                            // cycles, as the build manifest predicts
 * }</pre>
 * The name differs from AssertJ's {@code assertThat}, so both can be imported statically in one test.
 */
public final class ModelAssertions {

    private ModelAssertions() {
    }

    /** Assertions on {@code device}, an open device running a compiled model. */
    public static DeviceAssert assertThatDevice(Device device) {
        return new DeviceAssert(device);
    }
}

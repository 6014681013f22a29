package io.hgq4j.runtime;

import java.util.Locale;

/**
 * What a device is and how fast the accelerator on it runs.
 *
 * @param kind          the device kind
 * @param name          which device, e.g. {@code xrt:0000:65:00.1}, {@code zynq:fpga0}, {@code emulator}
 * @param board         the board the artifact was built for
 * @param clockMhz      the accelerator's clock
 * @param latencyCycles the core's latency in cycles (from the build manifest)
 * @param detail        one line of further detail (platform, shell, library version), may be empty
 */
public record DeviceInfo(DeviceKind kind, String name, String board, double clockMhz, int latencyCycles,
                         String detail) {

    /** The latency in nanoseconds at the design clock. */
    public double latencyNs() {
        return latencyCycles * 1000.0 / clockMhz;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s, board %s, %.1f MHz, latency %d cycles = %.1f ns)%s", kind, name, board,
                clockMhz, latencyCycles, latencyNs(), detail.isEmpty() ? "" : "; " + detail);
    }
}

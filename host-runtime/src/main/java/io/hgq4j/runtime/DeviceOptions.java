package io.hgq4j.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Devices#open} picks and opens a device.
 *
 * @param kind            the device to use, or null to detect (XRT, then Zynq, then the emulator)
 * @param requireHardware fail with the reasons instead of falling back to the emulator
 * @param xrtDevice       which XRT device: an index ({@code 0}) or a PCIe BDF ({@code 0000:65:00.1})
 * @param systemRoot      the folder under which the Zynq driver finds {@code sys/class/fpga_manager},
 *                        {@code lib/firmware}, {@code dev/mem} and {@code sys/class/u-dma-buf} ({@code /} on a board;
 *                        a temporary folder in tests)
 * @param timeout         how long one batch may take on a device before it is declared stuck
 * @param log             where the one line saying which device was chosen, and why the others were not, goes
 */
public record DeviceOptions(DeviceKind kind, boolean requireHardware, String xrtDevice, Path systemRoot,
                            Duration timeout, Consumer<String> log) {

    /** Checks the fields. */
    public DeviceOptions {
        Objects.requireNonNull(xrtDevice, "xrtDevice");
        Objects.requireNonNull(systemRoot, "systemRoot");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(log, "log");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the device timeout must be positive, got " + timeout);
        }
        if (requireHardware && kind != null && !kind.hardware()) {
            throw new IllegalArgumentException("requireHardware with device " + kind + ", which is not hardware");
        }
    }

    /** Detect the device; XRT device 0; the real system root; 10 s per batch; log to standard error. */
    public static DeviceOptions defaults() {
        return new DeviceOptions(null, false, "0", Path.of("/"), Duration.ofSeconds(10),
                line -> System.err.println("hgq4j: " + line));
    }

    /** These options with the device kind forced (null: detect). */
    public DeviceOptions withKind(DeviceKind k) {
        return new DeviceOptions(k, requireHardware, xrtDevice, systemRoot, timeout, log);
    }

    /** These options with {@code requireHardware} set. */
    public DeviceOptions withRequireHardware(boolean required) {
        return new DeviceOptions(kind, required, xrtDevice, systemRoot, timeout, log);
    }

    /** These options with another XRT device (index or BDF). */
    public DeviceOptions withXrtDevice(String device) {
        return new DeviceOptions(kind, requireHardware, device, systemRoot, timeout, log);
    }

    /** These options with another system root for the Zynq driver. */
    public DeviceOptions withSystemRoot(Path root) {
        return new DeviceOptions(kind, requireHardware, xrtDevice, root, timeout, log);
    }

    /** These options with another per-batch timeout. */
    public DeviceOptions withTimeout(Duration t) {
        return new DeviceOptions(kind, requireHardware, xrtDevice, systemRoot, t, log);
    }

    /** These options logging elsewhere. */
    public DeviceOptions withLog(Consumer<String> sink) {
        return new DeviceOptions(kind, requireHardware, xrtDevice, systemRoot, timeout, sink);
    }
}

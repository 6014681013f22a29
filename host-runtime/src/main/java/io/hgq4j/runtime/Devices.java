package io.hgq4j.runtime;

import io.hgq4j.runtime.xrt.XrtProvider;
import io.hgq4j.runtime.zynq.ZynqDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Opens the best device for a compiled model: an XRT device that has (or can load) the artifact's xclbin, then a
 * Zynq board whose FPGA manager can load its overlay, then the emulator. Logs one line saying which device was chosen
 * and why the others were skipped.
 */
public final class Devices {

    private final List<DeviceProvider> providers;

    /**
     * Devices from {@code providers}; detection asks the hardware ones in the given order, then the emulator. A
     * provider of {@link DeviceKind#ZYNQ_EMULATED} is used only when that kind is asked for.
     */
    public Devices(List<DeviceProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Every device kind hgq4j has: XRT, Zynq, the emulated Zynq board, the emulator. */
    public static Devices standard() {
        return new Devices(List.of(new XrtProvider(), ZynqDevice.PROVIDER, ZynqDevice.EMULATED_PROVIDER,
                EmulatorDevice.PROVIDER));
    }

    /** Opens {@code artifact} (a build folder or its manifest) with the {@link #standard()} devices. */
    public static Device open(Path artifact, DeviceOptions options) throws IOException {
        return standard().open(Artifact.open(artifact), options);
    }

    /**
     * Opens a device for {@code artifact}.
     *
     * @throws DeviceException if the forced kind, or any hardware when hardware is required, cannot be opened; the
     *                         message gives every reason
     */
    public Device open(Artifact artifact, DeviceOptions options) {
        Objects.requireNonNull(artifact, "artifact");
        List<String> skipped = new ArrayList<>();
        for (DeviceProvider provider : providers) {
            DeviceKind kind = provider.kind();
            boolean wanted = options.kind() == null
                    ? kind != DeviceKind.ZYNQ_EMULATED && (kind.hardware() || !options.requireHardware())
                    : kind == options.kind();
            if (!wanted) {
                continue;
            }
            try {
                Device device = provider.open(artifact, options);
                options.log().accept("device " + device.info()
                        + (skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped)));
                return device;
            } catch (DeviceUnavailableException e) {
                skipped.add(kind + ": " + e.getMessage());
            }
        }
        if (skipped.isEmpty()) {
            throw new DeviceException("no " + (options.kind() == null ? "hardware" : options.kind().toString())
                    + " device support in this build of hgq4j");
        }
        throw new DeviceException((options.kind() != null ? "device " + options.kind() + " unavailable"
                : "no hardware device available") + ": " + String.join("; ", skipped));
    }
}

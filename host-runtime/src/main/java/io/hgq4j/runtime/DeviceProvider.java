package io.hgq4j.runtime;

/** Opens devices of one kind; {@link Devices} asks each in turn. */
public interface DeviceProvider {

    /** The kind of device this provider opens. */
    DeviceKind kind();

    /**
     * Opens a device for {@code artifact} (loading the bitstream or xclbin when needed).
     *
     * @throws DeviceUnavailableException with a short reason when this kind cannot be used here (no library, no
     *                                    board, the artifact has no bitstream for it, ...)
     */
    Device open(Artifact artifact, DeviceOptions options) throws DeviceUnavailableException;
}

package io.hgq4j.runtime;

import java.nio.ByteBuffer;

/** The bit-exact software emulator as a device: always available, no board needed. */
public final class EmulatorDevice extends BufferedDevice {

    /** Opens the emulator device; it is always available. */
    public static final DeviceProvider PROVIDER = new DeviceProvider() {
        @Override
        public DeviceKind kind() {
            return DeviceKind.EMULATOR;
        }

        @Override
        public Device open(Artifact artifact, DeviceOptions options) {
            return new EmulatorDevice(artifact);
        }
    };

    private final EmulatedAccelerator accelerator;
    private final DeviceInfo info;

    /** The emulator running {@code artifact}'s model. */
    public EmulatorDevice(Artifact artifact) {
        super(artifact);
        this.accelerator = new EmulatedAccelerator(artifact, codec());
        this.info = new DeviceInfo(DeviceKind.EMULATOR, "emulator", artifact.manifest().board(), artifact.clockMhz(),
                artifact.manifest().latencyCycles(), "bit-exact software model of " + artifact.manifest().target());
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    protected void run(ByteBuffer input, ByteBuffer output, int count) {
        accelerator.process(input, 0, output, 0, count);
    }

    @Override
    protected void release() {
        // nothing held outside the Java heap
    }
}

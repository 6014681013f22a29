package io.hgq4j.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of device a compiled model can run on. */
public enum DeviceKind {
    /** An Alveo card through XRT. */
    XRT("xrt", true),
    /** A Zynq board, the PYNQ way: fpga_manager, .hwh, AXI DMA over /dev/mem. */
    ZYNQ("zynq", true),
    /** The Zynq driver against a register-level model of the AXI DMA and the accelerator (no board). */
    ZYNQ_EMULATED("zynq-emulated", false),
    /** The bit-exact software emulator. */
    EMULATOR("emulator", false);

    private final String id;
    private final boolean hardware;

    DeviceKind(String id, boolean hardware) {
        this.id = id;
        this.hardware = hardware;
    }

    /** The name used on the command line ({@code xrt}, {@code zynq}, {@code zynq-emulated}, {@code emulator}). */
    public String id() {
        return id;
    }

    /** Whether this is a real FPGA. */
    public boolean hardware() {
        return hardware;
    }

    /**
     * The kind named {@code id}.
     *
     * @throws IllegalArgumentException listing the names when {@code id} is none of them
     */
    public static DeviceKind parse(String id) {
        for (DeviceKind k : values()) {
            if (k.id.equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "'; expected auto, "
                + Arrays.stream(values()).map(DeviceKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}

package io.hgq4j.testkit;

import io.hgq4j.runtime.DeviceKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a {@link CompiledModel} runs in a test.
 *
 * <p>{@link #DEFAULT} is what a test gets when it does not choose: the emulator, unless the system property
 * {@value #PROPERTY} names another device ({@code -Dhgq4j.testkit.device=auto} runs the same tests on a board where one
 * is present). A device chosen explicitly is never overridden by the property.
 */
public enum ModelDevice {
    /** The system property {@value #PROPERTY} when set, else {@link #EMULATOR}. */
    DEFAULT(null),
    /** The bit-exact software emulator: always available. */
    EMULATOR("emulator"),
    /** The best device present: an XRT card, then a Zynq board, then the emulator (never unavailable unless hardware is required). */
    AUTO("auto"),
    /** An Alveo card through XRT. */
    XRT("xrt"),
    /** A Zynq board (fpga_manager and AXI DMA). */
    ZYNQ("zynq"),
    /** The Zynq driver against a register-level model of the board (no hardware; needs a Zynq build). */
    ZYNQ_EMULATED("zynq-emulated");

    /** The system property that replaces {@link #DEFAULT}: {@code emulator}, {@code auto}, {@code xrt}, {@code zynq} or {@code zynq-emulated}. */
    public static final String PROPERTY = "hgq4j.testkit.device";

    private final String id;

    ModelDevice(String id) {
        this.id = id;
    }

    /** The name used by {@link #parse} and the system property; null for {@link #DEFAULT}. */
    public String id() {
        return id;
    }

    /** The runtime's device kind to force, or null to detect ({@link #AUTO}); {@link #DEFAULT} must be resolved first. */
    public DeviceKind kind() {
        return switch (this) {
            case DEFAULT -> throw new IllegalStateException("DEFAULT is resolved by resolve() first");
            case AUTO -> null;
            case EMULATOR -> DeviceKind.EMULATOR;
            case XRT -> DeviceKind.XRT;
            case ZYNQ -> DeviceKind.ZYNQ;
            case ZYNQ_EMULATED -> DeviceKind.ZYNQ_EMULATED;
        };
    }

    /** Whether this asks for a real FPGA ({@link #XRT}, {@link #ZYNQ}). */
    public boolean hardware() {
        return this == XRT || this == ZYNQ;
    }

    /** This device, with {@link #DEFAULT} replaced by the system property {@value #PROPERTY} or the emulator. */
    public ModelDevice resolve() {
        if (this != DEFAULT) {
            return this;
        }
        String property = System.getProperty(PROPERTY);
        if (property == null || property.isBlank()) {
            return EMULATOR;
        }
        try {
            return parse(property.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + ": " + e.getMessage(), e);
        }
    }

    /**
     * The device named {@code id} ({@code emulator}, {@code auto}, {@code xrt}, {@code zynq}, {@code zynq-emulated}).
     *
     * @throws IllegalArgumentException listing the names when {@code id} is none of them
     */
    public static ModelDevice parse(String id) {
        for (ModelDevice d : values()) {
            if (d.id != null && d.id.equals(id.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown device '" + id + "'; expected one of "
                + Arrays.stream(values()).filter(d -> d.id != null).map(ModelDevice::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id == null ? "default" : id;
    }
}

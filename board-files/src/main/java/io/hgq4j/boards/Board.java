package io.hgq4j.boards;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A board hgq4j can build for: its FPGA, clocks, resources and how the host talks to the accelerator.
 *
 * @param name         the catalogue name ({@code pynq-z2}, {@code alveo-u55c}, ...): lower case, digits and dashes
 * @param description  a human-readable name ({@code TUL PYNQ-Z2})
 * @param family       the device family, which decides the processing system and the build flow
 * @param part         the FPGA part ({@code xc7z020clg400-1})
 * @param boardPart    the Vivado board part ({@code tul.com.tw:pynq-z2:part0:1.0}), empty where none exists
 * @param clocksMhz    the programmable-logic clocks the platform offers, in MHz; the first is the default
 * @param resources    the programmable-logic resources of the part
 * @param interfaceKind how the host moves data to and from the accelerator
 * @param xrtPlatform  the XRT platform name of an Alveo card ({@code xilinx_u55c_gen3x16_xdma_3_202210_1}), empty
 *                     for embedded boards
 */
public record Board(String name, String description, Family family, String part, Optional<String> boardPart,
                    List<Double> clocksMhz, Resources resources, InterfaceKind interfaceKind,
                    Optional<String> xrtPlatform) {

    /** Device families; each has its own processing system and build flow. */
    public enum Family {
        /** Zynq-7000: Cortex-A9 with {@code processing_system7}, AXI DMA on an HP port, PYNQ overlays. */
        ZYNQ_7000,
        /** Zynq UltraScale+ MPSoC: Cortex-A53 with {@code zynq_ultra_ps_e}, AXI DMA on an HP port, PYNQ overlays. */
        ZYNQ_ULTRASCALE_PLUS,
        /** Alveo data-centre cards: a Vitis kernel on an XRT platform, linked with {@code v++}. */
        ALVEO
    }

    /** How the host moves data to and from the accelerator. */
    public enum InterfaceKind {
        /** AXI-Stream through an AXI DMA in simple mode (Zynq, the PYNQ way). */
        AXI_STREAM_DMA,
        /** A Vitis kernel reading and writing device memory over m_axi, started through XRT (Alveo). */
        XRT_MEMORY_MAPPED
    }

    /**
     * Programmable-logic resources.
     *
     * @param lut    6-input look-up tables
     * @param ff     flip-flops
     * @param dsp    DSP slices
     * @param bram18 18 Kb block RAMs (a 36 Kb block counts as two)
     * @param uram   UltraRAM blocks
     */
    public record Resources(long lut, long ff, long dsp, long bram18, long uram) {

        /** Validates the counts. */
        public Resources {
            if (lut < 0 || ff < 0 || dsp < 0 || bram18 < 0 || uram < 0) {
                throw new IllegalArgumentException("resource counts must not be negative");
            }
        }
    }

    /** Validates the fields. */
    public Board {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(boardPart, "boardPart");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(interfaceKind, "interfaceKind");
        Objects.requireNonNull(xrtPlatform, "xrtPlatform");
        clocksMhz = List.copyOf(clocksMhz);
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("board name '" + name + "' must be lower-case letters, digits and dashes");
        }
        if (part.isBlank()) {
            throw new IllegalArgumentException("board '" + name + "': part is empty");
        }
        if (clocksMhz.isEmpty() || clocksMhz.stream().anyMatch(c -> !(c > 0 && c <= 1000))) {
            throw new IllegalArgumentException("board '" + name + "': clocks must be one or more frequencies in (0, 1000] MHz");
        }
        if ((family == Family.ALVEO) != xrtPlatform.isPresent()) {
            throw new IllegalArgumentException("board '" + name + "': an XRT platform is required for Alveo cards and only"
                    + " for them");
        }
    }

    /** The default programmable-logic clock, in MHz. */
    public double defaultClockMhz() {
        return clocksMhz.get(0);
    }

    /** The default clock period, in ns. */
    public double defaultClockPeriodNs() {
        return 1000.0 / defaultClockMhz();
    }

    /** Whether this is an embedded Zynq board (PYNQ overlay flow) rather than an Alveo card. */
    public boolean isZynq() {
        return family != Family.ALVEO;
    }
}

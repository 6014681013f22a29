package io.hgq4j.codegen.synth;

import java.util.regex.Pattern;

/**
 * The resource a Xilinx primitive that {@code synth_xilinx} emits occupies, as a utilization report would file it.
 * Anything not recognised (clock buffers, I/O buffers, cells yosys left unmapped) is {@link #OTHER}, and stays
 * visible by its type in {@link CellCounts#byType()}.
 */
public enum CellClass {

    /** Logic LUTs: {@code LUT1}..{@code LUT6}, {@code LUT6_2}, and {@code INV}, which the vendor places as a LUT1. */
    LUT("LUT", "LUT[1-6](_2)?|INV"),
    /** LUTs used as memory: distributed RAM ({@code RAM32M}, {@code RAM64X1D}, ...) and shift registers ({@code SRL*}). */
    LUTRAM("LUTRAM", "RAM\\d+X\\d+[SD](_1)?|RAM\\d+M\\d*|SRL\\w*"),
    /** Flip-flops ({@code FDRE}, {@code FDSE}, {@code FDCE}, {@code FDPE}, their {@code _1} variants) and latches. */
    FF("FF", "FD\\w*|LD[CP]E(_1)?"),
    /** Carry chains: {@code CARRY4} (4 bits), {@code CARRY8} (8 bits), and the older {@code MUXCY}/{@code XORCY}. */
    CARRY("CARRY", "CARRY[48]|MUXCY\\w*|XORCY\\w*"),
    /** Wide-function multiplexers that combine LUTs: {@code MUXF5}..{@code MUXF9}. */
    MUX("MUX", "MUXF[5-9]"),
    /** DSP slices ({@code DSP48E2} on UltraScale+, {@code DSP48E1} on 7 series) and older hard multipliers. */
    DSP("DSP", "DSP48\\w*|MULT18X18\\w*"),
    /** Block RAM cells ({@code RAMB18E2}, {@code RAMB36E2}, ...), counted as cells, not as 36 Kb tiles. */
    BRAM("BRAM", "RAMB\\w+|FIFO\\d+\\w*"),
    /** UltraRAM ({@code URAM288}). */
    URAM("URAM", "URAM288\\w*"),
    /** Everything else: {@code BUFG}, I/O buffers, constants, unmapped yosys cells. */
    OTHER("other", ".*");

    private final String label;
    private final Pattern types;

    CellClass(String label, String types) {
        this.label = label;
        this.types = Pattern.compile(types);
    }

    /** The column heading in tables and the key in JSON (lower case there). */
    public String label() {
        return label;
    }

    /** The class of a cell type as {@code stat} names it (without yosys's leading backslash). */
    public static CellClass of(String cellType) {
        for (CellClass c : values()) {
            if (c.types.matcher(cellType).matches()) {
                return c;
            }
        }
        return OTHER;
    }
}

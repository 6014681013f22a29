package io.hgq4j.codegen.scripts;

import io.hgq4j.boards.Board;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the vendor build scripts need to know about one generated HLS project.
 *
 * <p>File names are relative to {@code OUT/hls} (the directory of {@code build_prj.tcl}), use forward slashes and
 * stay inside it, e.g. {@code firmware/mlp.cpp}, {@code tb/mlp_test.cpp}, {@code tb_data/tb_input_features.dat}.
 *
 * <p>The top functions follow from the project name: the core {@code NAME}, the Zynq AXI-Stream wrapper
 * {@code NAME_axis} (free-running, {@code ap_ctrl_none}, ports {@code in_stream}/{@code out_stream}) and the Alveo
 * kernel {@code NAME_kernel} (m_axi {@code in}/{@code out}, s_axilite {@code batch}).
 *
 * @param name              project name, a C identifier; prefix of the top functions and of the overlay files
 * @param board             the target board
 * @param clockPeriodNs     HLS clock period in ns; on Zynq boards also the PL clock of the block design
 * @param clockUncertainty  HLS clock uncertainty as a fraction of the period, in [0, 1) (0.27 as in Vitis and hls4ml)
 * @param firmwareSources   synthesizable sources, relative to {@code OUT/hls}
 * @param testbench         C testbench, relative to {@code OUT/hls}
 * @param tbData            testbench data files, relative to {@code OUT/hls}; their top directories are handed to
 *                          HLS so that the testbench finds them under the same relative paths during simulation
 * @param streamWidthBits   AXI-Stream data width of the Zynq wrapper ports and of the DMA streams: a power of two
 *                          from 8 to 1024
 * @param maxTransferBytes  the largest single DMA transfer the host will start, in bytes; decides the width of the
 *                          DMA's length registers on Zynq boards (at most 2^26 - 1 bytes there)
 * @param cosimByDefault    whether {@code make ip} (and so everything after it) runs C/RTL co-simulation first
 */
public record BuildSpec(String name, Board board, double clockPeriodNs, double clockUncertainty,
                        List<String> firmwareSources, String testbench, List<String> tbData,
                        int streamWidthBits, long maxTransferBytes, boolean cosimByDefault) {

    /** The clock uncertainty Vitis HLS and hls4ml use by default: 27 % of the period. */
    public static final double DEFAULT_CLOCK_UNCERTAINTY = 0.27;

    /** Default AXI-Stream width: one 32-bit word per element, as hls4ml's float interface. */
    public static final int DEFAULT_STREAM_WIDTH_BITS = 32;

    /** Narrowest length register of the AXI DMA ({@code c_sg_length_width}), in bits. */
    public static final int MIN_DMA_LENGTH_WIDTH = 8;

    /** Widest length register of the AXI DMA ({@code c_sg_length_width}), in bits. */
    public static final int MAX_DMA_LENGTH_WIDTH = 26;

    /** The largest transfer an AXI DMA in simple mode can do: 2^26 - 1 bytes. */
    public static final long MAX_DMA_TRANSFER_BYTES = (1L << MAX_DMA_LENGTH_WIDTH) - 1;

    // Plain file names keep the TCL and the Makefile free of quoting problems.
    private static final Pattern RELATIVE_PATH = Pattern.compile("[A-Za-z0-9_+.-]+(/[A-Za-z0-9_+.-]+)*");
    private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Validates the fields. */
    public BuildSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(firmwareSources, "firmwareSources");
        Objects.requireNonNull(testbench, "testbench");
        Objects.requireNonNull(tbData, "tbData");
        firmwareSources = List.copyOf(firmwareSources);
        tbData = List.copyOf(tbData);
        if (!C_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("project name '" + name + "' must be a C identifier");
        }
        if (!(clockPeriodNs > 0 && clockPeriodNs <= 1000)) {
            throw new IllegalArgumentException("clock period " + clockPeriodNs + " ns is not in (0, 1000]");
        }
        if (!(clockUncertainty >= 0 && clockUncertainty < 1)) {
            throw new IllegalArgumentException("clock uncertainty " + clockUncertainty + " is not a fraction in [0, 1)");
        }
        if (firmwareSources.isEmpty()) {
            throw new IllegalArgumentException("no firmware sources");
        }
        firmwareSources.forEach(f -> checkRelative("firmware source", f));
        checkRelative("testbench", testbench);
        tbData.forEach(f -> checkRelative("testbench data file", f));
        if (streamWidthBits < 8 || streamWidthBits > 1024 || Integer.bitCount(streamWidthBits) != 1) {
            throw new IllegalArgumentException("AXI-Stream width " + streamWidthBits
                    + " bits: the AXI DMA takes a power of two from 8 to 1024");
        }
        if (maxTransferBytes <= 0) {
            throw new IllegalArgumentException("largest DMA transfer must be positive, not " + maxTransferBytes);
        }
        if (board.isZynq()) {
            dmaLengthWidth(maxTransferBytes);
        }
    }

    /**
     * A spec with the defaults: the board's default clock, 27 % uncertainty, 32-bit streams, transfers up to the
     * DMA's maximum of 2^26 - 1 bytes (as hls4ml), no co-simulation before export.
     */
    public static BuildSpec of(String name, Board board, List<String> firmwareSources, String testbench,
                               List<String> tbData) {
        Objects.requireNonNull(board, "board");
        return new BuildSpec(name, board, board.defaultClockPeriodNs(), DEFAULT_CLOCK_UNCERTAINTY, firmwareSources,
                testbench, tbData, DEFAULT_STREAM_WIDTH_BITS, MAX_DMA_TRANSFER_BYTES, false);
    }

    /** This spec with another clock period, in ns. */
    public BuildSpec withClockPeriodNs(double periodNs) {
        return new BuildSpec(name, board, periodNs, clockUncertainty, firmwareSources, testbench, tbData,
                streamWidthBits, maxTransferBytes, cosimByDefault);
    }

    /** This spec with another clock uncertainty, as a fraction of the period. */
    public BuildSpec withClockUncertainty(double fraction) {
        return new BuildSpec(name, board, clockPeriodNs, fraction, firmwareSources, testbench, tbData,
                streamWidthBits, maxTransferBytes, cosimByDefault);
    }

    /** This spec with another AXI-Stream width, in bits. */
    public BuildSpec withStreamWidthBits(int bits) {
        return new BuildSpec(name, board, clockPeriodNs, clockUncertainty, firmwareSources, testbench, tbData,
                bits, maxTransferBytes, cosimByDefault);
    }

    /** This spec with another largest DMA transfer, in bytes. */
    public BuildSpec withMaxTransferBytes(long bytes) {
        return new BuildSpec(name, board, clockPeriodNs, clockUncertainty, firmwareSources, testbench, tbData,
                streamWidthBits, bytes, cosimByDefault);
    }

    /** This spec with co-simulation before export switched on or off. */
    public BuildSpec withCosimByDefault(boolean cosim) {
        return new BuildSpec(name, board, clockPeriodNs, clockUncertainty, firmwareSources, testbench, tbData,
                streamWidthBits, maxTransferBytes, cosim);
    }

    /** The core top function, {@code NAME}. */
    public String coreTop() {
        return name;
    }

    /** The Zynq AXI-Stream wrapper, {@code NAME_axis}. */
    public String zynqTop() {
        return name + "_axis";
    }

    /** The Alveo kernel, {@code NAME_kernel}. */
    public String alveoTop() {
        return name + "_kernel";
    }

    /** The function HLS synthesizes for this board: the Zynq wrapper or the Alveo kernel. */
    public String hlsTop() {
        return board.isZynq() ? zynqTop() : alveoTop();
    }

    /** Name of the HLS IP instance in the Zynq block design, {@code NAME_0}; the host finds it in the .hwh. */
    public String ipInstance() {
        return name + "_0";
    }

    /** The clock frequency, in MHz. */
    public double clockMhz() {
        return 1000.0 / clockPeriodNs;
    }

    /** The DMA's memory-mapped data width: the stream width, but at least the 32 bits the AXI DMA allows. */
    public int memoryMapWidthBits() {
        return Math.max(32, streamWidthBits);
    }

    /**
     * The DMA's maximum burst length in beats: 256, but no burst longer than 4 KiB, the AXI limit on how far one
     * burst may go.
     */
    public int dmaBurstLength() {
        return Math.min(256, 4096 / (memoryMapWidthBits() / 8));
    }

    /** The width of the DMA length registers for {@link #maxTransferBytes()}; see {@link #dmaLengthWidth(long)}. */
    public int dmaLengthWidth() {
        return dmaLengthWidth(maxTransferBytes);
    }

    /**
     * The narrowest AXI DMA length register ({@code c_sg_length_width}, 8 to 26 bits) that holds a transfer of
     * {@code maxTransferBytes}: a w-bit register counts up to 2^w - 1 bytes. The IP's default of 14 bits caps
     * transfers at 16383 bytes, the classic cause of DMA transfers that hang or come back short.
     *
     * @throws IllegalArgumentException if the transfer is not positive or exceeds 2^26 - 1 bytes
     */
    public static int dmaLengthWidth(long maxTransferBytes) {
        if (maxTransferBytes <= 0) {
            throw new IllegalArgumentException("largest DMA transfer must be positive, not " + maxTransferBytes);
        }
        if (maxTransferBytes > MAX_DMA_TRANSFER_BYTES) {
            throw new IllegalArgumentException("a DMA transfer of " + maxTransferBytes + " bytes does not fit the AXI"
                    + " DMA's widest length register (26 bits, at most " + MAX_DMA_TRANSFER_BYTES
                    + " bytes); split the batch into smaller transfers");
        }
        int bits = 64 - Long.numberOfLeadingZeros(maxTransferBytes);
        return Math.max(MIN_DMA_LENGTH_WIDTH, bits);
    }

    /**
     * The top directories of the testbench data files, in order of first appearance: HLS copies a directory added
     * with {@code add_files -tb} into the simulation directory as a whole, so the testbench opens
     * {@code tb_data/...} in simulation just as it does in the source tree.
     */
    public List<String> tbDataRoots() {
        Set<String> roots = new LinkedHashSet<>();
        for (String f : tbData) {
            int slash = f.indexOf('/');
            roots.add(slash < 0 ? f : f.substring(0, slash));
        }
        return List.copyOf(roots);
    }

    /** {@code value} as a short decimal (at most {@code decimals} places, no trailing zeros). */
    static String decimal(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static void checkRelative(String what, String path) {
        Objects.requireNonNull(path, what);
        if (!RELATIVE_PATH.matcher(path).matches()
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw new IllegalArgumentException(what + " '" + path + "' must be a relative path inside OUT/hls made of"
                    + " letters, digits and _ + . - separated by /");
        }
    }
}

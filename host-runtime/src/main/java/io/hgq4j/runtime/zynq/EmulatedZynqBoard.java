package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.EmulatedAccelerator;
import io.hgq4j.runtime.SampleCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A Zynq board without a board: the {@link EmulatedAxiDma} register model over {@link EmulatedMemory}, with the
 * artifact's {@link EmulatedAccelerator} between the streams and a {@link SimulatedClock}. The DMA is configured from
 * the artifact's {@code .hwh} when the bitstream has been built, else as hgq4j's block design makes it (axi_dma_0 at
 * 0x40400000, 26-bit length registers, stream widths from the manifest).
 */
public final class EmulatedZynqBoard implements ZynqBoard {

    /** The emulated u-dma-buf's size (a common u-dma-buf size on PYNQ images). */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;
    /** Where hgq4j's Zynq-7000 design puts axi_dma_0 (the first M_AXI_GP0 address Vivado assigns it). */
    public static final long DEFAULT_DMA_BASE = 0x4040_0000L;

    private final HardwareHandoff.AxiDmaCore core;
    private final SimulatedClock clock = new SimulatedClock();
    private final EmulatedMemory memory = new EmulatedMemory();
    private final EmulatedAxiDma dma;
    private final DmaBuffer buffer;

    /**
     * A board running {@code artifact}'s accelerator behind the DMA {@code core}, with a contiguous buffer of
     * {@code bufferBytes}.
     */
    public EmulatedZynqBoard(Artifact artifact, HardwareHandoff.AxiDmaCore core, int bufferBytes) {
        this.core = core;
        SampleCodec codec = SampleCodec.of(artifact.manifest(), artifact.model());
        this.dma = new EmulatedAxiDma(core, memory, new EmulatedAccelerator(artifact, codec), artifact.clockMhz(), clock);
        this.buffer = memory.allocate(bufferBytes);
    }

    /**
     * The board for {@code artifact}: its DMA from the artifact's {@code .hwh} if there is one, else
     * {@link #defaultCore}; a buffer of {@link #DEFAULT_BUFFER_BYTES}.
     *
     * @throws IllegalArgumentException if the .hwh is malformed or has no usable DMA
     */
    public static EmulatedZynqBoard of(Artifact artifact) throws IOException {
        Optional<Path> hwh = artifact.file("hwh").filter(Files::isRegularFile);
        HardwareHandoff.AxiDmaCore core = hwh.isPresent() ? HardwareHandoff.read(hwh.get()).dma()
                : defaultCore(artifact, 26);
        return new EmulatedZynqBoard(artifact, core, DEFAULT_BUFFER_BYTES);
    }

    /** The DMA of hgq4j's block design for {@code artifact}, with {@code lengthWidth}-bit length registers. */
    public static HardwareHandoff.AxiDmaCore defaultCore(Artifact artifact, int lengthWidth) {
        int in = artifact.manifest().input().wordBits();
        int out = artifact.manifest().output().wordBits();
        return new HardwareHandoff.AxiDmaCore("axi_dma_0", "/axi_dma_0", DEFAULT_DMA_BASE, 0x10000, lengthWidth, 32,
                Math.max(32, in), in, Math.max(32, out), out);
    }

    /** The emulated DMA, for fault injection. */
    public EmulatedAxiDma emulatedDma() {
        return dma;
    }

    /** The board's simulated time. */
    public SimulatedClock clock() {
        return clock;
    }

    /** The board's physical memory. */
    public EmulatedMemory memory() {
        return memory;
    }

    @Override
    public String name() {
        return "zynq-emulated";
    }

    @Override
    public String detail() {
        return String.format("register-level AXI DMA %s at 0x%x (%d-bit length) and %d-byte buffer, simulated time",
                core.instance(), core.baseAddress(), core.lengthWidth(), buffer.size());
    }

    @Override
    public HardwareHandoff.AxiDmaCore dma() {
        return core;
    }

    @Override
    public Registers dmaRegisters() {
        return dma;
    }

    @Override
    public DmaBuffer buffer() {
        return buffer;
    }

    @Override
    public LongSupplier nanoTime() {
        return clock::nanos;
    }

    @Override
    public void close() {
        buffer.close();
    }
}

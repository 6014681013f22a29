package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.DeviceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A real Zynq board, the PYNQ way: the overlay's {@code .bit} converted and loaded through the FPGA manager, the DMA
 * found in its {@code .hwh} and mapped from {@code /dev/mem}, a u-dma-buf buffer for the data. Every path is under
 * the system root ({@code /} on a board).
 *
 * <p>Not done here (PYNQ does it): setting the PL clock dividers from the {@code .hwh} (the design clock must be the
 * PS's default FCLK0 setting from the bitstream's boot configuration) and, on ZynqMP, reprogramming the PS-side AXI
 * port widths.
 */
public final class HardwareZynqBoard implements ZynqBoard {

    private final String detail;
    private final HardwareHandoff.AxiDmaCore core;
    private final DevMemRegisters registers;
    private final UdmaBuffer buffer;

    private HardwareZynqBoard(String detail, HardwareHandoff.AxiDmaCore core, DevMemRegisters registers,
                              UdmaBuffer buffer) {
        this.detail = detail;
        this.core = core;
        this.registers = registers;
        this.buffer = buffer;
    }

    /**
     * Loads {@code artifact}'s overlay and maps its DMA and a u-dma-buf buffer, everything under {@code root}.
     *
     * @throws DeviceUnavailableException with the reason: no FPGA manager, an Alveo artifact, the bitstream not built,
     *                                    a malformed .bit or .hwh, no u-dma-buf, a failed load, no access to /dev/mem
     */
    public static HardwareZynqBoard open(Artifact artifact, Path root) throws DeviceUnavailableException {
        FpgaManager manager = new FpgaManager(root);
        if (artifact.isAlveoKernel()) {
            throw new DeviceUnavailableException("the artifact is an Alveo kernel, not a Zynq overlay");
        }
        if (!Files.isDirectory(manager.directory())) {
            throw new DeviceUnavailableException("no FPGA manager at " + manager.directory());
        }
        if (!manager.present()) {
            throw new DeviceUnavailableException("the FPGA manager at " + manager.directory() + " has no firmware"
                    + " attribute (loading by name needs a linux-xlnx kernel, as on PYNQ or PetaLinux images)");
        }
        Path bit = artifact.file("bitstream").orElse(null);
        Path hwhFile = artifact.file("hwh").orElse(null);
        if (bit == null || hwhFile == null || !Files.isRegularFile(bit) || !Files.isRegularFile(hwhFile)) {
            throw new DeviceUnavailableException("bitstream not built: run make -C " + artifact.folder()
                    + " bitstream on a machine with Vivado");
        }
        BitstreamFile bitstream;
        HardwareHandoff.AxiDmaCore core;
        String ufolder;
        try {
            bitstream = BitstreamFile.read(bit);
            HardwareHandoff hwh = HardwareHandoff.read(hwhFile);
            core = hwh.dma();
            hwh.accelerator(artifact.manifest().project() + "_0");
            String part = artifact.manifest().part().toLowerCase(Locale.ROOT);
            if (!part.contains(bitstream.part().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(bit + " is for part " + bitstream.part() + ", the build for "
                        + artifact.manifest().part());
            }
            ufolder = UdmaBuffer.firstDevice(root).orElseThrow(() -> new DeviceUnavailableException(
                    "no u-dma-buf device under " + UdmaBuffer.classFolder(root) + ": load the u-dma-buf module with"
                            + " a buffer (e.g. insmod u-dma-buf.ko udmabuf0=4194304)"));
        } catch (IOException | IllegalArgumentException e) {
            throw new DeviceUnavailableException(e.getMessage(), e);
        }
        String stem = bit.getFileName().toString().replaceFirst("\\.bit$", "");
        DevMemRegisters registers = null;
        try {
            manager.program(stem + ".bin", bitstream.toBin());
            registers = DevMemRegisters.open(root.resolve("dev/mem"), core.baseAddress(),
                    (int) Math.min(core.range(), 1 << 16));
            UdmaBuffer buffer = UdmaBuffer.open(root, ufolder);
            String detail = String.format("overlay %s (%s, %s %s), %s at 0x%x (%d-bit length), %s", bit.getFileName(),
                    bitstream.designName(), bitstream.date(), bitstream.time(), core.instance(), core.baseAddress(),
                    core.lengthWidth(), buffer);
            return new HardwareZynqBoard(detail, core, registers, buffer);
        } catch (IOException | RuntimeException e) {
            if (registers != null) {
                registers.close();
            }
            throw new DeviceUnavailableException(e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "zynq:fpga0";
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    public HardwareHandoff.AxiDmaCore dma() {
        return core;
    }

    @Override
    public Registers dmaRegisters() {
        return registers;
    }

    @Override
    public DmaBuffer buffer() {
        return buffer;
    }

    @Override
    public LongSupplier nanoTime() {
        return System::nanoTime;
    }

    @Override
    public void close() {
        registers.close();
        buffer.close();
    }
}

package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.DeviceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Driver of an AXI DMA (AMD PG021) in direct-register ("simple") mode: one MM2S transfer sends a batch's input words
 * to the accelerator's stream, one S2MM transfer receives its output words, which end with the stream's TLAST.
 *
 * <p>Per batch: flush the input range, arm S2MM (address, then LENGTH), start MM2S (address, then LENGTH; writing
 * LENGTH starts a channel), poll both status registers until Idle with a deadline, check that S2MM received exactly the
 * expected bytes, then invalidate the output range. Any error bit, a timeout or a short transfer resets the core
 * (DMACR.Reset, then Run on both channels) before the {@link DeviceException} is thrown, so the next batch starts
 * clean. Polling spins ({@link Thread#onSpinWait}) without sleeping: a batch takes microseconds.
 *
 * <p>Not thread-safe: one transfer at a time.
 */
public final class AxiDma {

    /** Register block of the MM2S channel (memory to stream). */
    public static final int MM2S = 0x00;
    /** Register block of the S2MM channel (stream to memory). */
    public static final int S2MM = 0x30;
    /** DMACR, control, relative to a channel block. */
    public static final int DMACR = 0x00;
    /** DMASR, status. */
    public static final int DMASR = 0x04;
    /** MM2S_SA / S2MM_DA, the buffer address [31:0]. */
    public static final int ADDRESS = 0x18;
    /** MM2S_SA_MSB / S2MM_DA_MSB, the buffer address [63:32] (when the address width exceeds 32 bits). */
    public static final int ADDRESS_MSB = 0x1C;
    /** MM2S_LENGTH / S2MM_LENGTH: writing starts the channel; S2MM's reads back the bytes received. */
    public static final int LENGTH = 0x28;

    /** DMACR.RS, run/stop. */
    public static final int CR_RUN = 1;
    /** DMACR.Reset, soft reset of the whole core; self-clearing. */
    public static final int CR_RESET = 1 << 2;

    /** DMASR.Halted. */
    public static final int SR_HALTED = 1;
    /** DMASR.Idle: the transfer finished (simple mode). */
    public static final int SR_IDLE = 1 << 1;
    /** DMASR.SGIncld. */
    public static final int SR_SG_INCLUDED = 1 << 3;
    /** DMASR.DMAIntErr. */
    public static final int SR_DMA_INT_ERR = 1 << 4;
    /** DMASR.DMASlvErr. */
    public static final int SR_DMA_SLV_ERR = 1 << 5;
    /** DMASR.DMADecErr. */
    public static final int SR_DMA_DEC_ERR = 1 << 6;
    /** DMASR.SGIntErr. */
    public static final int SR_SG_INT_ERR = 1 << 8;
    /** DMASR.SGSlvErr. */
    public static final int SR_SG_SLV_ERR = 1 << 9;
    /** DMASR.SGDecErr. */
    public static final int SR_SG_DEC_ERR = 1 << 10;
    /** DMASR.IOC_Irq (write 1 to clear). */
    public static final int SR_IOC_IRQ = 1 << 12;
    /** DMASR.Dly_Irq (write 1 to clear). */
    public static final int SR_DLY_IRQ = 1 << 13;
    /** DMASR.Err_Irq (write 1 to clear). */
    public static final int SR_ERR_IRQ = 1 << 14;
    /** Every error bit of DMASR. */
    public static final int SR_ERRORS = SR_DMA_INT_ERR | SR_DMA_SLV_ERR | SR_DMA_DEC_ERR | SR_SG_INT_ERR
            | SR_SG_SLV_ERR | SR_SG_DEC_ERR;

    /** DMASR bits, names and meanings, in bit order. */
    private static final Object[][] STATUS_BITS = {
        {SR_HALTED, "Halted", null},
        {SR_IDLE, "Idle", null},
        {SR_SG_INCLUDED, "SGIncld", null},
        {SR_DMA_INT_ERR, "DMAIntErr", "internal error: a zero LENGTH, or (S2MM) the stream sent more bytes than LENGTH"},
        {SR_DMA_SLV_ERR, "DMASlvErr", "slave error: the memory answered the DMA with SLVERR"},
        {SR_DMA_DEC_ERR, "DMADecErr", "decode error: nothing answers at the buffer's address (a bad physical address)"},
        {SR_SG_INT_ERR, "SGIntErr", "scatter-gather internal error (impossible in simple mode: a bitstream with SG?)"},
        {SR_SG_SLV_ERR, "SGSlvErr", "scatter-gather slave error on a descriptor fetch"},
        {SR_SG_DEC_ERR, "SGDecErr", "scatter-gather decode error on a descriptor address"},
        {SR_IOC_IRQ, "IOC_Irq", null},
        {SR_DLY_IRQ, "Dly_Irq", null},
        {SR_ERR_IRQ, "Err_Irq", null},
    };

    private final Registers registers;
    private final HardwareHandoff.AxiDmaCore core;
    private final LongSupplier nanoTime;
    private final long timeoutNanos;
    private final Duration timeout;
    private final int lengthMask;
    private final int alignment;
    private long resets;

    /**
     * A driver for {@code core} through its {@code registers}.
     *
     * @param nanoTime the clock deadlines are measured on: {@link System#nanoTime} on a board, the simulated time on
     *                 the emulated one
     * @param timeout  how long a reset or a batch may take
     */
    public AxiDma(Registers registers, HardwareHandoff.AxiDmaCore core, LongSupplier nanoTime, Duration timeout) {
        this.registers = Objects.requireNonNull(registers, "registers");
        this.core = Objects.requireNonNull(core, "core");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.lengthMask = (int) core.maxTransferBytes();
        // Without the data realignment engine, buffer addresses must be aligned to the memory-map data width.
        this.alignment = Math.max(4, Math.max(core.mm2sMemoryWidth(), core.s2mmMemoryWidth()) / 8);
    }

    /** The DMA it drives. */
    public HardwareHandoff.AxiDmaCore core() {
        return core;
    }

    /** How many times the core was reset (at start and after each failure). */
    public long resets() {
        return resets;
    }

    /** The largest transfer: 2^{@code c_sg_length_width} - 1 bytes. */
    public int maxTransferBytes() {
        return lengthMask;
    }

    /** The alignment buffer addresses need, in bytes. */
    public int alignment() {
        return alignment;
    }

    /**
     * Resets the core and starts both channels: DMACR.Reset, wait until it clears on both channels, then RS on both
     * and wait until neither is halted. Done once after the bitstream is loaded and after every failure.
     *
     * @throws DeviceException if the reset bit does not clear or a channel stays halted within the timeout
     */
    public void reset() {
        resets++;
        registers.write32(MM2S + DMACR, CR_RESET);
        long deadline = nanoTime.getAsLong() + timeoutNanos;
        while (((registers.read32(MM2S + DMACR) | registers.read32(S2MM + DMACR)) & CR_RESET) != 0) {
            if (nanoTime.getAsLong() - deadline > 0) {
                throw new DeviceException(name() + ": the reset bit (DMACR.Reset) did not clear within " + timeout
                        + "; is the bitstream loaded and the DMA's clock running?");
            }
            Thread.onSpinWait();
        }
        registers.write32(MM2S + DMACR, CR_RUN);
        registers.write32(S2MM + DMACR, CR_RUN);
        int mm2s;
        int s2mm;
        while (((mm2s = registers.read32(MM2S + DMASR)) & SR_HALTED) != 0
                | ((s2mm = registers.read32(S2MM + DMASR)) & SR_HALTED) != 0) {
            if (nanoTime.getAsLong() - deadline > 0) {
                throw new DeviceException(name() + ": still halted " + timeout + " after setting RS: MM2S status "
                        + describe(mm2s) + ", S2MM status " + describe(s2mm));
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Sends {@code inputLength} bytes from {@code input} at {@code inputOffset} through the accelerator and receives
     * exactly {@code outputLength} bytes into {@code output} at {@code outputOffset}.
     *
     * @throws DeviceException naming the error: a length over {@link #maxTransferBytes()} or an unaligned or
     *                         unreachable address (refused before any register is written); an error bit of either
     *                         channel, a timeout, or a short S2MM transfer (after which the core has been reset)
     */
    public void transfer(DmaBuffer input, int inputOffset, int inputLength, DmaBuffer output, int outputOffset,
                         int outputLength) {
        DmaBuffer.checkRange(inputOffset, inputLength, input.size());
        DmaBuffer.checkRange(outputOffset, outputLength, output.size());
        checkLength("MM2S (input)", inputLength);
        checkLength("S2MM (output)", outputLength);
        long source = checkAddress("MM2S source", input.physicalAddress() + inputOffset);
        long destination = checkAddress("S2MM destination", output.physicalAddress() + outputOffset);

        input.flush(inputOffset, inputLength);
        // The receiver first: an accelerator that answers before S2MM is armed would stall the stream.
        setAddress(S2MM, destination);
        registers.write32(S2MM + LENGTH, outputLength);
        setAddress(MM2S, source);
        registers.write32(MM2S + LENGTH, inputLength);

        long deadline = nanoTime.getAsLong() + timeoutNanos;
        int mm2s;
        int s2mm;
        while (true) {
            mm2s = registers.read32(MM2S + DMASR);
            s2mm = registers.read32(S2MM + DMASR);
            if (((mm2s | s2mm) & SR_ERRORS) != 0) {
                throw failure("failed", inputLength, outputLength, mm2s, s2mm, errorHint(mm2s, s2mm, source,
                        destination));
            }
            if ((mm2s & s2mm & SR_IDLE) != 0) {
                break;
            }
            if (nanoTime.getAsLong() - deadline > 0) {
                throw failure("did not finish within " + timeout, inputLength, outputLength, mm2s, s2mm,
                        (mm2s & SR_IDLE) == 0
                                ? "the accelerator did not take all input words: is its clock running and the"
                                        + " bitstream from this build?"
                                : "the accelerator took the input but never ended its output with TLAST: check that"
                                        + " the bitstream was built from this build folder (same input and output"
                                        + " sizes)");
            }
            Thread.onSpinWait();
        }
        int received = registers.read32(S2MM + LENGTH) & lengthMask;
        registers.write32(MM2S + DMASR, SR_IOC_IRQ);
        registers.write32(S2MM + DMASR, SR_IOC_IRQ);
        if (received != outputLength) {
            throw failure("received " + received + " of the " + outputLength + " output bytes", inputLength,
                    outputLength, mm2s, s2mm, "the accelerator ended its output (TLAST) early: the bitstream's model"
                            + " does not match this build's manifest");
        }
        output.invalidate(outputOffset, outputLength);
    }

    private void checkLength(String channel, int length) {
        if (length <= 0 || length > lengthMask) {
            throw new DeviceException(String.format(Locale.ROOT, "%s: a %s transfer of %d bytes does not fit the"
                    + " %d-bit length register (1 to %d bytes); split the batch, or rebuild with a larger --max-batch"
                    + " (c_sg_length_width)", name(), channel, length, core.lengthWidth(), lengthMask));
        }
    }

    private long checkAddress(String what, long address) {
        if (address % alignment != 0) {
            throw new DeviceException(String.format("%s: %s address 0x%x is not aligned to the %d-byte memory-map"
                    + " width (the DMA has no realignment engine)", name(), what, address, alignment));
        }
        if (core.addressWidth() <= 32 && (address >>> 32) != 0) {
            throw new DeviceException(String.format("%s: %s address 0x%x does not fit the DMA's %d-bit addresses",
                    name(), what, address, core.addressWidth()));
        }
        return address;
    }

    private void setAddress(int channel, long address) {
        registers.write32(channel + ADDRESS, (int) address);
        if (core.addressWidth() > 32) {
            registers.write32(channel + ADDRESS_MSB, (int) (address >>> 32));
        }
    }

    private String errorHint(int mm2s, int s2mm, long source, long destination) {
        if ((s2mm & SR_DMA_INT_ERR) != 0) {
            return "the accelerator sent more output than expected: the bitstream's model does not match this build's"
                    + " manifest";
        }
        if (((mm2s | s2mm) & SR_DMA_DEC_ERR) != 0) {
            return String.format("check the buffer addresses (source 0x%x, destination 0x%x) and that the DMA's"
                    + " master ports reach the DDR", source, destination);
        }
        if (((mm2s | s2mm) & SR_DMA_SLV_ERR) != 0) {
            return "the memory refused the access; check the u-dma-buf region and the HP port configuration";
        }
        return "the .hwh may not describe this bitstream";
    }

    private DeviceException failure(String what, int inputLength, int outputLength, int mm2s, int s2mm, String hint) {
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                "%s: transfer of %d bytes in, %d out %s: MM2S status %s; S2MM status %s", name(), inputLength,
                outputLength, what, describe(mm2s), describe(s2mm)));
        try {
            reset();
            message.append("; the DMA was reset");
        } catch (DeviceException e) {
            message.append("; resetting the DMA failed too (").append(e.getMessage()).append(')');
        }
        return new DeviceException(message.append("; ").append(hint).toString());
    }

    private String name() {
        return "AXI DMA " + core.instance();
    }

    /**
     * A DMASR value in words: {@code 0x00004041 (Halted, DMADecErr = decode error: ..., Err_Irq)}; every set bit is
     * named, errors with their meaning per PG021.
     */
    public static String describe(int status) {
        List<String> parts = new ArrayList<>();
        for (Object[] bit : STATUS_BITS) {
            if ((status & (int) bit[0]) != 0) {
                parts.add(bit[2] == null ? (String) bit[1] : bit[1] + " = " + bit[2]);
            }
        }
        if ((status & 0xFFFF0000) != 0) {
            parts.add(String.format("IRQ threshold/delay 0x%04x", status >>> 16));
        }
        return String.format("0x%08x (%s)", status, parts.isEmpty() ? "running" : String.join(", ", parts));
    }
}

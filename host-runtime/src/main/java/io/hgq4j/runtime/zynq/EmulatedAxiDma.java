package io.hgq4j.runtime.zynq;

import static io.hgq4j.runtime.zynq.AxiDma.ADDRESS;
import static io.hgq4j.runtime.zynq.AxiDma.ADDRESS_MSB;
import static io.hgq4j.runtime.zynq.AxiDma.CR_RESET;
import static io.hgq4j.runtime.zynq.AxiDma.CR_RUN;
import static io.hgq4j.runtime.zynq.AxiDma.DMACR;
import static io.hgq4j.runtime.zynq.AxiDma.DMASR;
import static io.hgq4j.runtime.zynq.AxiDma.LENGTH;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DLY_IRQ;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DMA_DEC_ERR;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DMA_INT_ERR;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DMA_SLV_ERR;
import static io.hgq4j.runtime.zynq.AxiDma.SR_ERRORS;
import static io.hgq4j.runtime.zynq.AxiDma.SR_ERR_IRQ;
import static io.hgq4j.runtime.zynq.AxiDma.SR_HALTED;
import static io.hgq4j.runtime.zynq.AxiDma.SR_IDLE;
import static io.hgq4j.runtime.zynq.AxiDma.SR_IOC_IRQ;

import io.hgq4j.runtime.EmulatedAccelerator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The AXI DMA of the emulated board as registers (PG021, direct-register mode), with the accelerator on its streams.
 *
 * <p>What it models: DMACR (RS, the self-clearing Reset of the whole core, which takes {@link #RESET_NS}), DMASR
 * (Halted, Idle, the error bits, the write-1-to-clear interrupt bits); a LENGTH write starts its channel only when it
 * is running and keeps only the register's {@code c_sg_length_width} bits; MM2S reads the input from
 * {@link EmulatedMemory} (DMADecErr where no buffer is), the {@link EmulatedAccelerator} computes the whole samples
 * of the transfer, and S2MM writes the output words when the stream's TLAST arrives (the end of the batch), setting
 * DMAIntErr when they do not fit the armed LENGTH and reading back the bytes received. Any error clears RS and halts
 * the channel until a reset.
 *
 * <p>Timing: each register access advances the {@link SimulatedClock} by {@link #ACCESS_NS}; MM2S is Idle
 * {@link #SETUP_NS} plus one sample slot per sample after LENGTH is written, and S2MM {@link #SETUP_NS} plus
 * {@link EmulatedAccelerator#cycles} at the design clock (and no earlier than {@link #SETUP_NS} after it was armed).
 * An input that is not a whole number of samples leaves the accelerator waiting for the rest: S2MM never completes.
 *
 * <p>Faults for tests ({@link #inject}) apply to the next transfer only.
 */
public final class EmulatedAxiDma implements Registers {

    /** Simulated cost of one AXI-Lite register access from the CPU, in ns (about 25 bus cycles at 100 MHz). */
    public static final long ACCESS_NS = 250;
    /** Simulated time from a LENGTH write to the first beat on the stream (descriptor-less setup and DDR latency). */
    public static final long SETUP_NS = 500;
    /** Simulated time a soft reset takes. */
    public static final long RESET_NS = 1_000;
    /** DMACR after reset: IRQThreshold 1, reserved bit 1 set (PG021). */
    static final int CR_RESET_VALUE = 0x0001_0002;

    /** A fault for the next transfer. */
    public enum Fault {
        /** The memory answers MM2S's reads with SLVERR: MM2S DMASlvErr. */
        SLAVE_ERROR,
        /** S2MM's writes hit no slave: S2MM DMADecErr. */
        DECODE_ERROR,
        /** S2MM reports an internal error (as when the stream overruns LENGTH): S2MM DMAIntErr. */
        INTERNAL_ERROR,
        /** The accelerator never ends its output (no TLAST): the transfer never completes. */
        STUCK,
        /** The accelerator raises TLAST one word early: S2MM completes with fewer bytes than armed. */
        SHORT_OUTPUT
    }

    private final HardwareHandoff.AxiDmaCore core;
    private final EmulatedMemory memory;
    private final EmulatedAccelerator accelerator;
    private final SimulatedClock clock;
    private final double nsPerCycle;
    private final int lengthMask;
    private final int inputSampleBytes;
    private final int outputWordBytes;

    private final int[] cr = new int[2];
    private final int[] sr = new int[2];
    private final long[] address = new long[2];
    private final int[] length = new int[2];
    private final boolean[] busy = new boolean[2];
    private long resetDoneAt = -1;
    private long mm2sDoneAt;
    private long s2mmArmedAt;
    /** When the accelerator's output (with TLAST) is ready; -1: no output pending or never (stuck). */
    private long outputReadyAt = -1;
    private int outputBytes;
    private ByteBuffer scratch = ByteBuffer.allocateDirect(0);
    private Fault fault;
    private Fault active;
    private long transfers;

    /**
     * A DMA {@code core} on the emulated board, reading and writing {@code memory}, with {@code accelerator} clocked
     * at {@code clockMhz} between its streams.
     */
    public EmulatedAxiDma(HardwareHandoff.AxiDmaCore core, EmulatedMemory memory, EmulatedAccelerator accelerator,
                          double clockMhz, SimulatedClock clock) {
        this.core = core;
        this.memory = memory;
        this.accelerator = accelerator;
        this.clock = clock;
        this.nsPerCycle = 1000.0 / clockMhz;
        this.lengthMask = (int) core.maxTransferBytes();
        this.inputSampleBytes = accelerator.codec().inputBytes(1);
        this.outputWordBytes = accelerator.codec().outputLayout().wordBits() / 8;
        hardReset();
    }

    /** Makes the next transfer fail with {@code f}. */
    public void inject(Fault f) {
        this.fault = f;
    }

    /** Transfers started on MM2S so far. */
    public long transfers() {
        return transfers;
    }

    /** The board's clock. */
    public SimulatedClock clock() {
        return clock;
    }

    @Override
    public int size() {
        return (int) Math.min(core.range(), 1 << 16);
    }

    @Override
    public int read32(int offset) {
        Registers.checkOffset(offset, size());
        step();
        int channel = channel(offset);
        if (channel < 0) {
            return 0;
        }
        int base = channel == 0 ? AxiDma.MM2S : AxiDma.S2MM;
        return switch (offset - base) {
            case DMACR -> cr[channel] | (resetDoneAt >= 0 ? CR_RESET : 0);
            case DMASR -> sr[channel];
            case ADDRESS -> (int) address[channel];
            case ADDRESS_MSB -> (int) (address[channel] >>> 32);
            case LENGTH -> length[channel];
            default -> 0;
        };
    }

    @Override
    public void write32(int offset, int value) {
        Registers.checkOffset(offset, size());
        step();
        int channel = channel(offset);
        if (channel < 0 || resetDoneAt >= 0) {
            // Writes during a reset are lost, as on the IP.
            return;
        }
        int base = channel == 0 ? AxiDma.MM2S : AxiDma.S2MM;
        switch (offset - base) {
            case DMACR -> writeControl(channel, value);
            case DMASR -> sr[channel] &= ~(value & (SR_IOC_IRQ | SR_DLY_IRQ | SR_ERR_IRQ));
            case ADDRESS -> address[channel] = (address[channel] & 0xFFFF_FFFF_0000_0000L) | (value & 0xFFFF_FFFFL);
            case ADDRESS_MSB -> {
                if (core.addressWidth() > 32) {
                    address[channel] = (address[channel] & 0xFFFF_FFFFL) | ((long) value << 32);
                }
            }
            case LENGTH -> writeLength(channel, value & lengthMask);
            default -> {
                // scatter-gather registers: unused in simple mode
            }
        }
    }

    private static int channel(int offset) {
        if (offset < AxiDma.S2MM) {
            return offset <= AxiDma.LENGTH ? 0 : -1;
        }
        return offset <= AxiDma.S2MM + AxiDma.LENGTH ? 1 : -1;
    }

    private void writeControl(int channel, int value) {
        if ((value & CR_RESET) != 0) {
            // The soft reset resets both channels and takes a while; DMACR.Reset reads 1 until it is done.
            resetDoneAt = clock.nanos() + RESET_NS;
            return;
        }
        cr[channel] = value | 0x2;
        if ((value & CR_RUN) != 0) {
            if ((sr[channel] & SR_ERRORS) == 0) {
                sr[channel] &= ~SR_HALTED;
            }
        } else {
            sr[channel] = (sr[channel] | SR_HALTED) & ~SR_IDLE;
            busy[channel] = false;
        }
    }

    private void writeLength(int channel, int bytes) {
        if ((sr[channel] & SR_HALTED) != 0 || bytes == 0 || busy[channel]) {
            // PG021: a LENGTH write to a halted channel, of zero, or during a transfer does not start one.
            return;
        }
        length[channel] = bytes;
        busy[channel] = true;
        sr[channel] &= ~SR_IDLE;
        if (channel == 1) {
            s2mmArmedAt = clock.nanos();
            return;
        }
        transfers++;
        active = fault;
        fault = null;
        if (active == Fault.SLAVE_ERROR) {
            error(0, SR_DMA_SLV_ERR);
            return;
        }
        ByteBuffer input = memory.resolve(address[0], bytes);
        if (input == null) {
            error(0, SR_DMA_DEC_ERR);
            return;
        }
        int count = bytes / inputSampleBytes;
        long slots = accelerator.cycles(count) - accelerator.cycles(0);
        mm2sDoneAt = clock.nanos() + SETUP_NS + Math.round(slots * nsPerCycle);
        if (count == 0 || bytes % inputSampleBytes != 0 || active == Fault.STUCK) {
            // Part of a sample is left in the core, which waits for the rest and never ends its output.
            outputReadyAt = -1;
            return;
        }
        outputBytes = accelerator.codec().outputBytes(count);
        if (scratch.capacity() < outputBytes) {
            scratch = ByteBuffer.allocateDirect(outputBytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        accelerator.process(input, 0, scratch, 0, count);
        if (active == Fault.SHORT_OUTPUT) {
            outputBytes = outputBytes > outputWordBytes ? outputBytes - outputWordBytes : outputBytes / 2;
        }
        outputReadyAt = clock.nanos() + SETUP_NS + Math.round(accelerator.cycles(count) * nsPerCycle);
    }

    /** One register access: time passes, then whatever finished by now takes effect. */
    private void step() {
        clock.advance(ACCESS_NS);
        long now = clock.nanos();
        if (resetDoneAt >= 0 && now >= resetDoneAt) {
            hardReset();
        }
        if (busy[0] && now >= mm2sDoneAt) {
            busy[0] = false;
            sr[0] |= SR_IDLE | SR_IOC_IRQ;
        }
        if (busy[1] && outputReadyAt >= 0 && now >= Math.max(outputReadyAt, s2mmArmedAt + SETUP_NS)) {
            completeS2mm();
        }
    }

    private void completeS2mm() {
        outputReadyAt = -1;
        if (active == Fault.DECODE_ERROR) {
            error(1, SR_DMA_DEC_ERR);
            return;
        }
        if (active == Fault.INTERNAL_ERROR) {
            error(1, SR_DMA_INT_ERR);
            return;
        }
        int room = length[1];
        ByteBuffer destination = memory.resolve(address[1], Math.min(room, outputBytes));
        if (destination == null) {
            error(1, SR_DMA_DEC_ERR);
            return;
        }
        destination.put(0, scratch, 0, Math.min(room, outputBytes));
        if (outputBytes > room) {
            error(1, SR_DMA_INT_ERR);
            return;
        }
        length[1] = outputBytes;
        busy[1] = false;
        sr[1] |= SR_IDLE | SR_IOC_IRQ;
    }

    private void error(int channel, int bit) {
        sr[channel] = (sr[channel] | bit | SR_ERR_IRQ | SR_HALTED) & ~SR_IDLE;
        cr[channel] &= ~CR_RUN;
        busy[channel] = false;
    }

    private void hardReset() {
        resetDoneAt = -1;
        for (int c = 0; c < 2; c++) {
            cr[c] = CR_RESET_VALUE;
            sr[c] = SR_HALTED;
            address[c] = 0;
            length[c] = 0;
            busy[c] = false;
        }
        outputReadyAt = -1;
        active = null;
    }

    @Override
    public void close() {
        // nothing held
    }
}

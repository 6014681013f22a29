package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.BufferedDevice;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceInfo;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceProvider;
import io.hgq4j.runtime.DeviceUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A compiled model on a Zynq board: batches go through one contiguous buffer (input region, then output region) and
 * one MM2S and one S2MM transfer of the {@link AxiDma} each. The same class runs a real board
 * ({@link #PROVIDER}, {@link HardwareZynqBoard}) and the emulated one ({@link #EMULATED_PROVIDER},
 * {@link EmulatedZynqBoard}).
 *
 * <p>A batch larger than one transfer allows (the DMA's length register, 2^{@code c_sg_length_width} - 1 bytes, or the
 * buffer) is split into several transfers of whole samples, transparently: the accelerator keeps no state between
 * samples, so the outputs are the same.
 */
public final class ZynqDevice extends BufferedDevice {

    /** Opens a real board under {@link DeviceOptions#systemRoot()}. */
    public static final DeviceProvider PROVIDER = new DeviceProvider() {
        @Override
        public DeviceKind kind() {
            return DeviceKind.ZYNQ;
        }

        @Override
        public Device open(Artifact artifact, DeviceOptions options) throws DeviceUnavailableException {
            HardwareZynqBoard board = HardwareZynqBoard.open(artifact, options.systemRoot());
            return start(artifact, board, DeviceKind.ZYNQ, options.timeout());
        }
    };

    /** Opens the emulated board ({@code --device zynq-emulated}). */
    public static final DeviceProvider EMULATED_PROVIDER = new DeviceProvider() {
        @Override
        public DeviceKind kind() {
            return DeviceKind.ZYNQ_EMULATED;
        }

        @Override
        public Device open(Artifact artifact, DeviceOptions options) throws DeviceUnavailableException {
            if (artifact.isAlveoKernel()) {
                throw new DeviceUnavailableException("the artifact is an Alveo kernel, not a Zynq overlay");
            }
            EmulatedZynqBoard board;
            try {
                board = EmulatedZynqBoard.of(artifact);
            } catch (IOException | IllegalArgumentException e) {
                throw new DeviceUnavailableException(e.getMessage(), e);
            }
            return start(artifact, board, DeviceKind.ZYNQ_EMULATED, options.timeout());
        }
    };

    /** Output regions start at this alignment: a cache line, and more than any DMA memory-map width needs. */
    private static final int REGION_ALIGNMENT = 128;

    private final ZynqBoard board;
    private final AxiDma dma;
    private final DeviceInfo info;
    private final int samplesPerTransfer;
    private final int outputOffset;

    /**
     * A device driving {@code board}, whose overlay runs {@code artifact}; resets the DMA and starts it.
     *
     * @param kind    {@link DeviceKind#ZYNQ} or {@link DeviceKind#ZYNQ_EMULATED}
     * @param timeout how long a batch transfer may take
     * @throws IllegalArgumentException if the DMA's stream widths differ from the manifest's words, or the buffer cannot
     *                                  hold one sample's input and output
     * @throws DeviceException          if the DMA does not come out of reset
     */
    public ZynqDevice(Artifact artifact, ZynqBoard board, DeviceKind kind, Duration timeout) {
        super(artifact);
        this.board = board;
        HardwareHandoff.AxiDmaCore core = board.dma();
        int inWord = artifact.manifest().input().wordBits();
        int outWord = artifact.manifest().output().wordBits();
        if (core.mm2sStreamWidth() != inWord || core.s2mmStreamWidth() != outWord) {
            throw new IllegalArgumentException(String.format("AXI DMA %s streams %d-bit words in and %d-bit words out;"
                    + " the build packs %d and %d bits: the overlay is from another build", core.instance(),
                    core.mm2sStreamWidth(), core.s2mmStreamWidth(), inWord, outWord));
        }
        this.dma = new AxiDma(board.dmaRegisters(), core, board.nanoTime(), timeout);
        int in = codec().inputBytes(1);
        int out = codec().outputBytes(1);
        int align = Math.max(REGION_ALIGNMENT, dma.alignment());
        long bySize = (board.buffer().size() - align) / (long) (in + out);
        long n = Math.min(bySize, Math.min(dma.maxTransferBytes() / in, dma.maxTransferBytes() / out));
        if (n < 1) {
            throw new IllegalArgumentException("a sample of " + in + " input and " + out + " output bytes does not fit"
                    + " the " + board.buffer().size() + "-byte DMA buffer or the " + core.lengthWidth()
                    + "-bit length register");
        }
        this.samplesPerTransfer = (int) Math.min(n, Integer.MAX_VALUE);
        this.outputOffset = (int) ((n * in + align - 1) / align * align);
        this.info = new DeviceInfo(kind, board.name(), artifact.manifest().board(), artifact.clockMhz(),
                artifact.manifest().latencyCycles(), board.detail() + ", up to " + samplesPerTransfer
                        + " samples per transfer");
        dma.reset();
    }

    private static ZynqDevice start(Artifact artifact, ZynqBoard board, DeviceKind kind, Duration timeout)
            throws DeviceUnavailableException {
        try {
            return new ZynqDevice(artifact, board, kind, timeout);
        } catch (IllegalArgumentException | DeviceException e) {
            board.close();
            throw new DeviceUnavailableException(e.getMessage(), e);
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    /** The DMA driver (its reset count, its limits). */
    public AxiDma dma() {
        return dma;
    }

    /** The most samples one transfer carries; larger batches are split. */
    public int samplesPerTransfer() {
        return samplesPerTransfer;
    }

    @Override
    protected void run(ByteBuffer input, ByteBuffer output, int count) {
        DmaBuffer buffer = board.buffer();
        ByteBuffer view = buffer.view();
        int in = codec().inputBytes(1);
        int out = codec().outputBytes(1);
        for (int done = 0; done < count; ) {
            int n = Math.min(samplesPerTransfer, count - done);
            view.put(0, input, done * in, n * in);
            dma.transfer(buffer, 0, n * in, buffer, outputOffset, n * out);
            output.put(done * out, view, outputOffset, n * out);
            done += n;
        }
    }

    @Override
    protected void release() {
        board.close();
    }
}

package io.hgq4j.runtime.zynq;

import static io.hgq4j.runtime.zynq.AxiDma.ADDRESS;
import static io.hgq4j.runtime.zynq.AxiDma.CR_RESET;
import static io.hgq4j.runtime.zynq.AxiDma.CR_RUN;
import static io.hgq4j.runtime.zynq.AxiDma.DMACR;
import static io.hgq4j.runtime.zynq.AxiDma.DMASR;
import static io.hgq4j.runtime.zynq.AxiDma.LENGTH;
import static io.hgq4j.runtime.zynq.AxiDma.MM2S;
import static io.hgq4j.runtime.zynq.AxiDma.S2MM;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DMA_DEC_ERR;
import static io.hgq4j.runtime.zynq.AxiDma.SR_DMA_INT_ERR;
import static io.hgq4j.runtime.zynq.AxiDma.SR_ERR_IRQ;
import static io.hgq4j.runtime.zynq.AxiDma.SR_HALTED;
import static io.hgq4j.runtime.zynq.AxiDma.SR_IDLE;
import static io.hgq4j.runtime.zynq.AxiDma.SR_IOC_IRQ;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.EmulatedAccelerator;
import io.hgq4j.runtime.SampleCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The register model itself, driven by hand as PG021 describes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatedAxiDmaTest {

    private Path dir;
    private Artifact artifact;
    private SampleCodec codec;
    private EmulatedZynqBoard board;
    private EmulatedAxiDma dma;
    private DmaBuffer buffer;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        this.dir = dir;
        artifact = TestArtifacts.build(TestArtifacts.mlp(), "pynq-z2", dir);
        codec = SampleCodec.of(artifact.manifest(), artifact.model());
    }

    @BeforeEach
    void newBoard() {
        board = new EmulatedZynqBoard(artifact, EmulatedZynqBoard.defaultCore(artifact, 26), 1 << 16);
        dma = board.emulatedDma();
        buffer = board.buffer();
    }

    private void run() {
        dma.write32(MM2S + DMACR, CR_RUN);
        dma.write32(S2MM + DMACR, CR_RUN);
    }

    /** Random input words for {@code count} samples, flushed to the buffer at 0. */
    private ByteBuffer input(int count) {
        ByteBuffer in = codec.newInputBuffer(count);
        codec.encode(TestArtifacts.inputs(count, codec.inputSize(), 3), 0, count, in);
        buffer.view().put(0, in, 0, codec.inputBytes(count));
        buffer.flush(0, codec.inputBytes(count));
        return in;
    }

    @Test
    void afterResetBothChannelsAreHaltedAndLengthWritesDoNothing() {
        assertThat(dma.read32(MM2S + DMACR)).isEqualTo(0x00010002);
        assertThat(dma.read32(MM2S + DMASR)).isEqualTo(SR_HALTED);
        assertThat(dma.read32(S2MM + DMASR)).isEqualTo(SR_HALTED);
        input(1);
        dma.write32(MM2S + ADDRESS, (int) buffer.physicalAddress());
        dma.write32(MM2S + LENGTH, codec.inputBytes(1));
        assertThat(dma.transfers()).isZero();
        assertThat(dma.read32(MM2S + LENGTH)).isZero();
        run();
        assertThat(dma.read32(MM2S + DMASR) & (SR_HALTED | SR_IDLE)).as("not halted, and not idle before a transfer")
                .isZero();
    }

    @Test
    void theResetBitReadsOneUntilTheResetIsDoneThenEverythingIsBackToResetValues() {
        run();
        dma.write32(S2MM + ADDRESS, 0x1234);
        dma.write32(MM2S + DMACR, CR_RESET);
        int readsWithResetSet = 0;
        while ((dma.read32(S2MM + DMACR) & CR_RESET) != 0) {
            readsWithResetSet++;
        }
        assertThat(readsWithResetSet).isEqualTo((int) (EmulatedAxiDma.RESET_NS / EmulatedAxiDma.ACCESS_NS) - 1);
        assertThat(dma.read32(S2MM + ADDRESS)).isZero();
        assertThat(dma.read32(S2MM + DMASR)).isEqualTo(SR_HALTED);
    }

    @Test
    void aTransferIsIdleOnlyAfterTheAcceleratorsCyclesAndWritesItsOutput() {
        int count = 300;
        run();
        ByteBuffer in = input(count);
        int outOffset = 32768;
        dma.write32(S2MM + ADDRESS, (int) buffer.physicalAddress() + outOffset);
        dma.write32(S2MM + LENGTH, codec.outputBytes(count));
        dma.write32(MM2S + ADDRESS, (int) buffer.physicalAddress());
        long start = board.clock().nanos();
        dma.write32(MM2S + LENGTH, codec.inputBytes(count));
        EmulatedAccelerator accelerator = new EmulatedAccelerator(artifact, codec);
        double expectedNs = EmulatedAxiDma.SETUP_NS + accelerator.cycles(count) * 1000.0 / artifact.clockMhz();
        while ((dma.read32(S2MM + DMASR) & SR_IDLE) == 0) {
            assertThat(board.clock().nanos() - start).as("still busy").isLessThan((long) expectedNs + 1000);
        }
        long elapsed = board.clock().nanos() - start;
        // The LENGTH write itself takes one access; the first status read at or after completion sees Idle.
        assertThat(elapsed).isBetween((long) expectedNs + EmulatedAxiDma.ACCESS_NS,
                (long) expectedNs + 2 * EmulatedAxiDma.ACCESS_NS);
        assertThat(dma.read32(S2MM + DMASR) & SR_IOC_IRQ).isNotZero();
        assertThat(dma.read32(MM2S + DMASR) & SR_IDLE).isNotZero();
        assertThat(dma.read32(S2MM + LENGTH)).isEqualTo(codec.outputBytes(count));
        dma.write32(S2MM + DMASR, SR_IOC_IRQ);
        assertThat(dma.read32(S2MM + DMASR) & SR_IOC_IRQ).as("write 1 to clear").isZero();

        ByteBuffer expected = codec.newOutputBuffer(count);
        accelerator.process(in, 0, expected, 0, count);
        buffer.invalidate(outOffset, codec.outputBytes(count));
        assertThat(buffer.view().slice(outOffset, codec.outputBytes(count)))
                .isEqualTo(expected.slice(0, codec.outputBytes(count)));
    }

    @Test
    void withoutAFlushTheDmaReadsStaleMemory() {
        run();
        ByteBuffer in = codec.newInputBuffer(1);
        codec.encode(TestArtifacts.inputs(1, codec.inputSize(), 9), 0, 1, in);
        buffer.view().put(0, in, 0, codec.inputBytes(1));
        // no flush: memory still holds zeros, so the output is that of an all-zero input
        dma.write32(S2MM + ADDRESS, (int) buffer.physicalAddress() + 4096);
        dma.write32(S2MM + LENGTH, codec.outputBytes(1));
        dma.write32(MM2S + ADDRESS, (int) buffer.physicalAddress());
        dma.write32(MM2S + LENGTH, codec.inputBytes(1));
        while ((dma.read32(S2MM + DMASR) & SR_IDLE) == 0) {
            Thread.onSpinWait();
        }
        ByteBuffer zeroOut = codec.newOutputBuffer(1);
        new EmulatedAccelerator(artifact, codec).process(codec.newInputBuffer(1), 0, zeroOut, 0, 1);
        buffer.invalidate(4096, codec.outputBytes(1));
        assertThat(buffer.view().slice(4096, codec.outputBytes(1))).isEqualTo(zeroOut.slice(0, codec.outputBytes(1)));
    }

    @Test
    void anUnmappedAddressIsADecodeErrorThatHaltsTheChannel() {
        run();
        dma.write32(MM2S + ADDRESS, 0x0000_1000);
        dma.write32(MM2S + LENGTH, codec.inputBytes(1));
        int sr = dma.read32(MM2S + DMASR);
        assertThat(sr & (SR_DMA_DEC_ERR | SR_ERR_IRQ | SR_HALTED)).isEqualTo(SR_DMA_DEC_ERR | SR_ERR_IRQ | SR_HALTED);
        assertThat(dma.read32(MM2S + DMACR) & CR_RUN).as("RS cleared by the error").isZero();
        dma.write32(MM2S + DMACR, CR_RUN);
        assertThat(dma.read32(MM2S + DMASR) & SR_HALTED).as("only a reset clears an error").isNotZero();
    }

    @Test
    void anOutputLargerThanTheArmedLengthIsAnInternalError() {
        int count = 4;
        run();
        input(count);
        dma.write32(S2MM + ADDRESS, (int) buffer.physicalAddress() + 4096);
        dma.write32(S2MM + LENGTH, codec.outputBytes(count) - 8);
        dma.write32(MM2S + ADDRESS, (int) buffer.physicalAddress());
        dma.write32(MM2S + LENGTH, codec.inputBytes(count));
        int sr;
        while (((sr = dma.read32(S2MM + DMASR)) & (SR_IDLE | SR_HALTED)) == 0) {
            Thread.onSpinWait();
        }
        assertThat(sr & SR_DMA_INT_ERR).isNotZero();
    }

    @Test
    void anInputOfPartSamplesNeverCompletesAndLengthKeepsOnlyTheRegistersBits() {
        board = new EmulatedZynqBoard(artifact, EmulatedZynqBoard.defaultCore(artifact, 10), 1 << 16);
        dma = board.emulatedDma();
        buffer = board.buffer();
        run();
        input(2);
        dma.write32(S2MM + ADDRESS, (int) buffer.physicalAddress() + 4096);
        dma.write32(S2MM + LENGTH, codec.outputBytes(2));
        dma.write32(MM2S + ADDRESS, (int) buffer.physicalAddress());
        // 1024 + one sample: a 10-bit register keeps the low bits, one sample; so this one is whole
        dma.write32(MM2S + LENGTH, 1024 + codec.inputBytes(1));
        assertThat(dma.read32(MM2S + LENGTH)).isEqualTo(codec.inputBytes(1));
        for (int i = 0; i < 100_000 && (dma.read32(S2MM + DMASR) & SR_IDLE) == 0; i++) {
            Thread.onSpinWait();
        }
        assertThat(dma.read32(S2MM + LENGTH)).isEqualTo(codec.outputBytes(1));

        dma.write32(S2MM + LENGTH, codec.outputBytes(2));
        dma.write32(MM2S + LENGTH, codec.inputBytes(1) + 4);
        for (int i = 0; i < 100_000; i++) {
            assertThat(dma.read32(S2MM + DMASR) & SR_IDLE).isZero();
        }
    }

    @Test
    void randomRegisterTrafficNeverThrows() {
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            int offset = random.nextInt(0x60 / 4) * 4;
            if (random.nextBoolean()) {
                dma.read32(offset);
            } else {
                int value = random.nextInt(4) == 0 ? (int) buffer.physicalAddress() + random.nextInt(64) * 8
                        : random.nextInt(1 << 12);
                dma.write32(offset, value);
            }
        }
        ByteOrder order = buffer.view().order();
        assertThat(order).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }
}

package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.DeviceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The driver's checks and messages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AxiDmaTest {

    private Path dir;
    private Artifact artifact;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        this.dir = dir;
        artifact = TestArtifacts.build(TestArtifacts.mlp(), "pynq-z2", dir);
    }

    /** Registers that log every access, in front of another window. */
    static final class Recording implements Registers {
        final Registers target;
        final List<String> log = new ArrayList<>();

        Recording(Registers target) {
            this.target = target;
        }

        @Override
        public int size() {
            return target.size();
        }

        @Override
        public int read32(int offset) {
            log.add(String.format("R %02x", offset));
            return target.read32(offset);
        }

        @Override
        public void write32(int offset, int value) {
            log.add(String.format("W %02x", offset));
            target.write32(offset, value);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void describeNamesEveryStatusBit() {
        String all = AxiDma.describe(0x7777B);
        assertThat(all).startsWith("0x0007777b (").contains("Halted", "Idle", "SGIncld", "DMAIntErr = internal error",
                "DMASlvErr = slave error", "DMADecErr = decode error", "SGIntErr", "SGSlvErr", "SGDecErr", "IOC_Irq",
                "Dly_Irq", "Err_Irq", "IRQ threshold/delay 0x0007");
        assertThat(AxiDma.describe(0)).isEqualTo("0x00000000 (running)");
        assertThat(AxiDma.describe(AxiDma.SR_HALTED)).isEqualTo("0x00000001 (Halted)");
    }

    @Test
    void theDriverArmsS2mmFirstAndWritesEachLengthLast() {
        EmulatedZynqBoard board = new EmulatedZynqBoard(artifact, EmulatedZynqBoard.defaultCore(artifact, 26), 1 << 16);
        Recording regs = new Recording(board.dmaRegisters());
        AxiDma dma = new AxiDma(regs, board.dma(), board.nanoTime(), Duration.ofSeconds(1));
        dma.reset();
        regs.log.clear();
        var codec = io.hgq4j.runtime.SampleCodec.of(artifact.manifest(), artifact.model());
        int in = codec.inputBytes(2);
        int out = codec.outputBytes(2);
        dma.transfer(board.buffer(), 0, in, board.buffer(), 4096, out);
        assertThat(regs.log.subList(0, 4)).containsExactly("W 48", "W 58", "W 18", "W 28");
        assertThat(regs.log).contains("R 58").endsWith("W 04", "W 34");
    }

    @Test
    void aTransferLongerThanTheLengthRegisterIsRefusedBeforeAnyRegisterIsTouched() {
        EmulatedZynqBoard board = new EmulatedZynqBoard(artifact, EmulatedZynqBoard.defaultCore(artifact, 12), 1 << 16);
        Recording regs = new Recording(board.dmaRegisters());
        AxiDma dma = new AxiDma(regs, board.dma(), board.nanoTime(), Duration.ofSeconds(1));
        assertThat(dma.maxTransferBytes()).isEqualTo(4095);
        assertThatThrownBy(() -> dma.transfer(board.buffer(), 0, 4096, board.buffer(), 8192, 64))
                .isInstanceOf(DeviceException.class)
                .hasMessage("AXI DMA axi_dma_0: a MM2S (input) transfer of 4096 bytes does not fit the 12-bit length"
                        + " register (1 to 4095 bytes); split the batch, or rebuild with a larger --max-batch"
                        + " (c_sg_length_width)");
        assertThatThrownBy(() -> dma.transfer(board.buffer(), 0, 64, board.buffer(), 8192, 5000))
                .isInstanceOf(DeviceException.class).hasMessageContaining("S2MM (output) transfer of 5000 bytes");
        assertThatThrownBy(() -> dma.transfer(board.buffer(), 4, 64, board.buffer(), 8192, 64))
                .isInstanceOf(DeviceException.class).hasMessageContaining("not aligned to the 8-byte");
        assertThat(regs.log).isEmpty();
        assertThat(board.emulatedDma().transfers()).isZero();
    }

    @Test
    void aResetThatNeverCompletesTimesOut() {
        Registers stuck = new Registers() {
            @Override
            public int size() {
                return 0x10000;
            }

            @Override
            public int read32(int offset) {
                return AxiDma.CR_RESET;
            }

            @Override
            public void write32(int offset, int value) {
            }

            @Override
            public void close() {
            }
        };
        long[] now = {0};
        AxiDma dma = new AxiDma(stuck, EmulatedZynqBoard.defaultCore(artifact, 26), () -> now[0] += 1_000_000,
                Duration.ofMillis(100));
        assertThatThrownBy(dma::reset).isInstanceOf(DeviceException.class)
                .hasMessageContaining("the reset bit (DMACR.Reset) did not clear within PT0.1S");
    }
}

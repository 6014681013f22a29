package io.hgq4j.codegen.scripts;

import static io.hgq4j.codegen.scripts.ScriptFixtures.TB_DATA;
import static io.hgq4j.codegen.scripts.ScriptFixtures.TESTBENCH;
import static io.hgq4j.codegen.scripts.ScriptFixtures.ZYNQ_FIRMWARE;
import static io.hgq4j.codegen.scripts.ScriptFixtures.alveoU55c;
import static io.hgq4j.codegen.scripts.ScriptFixtures.pynqZ2;
import static io.hgq4j.codegen.scripts.ScriptFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildSpecTest {

    @Test
    void lengthWidthIsTheNarrowestRegisterThatHoldsTheTransfer() {
        assertThat(BuildSpec.dmaLengthWidth(1)).isEqualTo(8);
        assertThat(BuildSpec.dmaLengthWidth(255)).isEqualTo(8);
        assertThat(BuildSpec.dmaLengthWidth(256)).isEqualTo(9);
        assertThat(BuildSpec.dmaLengthWidth(511)).isEqualTo(9);
        assertThat(BuildSpec.dmaLengthWidth(512)).isEqualTo(10);
        // The IP's default of 14 bits ends at 16383 bytes; one more byte needs 15.
        assertThat(BuildSpec.dmaLengthWidth(16_383)).isEqualTo(14);
        assertThat(BuildSpec.dmaLengthWidth(16_384)).isEqualTo(15);
        assertThat(BuildSpec.dmaLengthWidth(1_000_000)).isEqualTo(20);
        assertThat(BuildSpec.dmaLengthWidth((1L << 25) - 1)).isEqualTo(25);
        assertThat(BuildSpec.dmaLengthWidth(1L << 25)).isEqualTo(26);
        assertThat(BuildSpec.dmaLengthWidth((1L << 26) - 1)).isEqualTo(26);
        assertThat(BuildSpec.MAX_DMA_TRANSFER_BYTES).isEqualTo(67_108_863L);
    }

    @Test
    void aTransferBeyondTwentySixBitsIsRefusedWithTheLimit() {
        assertThatThrownBy(() -> BuildSpec.dmaLengthWidth(1L << 26))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("67108864 bytes")
                .hasMessageContaining("67108863")
                .hasMessageContaining("26 bits");
        assertThatThrownBy(() -> BuildSpec.dmaLengthWidth(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BuildSpec.dmaLengthWidth(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> BuildSpec.dmaLengthWidth(-5)).hasMessageContaining("positive");
    }

    @Test
    void zynqSpecsRefuseTransfersTheDmaCannotDoButAlveoSpecsDoNotCare() {
        assertThatThrownBy(() -> spec(pynqZ2()).withMaxTransferBytes(1L << 26))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        BuildSpec alveo = spec(alveoU55c()).withMaxTransferBytes(1L << 32);
        assertThat(alveo.maxTransferBytes()).isEqualTo(1L << 32);
        assertThat(spec(pynqZ2()).withMaxTransferBytes(4096).dmaLengthWidth()).isEqualTo(13);
    }

    @Test
    void defaultsFollowTheBoardAndHls4ml() {
        BuildSpec spec = spec(alveoU55c());
        assertThat(spec.clockPeriodNs()).isEqualTo(1000.0 / 300.0);
        assertThat(spec.clockUncertainty()).isEqualTo(0.27);
        assertThat(spec.streamWidthBits()).isEqualTo(32);
        assertThat(spec.maxTransferBytes()).isEqualTo(BuildSpec.MAX_DMA_TRANSFER_BYTES);
        assertThat(spec.cosimByDefault()).isFalse();
        assertThat(spec(pynqZ2()).dmaLengthWidth()).isEqualTo(26);
    }

    @Test
    void topNamesFollowTheProjectName() {
        BuildSpec zynq = spec(pynqZ2());
        assertThat(zynq.coreTop()).isEqualTo("mlp");
        assertThat(zynq.zynqTop()).isEqualTo("mlp_axis");
        assertThat(zynq.alveoTop()).isEqualTo("mlp_kernel");
        assertThat(zynq.hlsTop()).isEqualTo("mlp_axis");
        assertThat(zynq.ipInstance()).isEqualTo("mlp_0");
        assertThat(spec(alveoU55c()).hlsTop()).isEqualTo("mlp_kernel");
    }

    @Test
    void dmaWidthsAndBurstsStayInsideWhatTheAxiDmaAccepts() {
        BuildSpec spec = spec(pynqZ2());
        assertThat(spec.withStreamWidthBits(8).memoryMapWidthBits()).isEqualTo(32);
        assertThat(spec.withStreamWidthBits(16).memoryMapWidthBits()).isEqualTo(32);
        assertThat(spec.withStreamWidthBits(64).memoryMapWidthBits()).isEqualTo(64);
        assertThat(spec.withStreamWidthBits(32).dmaBurstLength()).isEqualTo(256);
        assertThat(spec.withStreamWidthBits(128).dmaBurstLength()).isEqualTo(256);
        assertThat(spec.withStreamWidthBits(256).dmaBurstLength()).isEqualTo(128);
        assertThat(spec.withStreamWidthBits(1024).dmaBurstLength()).isEqualTo(32);
        for (int bad : new int[] {0, 4, 24, 33, 2048}) {
            assertThatThrownBy(() -> spec.withStreamWidthBits(bad))
                    .as("width %d", bad).hasMessageContaining("power of two from 8 to 1024");
        }
    }

    @Test
    void testbenchDataIsHandedOverByDirectory() {
        assertThat(spec(pynqZ2()).tbDataRoots()).containsExactly("tb_data");
        BuildSpec mixed = BuildSpec.of("m", pynqZ2(), ZYNQ_FIRMWARE, TESTBENCH,
                List.of("tb_data/a.dat", "golden.dat", "tb_data/sub/b.dat", "more/c.dat"));
        assertThat(mixed.tbDataRoots()).containsExactly("tb_data", "golden.dat", "more");
        assertThat(BuildSpec.of("m", pynqZ2(), ZYNQ_FIRMWARE, TESTBENCH, List.of()).tbDataRoots()).isEmpty();
    }

    @Test
    void refusesWhatWouldBreakTheScripts() {
        assertThatThrownBy(() -> BuildSpec.of("my-net", pynqZ2(), ZYNQ_FIRMWARE, TESTBENCH, TB_DATA))
                .hasMessageContaining("C identifier");
        assertThatThrownBy(() -> BuildSpec.of("1net", pynqZ2(), ZYNQ_FIRMWARE, TESTBENCH, TB_DATA))
                .hasMessageContaining("C identifier");
        assertThatThrownBy(() -> BuildSpec.of("mlp", pynqZ2(), List.of(), TESTBENCH, TB_DATA))
                .hasMessageContaining("no firmware sources");
        for (String path : List.of("../x.cpp", "/abs/x.cpp", "firmware/./x.cpp", "my file.cpp", "a//b.cpp",
                "x.cpp;rm", "", "firmware/")) {
            assertThatThrownBy(() -> BuildSpec.of("mlp", pynqZ2(), List.of(path), TESTBENCH, TB_DATA))
                    .as(path).hasMessageContaining("relative path inside OUT/hls");
        }
        assertThatThrownBy(() -> BuildSpec.of("mlp", pynqZ2(), ZYNQ_FIRMWARE, "tb/$(x).cpp", TB_DATA))
                .hasMessageContaining("testbench");
        assertThatThrownBy(() -> spec(pynqZ2()).withClockPeriodNs(0)).hasMessageContaining("clock period");
        assertThatThrownBy(() -> spec(pynqZ2()).withClockPeriodNs(Double.NaN)).hasMessageContaining("clock period");
        assertThatThrownBy(() -> spec(pynqZ2()).withClockUncertainty(1)).hasMessageContaining("uncertainty");
        assertThatThrownBy(() -> spec(pynqZ2()).withClockUncertainty(-0.1)).hasMessageContaining("uncertainty");
    }
}

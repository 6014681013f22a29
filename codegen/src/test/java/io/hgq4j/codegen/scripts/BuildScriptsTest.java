package io.hgq4j.codegen.scripts;

import static io.hgq4j.codegen.scripts.ScriptFixtures.alveoU250;
import static io.hgq4j.codegen.scripts.ScriptFixtures.alveoU55c;
import static io.hgq4j.codegen.scripts.ScriptFixtures.pynqZ2;
import static io.hgq4j.codegen.scripts.ScriptFixtures.spec;
import static io.hgq4j.codegen.scripts.ScriptFixtures.zcu104;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.boards.AlveoMemory;
import io.hgq4j.boards.Board;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildScriptsTest {

    @TempDir
    Path out;

    @Test
    void writesTheScriptsOfTheBoardsFamily() throws IOException {
        BuildScripts.write(spec(pynqZ2()), out.resolve("zynq"));
        assertThat(out.resolve("zynq/Makefile")).isRegularFile();
        assertThat(out.resolve("zynq/hls/build_prj.tcl")).isRegularFile();
        assertThat(out.resolve("zynq/zynq/build_bitstream.tcl")).isRegularFile();
        assertThat(out.resolve("zynq/alveo")).doesNotExist();

        BuildScripts.write(spec(alveoU55c()), out.resolve("alveo"));
        assertThat(out.resolve("alveo/Makefile")).isRegularFile();
        assertThat(out.resolve("alveo/hls/build_prj.tcl")).isRegularFile();
        assertThat(out.resolve("alveo/alveo/link.cfg")).isRegularFile();
        assertThat(out.resolve("alveo/zynq")).doesNotExist();
    }

    @Test
    void rewritingReplacesTheScripts() throws IOException {
        BuildScripts.write(spec(pynqZ2()).withClockPeriodNs(10), out);
        BuildScripts.write(spec(pynqZ2()).withClockPeriodNs(5), out);
        assertThat(Files.readString(out.resolve("hls/build_prj.tcl"))).contains("set clock_period      5 ")
                .doesNotContain("set clock_period      10");
    }

    @Test
    void linkConfigNamesOneComputeUnitAndTheBankOfItsBuffers() {
        assertThat(BuildScripts.linkConfig(spec(alveoU55c())).lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "[connectivity]",
                "nk=mlp_kernel:1:mlp_kernel_1",
                "sp=mlp_kernel_1.in:HBM[0]",
                "sp=mlp_kernel_1.out:HBM[0]");
        assertThat(BuildScripts.linkConfig(spec(alveoU250()))).contains("sp=mlp_kernel_1.in:DDR[0]\n",
                "sp=mlp_kernel_1.out:DDR[0]\n");
    }

    @Test
    void anUnknownCardLeavesTheBankToVplusplus() {
        Board vck = new Board("vck5000", "AMD VCK5000", Board.Family.ALVEO, "xcvc1902-vsvd1760-2MP-e-S",
                Optional.empty(), List.of(300.0), new Board.Resources(899_840, 1_799_680, 1_968, 1_934, 463),
                Board.InterfaceKind.XRT_MEMORY_MAPPED, Optional.of("xilinx_vck5000_gen4x8_qdma_2_202220_1"));
        String cfg = BuildScripts.linkConfig(spec(vck));
        assertThat(cfg).contains("nk=mlp_kernel:1:mlp_kernel_1").doesNotContain("sp=");
    }

    @Test
    void memoryBankFollowsTheCardInThePlatformName() {
        assertThat(AlveoMemory.defaultBank("xilinx_u55c_gen3x16_xdma_3_202210_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u50_gen3x16_xdma_5_202210_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u50lv_gen3x4_xdma_2_202010_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u280_gen3x16_xdma_1_202211_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u280_xdma_201920_3")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u200_gen3x16_xdma_2_202110_1")).contains("DDR[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u250_xdma_201830_2")).contains("DDR[0]");
        assertThat(AlveoMemory.defaultBank("/opt/platforms/xilinx_u250_gen3x16_xdma_4_1_202210_1/"
                + "xilinx_u250_gen3x16_xdma_4_1_202210_1.xpfm")).contains("DDR[0]");
        assertThat(AlveoMemory.defaultBank("XILINX_U55C_GEN3X16_XDMA_3_202210_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_vck5000_gen4x8_qdma_2_202220_1")).isEmpty();
        assertThat(AlveoMemory.defaultBank("xilinx_u30_gen3x4_base_2")).isEmpty();
        assertThat(AlveoMemory.defaultBank("my_platform")).isEmpty();
        // "u2500" or "xu250" are not the U250.
        assertThat(AlveoMemory.defaultBank("vendor_xu250_board")).isEmpty();
    }

    @Test
    void eachFamilyHasOnlyItsOwnDownstreamScript() {
        assertThatThrownBy(() -> BuildScripts.bitstreamScript(spec(alveoU55c())))
                .hasMessageContaining("alveo-u55c is an Alveo card");
        assertThatThrownBy(() -> BuildScripts.linkConfig(spec(zcu104())))
                .hasMessageContaining("zcu104 is not an Alveo card");
    }

    @Test
    void theMakefileKeepsItsRecipeTabs() {
        String makefile = BuildScripts.makefile(spec(pynqZ2()));
        assertThat(makefile.lines().filter(l -> l.startsWith("\t"))).isNotEmpty()
                .allMatch(l -> !l.startsWith("\t\t") && !l.startsWith("\t "));
        assertThat(makefile).doesNotContain("{{", "}}");
        assertThat(BuildScripts.hlsScript(spec(pynqZ2()))).doesNotContain("{{", "}}");
        assertThat(BuildScripts.bitstreamScript(spec(zcu104()))).doesNotContain("{{", "}}");
    }

    @Test
    void theSettingsBlocksStateTheValuesTheScriptsUse() {
        String hls = BuildScripts.hlsScript(spec(alveoU55c()));
        assertThat(hls).contains("set project_name      mlp\n", "set top               mlp_kernel\n",
                "set flow_target       vitis\n", "set export_format     xo\n",
                "set xo_file           ../alveo/mlp_kernel.xo\n",
                "set firmware_sources  {firmware/mlp.cpp firmware/mlp_kernel.cpp}\n",
                "set testbench         tb/mlp_test.cpp\n", "set clock_uncertainty 27%\n");
        String vivado = BuildScripts.bitstreamScript(spec(pynqZ2()).withMaxTransferBytes(70_000));
        assertThat(vivado).contains("set ps_family        zynq7\n", "set board_part       tul.com.tw:pynq-z2:part0:1.0 ;#",
                "set ip_instance      mlp_0\n").containsPattern("set dma_length_width 17 +;# .*70000 bytes");
    }
}

package io.hgq4j.codegen.scripts;

import static io.hgq4j.codegen.scripts.ScriptFixtures.alveoU55c;
import static io.hgq4j.codegen.scripts.ScriptFixtures.assertInOrder;
import static io.hgq4j.codegen.scripts.ScriptFixtures.bareZynq;
import static io.hgq4j.codegen.scripts.ScriptFixtures.line;
import static io.hgq4j.codegen.scripts.ScriptFixtures.lines;
import static io.hgq4j.codegen.scripts.ScriptFixtures.project;
import static io.hgq4j.codegen.scripts.ScriptFixtures.pynqZ2;
import static io.hgq4j.codegen.scripts.ScriptFixtures.runStubbed;
import static io.hgq4j.codegen.scripts.ScriptFixtures.spec;
import static io.hgq4j.codegen.scripts.ScriptFixtures.stub;
import static io.hgq4j.codegen.scripts.ScriptFixtures.zcu104;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.codegen.scripts.ScriptFixtures.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated TCL under tclsh with stand-ins for every vendor command (test resource
 * {@code vendor_stub.tcl}) and checks the calls they make.
 */
class TclScriptsTest {

    private static final Map<String, String> ALL_STEPS = Map.of("HGQ4J_RESET", "1", "HGQ4J_CSIM", "1",
            "HGQ4J_SYNTH", "1", "HGQ4J_COSIM", "1", "HGQ4J_EXPORT", "1");

    @TempDir
    Path tmp;
    private Path out;
    private Path stub;
    private Path elsewhere;

    @BeforeEach
    void setUp() throws IOException {
        out = tmp.resolve("out");
        stub = stub(tmp);
        // The scripts must not depend on the directory they are started from.
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    }

    private Result hls(Map<String, String> env, Path log) {
        return runStubbed(stub, out.resolve("hls/build_prj.tcl"), log, elsewhere, env);
    }

    private Result vivado(Map<String, String> env, Path log) {
        return runStubbed(stub, out.resolve("zynq/build_bitstream.tcl"), log, elsewhere, env);
    }

    @Test
    void hlsForZynqSynthesizesTheAxisWrapperAndExportsAnIp() {
        project(out, spec(pynqZ2()).withClockPeriodNs(8).withClockUncertainty(0.125));
        Path log = tmp.resolve("hls.log");
        hls(ALL_STEPS, log).succeeded();

        List<String> calls = lines(log);
        String hlsDir = out.resolve("hls").toString();
        assertThat(calls).containsExactly(
                "open_project -reset mlp_prj",
                "set_top mlp_axis",
                "add_files firmware/mlp.cpp -cflags {-std=c++14 -I" + hlsDir + " -I" + hlsDir + "/firmware}",
                "add_files firmware/mlp_axis.cpp -cflags {-std=c++14 -I" + hlsDir + " -I" + hlsDir + "/firmware}",
                "add_files -tb tb/mlp_test.cpp -cflags {-std=c++14 -I" + hlsDir + " -I" + hlsDir + "/firmware}",
                "add_files -tb tb_data",
                "open_solution -reset -flow_target vivado solution1",
                "set_part xc7z020clg400-1",
                "create_clock -period 8 -name default",
                "set_clock_uncertainty 12.5% default",
                "csim_design",
                "csynth_design",
                "cosim_design",
                "export_design -format ip_catalog",
                "exit 0");
        assertThat(out.resolve("hls/mlp_prj/solution1/impl/ip")).isDirectory();
    }

    @Test
    void hlsStepsFollowTheEnvironmentAndDefaultToTheSpec() {
        project(out, spec(pynqZ2()).withCosimByDefault(true));
        Path csimOnly = tmp.resolve("csim.log");
        hls(Map.of("HGQ4J_RESET", "0", "HGQ4J_SYNTH", "0", "HGQ4J_EXPORT", "false"), csimOnly).succeeded();
        assertThat(lines(csimOnly)).contains("open_project mlp_prj", "open_solution -flow_target vivado solution1",
                "csim_design").doesNotContain("csynth_design", "cosim_design").noneMatch(l -> l.startsWith("export"));

        // Nothing set: the whole flow, with co-simulation because this spec asks for it.
        Path defaults = tmp.resolve("defaults.log");
        hls(Map.of(), defaults).succeeded();
        assertInOrder(lines(defaults), "open_project -reset mlp_prj", "csim_design", "csynth_design",
                "cosim_design", "export_design -format ip_catalog");

        Path noCosim = tmp.resolve("nocosim.log");
        project(out, spec(pynqZ2()));
        hls(Map.of("HGQ4J_CSIM", ""), noCosim).succeeded();
        assertThat(lines(noCosim)).contains("csim_design", "csynth_design").doesNotContain("cosim_design");
    }

    @Test
    void aMistypedStepSwitchStopsTheScript() {
        project(out, spec(pynqZ2()));
        Result result = hls(Map.of("HGQ4J_CSIM", "maybe"), tmp.resolve("bad.log")).failed();
        assertThat(result.stderr()).contains("HGQ4J_CSIM must be 1 or 0, not 'maybe'");
    }

    @Test
    void hlsForAlveoBuildsTheKernelAndExportsTheKernelObjectWhereVplusplusLooksForIt() {
        project(out, spec(alveoU55c()));
        Path log = tmp.resolve("hls.log");
        hls(Map.of("HGQ4J_COSIM", "0"), log).succeeded();

        List<String> calls = lines(log);
        assertInOrder(calls,
                "open_project -reset mlp_prj",
                "set_top mlp_kernel",
                "add_files firmware/mlp.cpp -cflags",
                "add_files firmware/mlp_kernel.cpp -cflags",
                "add_files -tb tb/mlp_test.cpp",
                "add_files -tb tb_data",
                "open_solution -reset -flow_target vitis solution1",
                "set_part xcu55c-fsvh2892-2L-e",
                "create_clock -period 3.3333 -name default",
                "set_clock_uncertainty 27% default",
                "csim_design",
                "csynth_design",
                "export_design -format xo -output " + out.resolve("alveo/mlp_kernel.xo"));
        assertThat(calls).doesNotContain("cosim_design");
        assertThat(out.resolve("alveo/mlp_kernel.xo")).content().contains("mlp_kernel", "xcu55c");
    }

    @Test
    void zynq7000BlockDesignFeedsTheIpFromASimpleModeDma() {
        project(out, spec(pynqZ2()).withMaxTransferBytes(1_000_000));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        vivado(Map.of(), log).succeeded();

        List<String> calls = lines(log);
        String zynq = out.resolve("zynq").toString();
        assertInOrder(calls,
                "create_project mlp_vivado " + zynq + "/vivado -part xc7z020clg400-1 -force",
                "set_property board_part tul.com.tw:pynq-z2:part0:1.0 mlp_vivado",
                "set_property ip_repo_paths " + out.resolve("hls/mlp_prj/solution1/impl/ip") + " mlp_vivado",
                "update_ip_catalog",
                "create_bd_design design_1",
                "create_bd_cell -type ip -vlnv xilinx.com:ip:processing_system7 processing_system7_0",
                "apply_bd_automation -rule xilinx.com:bd_rule:processing_system7 -config {make_external {FIXED_IO,"
                        + " DDR} apply_board_preset 1 Master Disable Slave Disable} processing_system7_0",
                "set_property -dict {CONFIG.PCW_USE_M_AXI_GP0 1",
                "create_bd_cell -type ip -vlnv xilinx.com:ip:axi_dma axi_dma_0",
                "create_bd_cell -type ip -vlnv xilinx.com:hls:mlp_axis:1.0 mlp_0",
                "connect_bd_intf_net axi_dma_0/M_AXIS_MM2S mlp_0/in_stream",
                "connect_bd_intf_net mlp_0/out_stream axi_dma_0/S_AXIS_S2MM",
                "apply_bd_automation -rule xilinx.com:bd_rule:axi4",
                "connect_bd_net -net net:axi_dma_0/m_axi_mm2s_aclk mlp_0/ap_clk",
                "connect_bd_net -net net:axi_dma_0/axi_resetn mlp_0/ap_rst_n",
                "assign_bd_address",
                "validate_bd_design",
                "save_bd_design",
                "make_wrapper -files",
                "add_files -norecurse " + zynq + "/vivado/mlp_vivado.gen/sources_1/bd/design_1/hdl/design_1_wrapper.v",
                "set_property top design_1_wrapper sources_1",
                "launch_runs impl_1 -to_step write_bitstream -jobs 2",
                "wait_on_run impl_1");

        Map<String, String> ps = config(line(calls, "set_property -dict {CONFIG.PCW_USE_M_AXI_GP0"));
        assertThat(ps).containsEntry("PCW_USE_S_AXI_HP0", "1").containsEntry("PCW_FPGA0_PERIPHERAL_FREQMHZ", "100");
        assertDma(calls, "20", "32", "32");
        assertAxiAutomation(calls, "/processing_system7_0/M_AXI_GP0", "/processing_system7_0/S_AXI_HP0");
        assertOverlay();
    }

    @Test
    void mpsocBlockDesignUsesHp0FpdAndThePlClockOfTheHlsClock() {
        project(out, spec(zcu104()).withClockPeriodNs(5).withStreamWidthBits(64).withMaxTransferBytes(16_384));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        vivado(Map.of("HGQ4J_JOBS", "6"), log).succeeded();

        List<String> calls = lines(log);
        assertInOrder(calls,
                "create_project mlp_vivado " + out.resolve("zynq/vivado") + " -part xczu7ev-ffvc1156-2-e -force",
                "set_property board_part xilinx.com:zcu104:part0:1.1 mlp_vivado",
                "create_bd_cell -type ip -vlnv xilinx.com:ip:zynq_ultra_ps_e zynq_ultra_ps_e_0",
                "apply_bd_automation -rule xilinx.com:bd_rule:zynq_ultra_ps_e -config {apply_board_preset 1}",
                "set_property -dict {CONFIG.PSU__USE__M_AXI_GP0 1",
                "create_bd_cell -type ip -vlnv xilinx.com:ip:axi_dma axi_dma_0",
                "create_bd_cell -type ip -vlnv xilinx.com:hls:mlp_axis:1.0 mlp_0",
                "validate_bd_design",
                "launch_runs impl_1 -to_step write_bitstream -jobs 6");
        Map<String, String> ps = config(line(calls, "set_property -dict {CONFIG.PSU__USE__M_AXI_GP0"));
        assertThat(ps).containsEntry("PSU__USE__S_AXI_GP2", "1")
                .containsEntry("PSU__USE__M_AXI_GP1", "0")
                .containsEntry("PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ", "200");
        assertDma(calls, "15", "64", "64");
        assertAxiAutomation(calls, "/zynq_ultra_ps_e_0/M_AXI_HPM0_FPD", "/zynq_ultra_ps_e_0/S_AXI_HP0_FPD");
        assertOverlay();
    }

    @Test
    void narrowStreamsGetTheDmaMinimumMemoryWidth() {
        project(out, spec(pynqZ2()).withStreamWidthBits(16).withMaxTransferBytes(200));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        vivado(Map.of(), log).succeeded();
        assertDma(lines(log), "8", "16", "32");
    }

    @Test
    void withoutBoardFilesTheDesignIsBuiltWithoutThePreset() {
        project(out, spec(pynqZ2()));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        Result result = vivado(Map.of("STUB_NO_BOARD_PARTS", "1"), log).succeeded();
        assertThat(result.stdout()).contains("WARNING: board part tul.com.tw:pynq-z2:part0:1.0 is not installed");
        List<String> calls = lines(log);
        assertThat(calls).noneMatch(l -> l.startsWith("set_property board_part"));
        assertThat(calls).anyMatch(l -> l.contains("apply_board_preset 0"));
        assertOverlay();
    }

    @Test
    void aBoardWithoutBoardPartNeverAsksForOne() {
        project(out, spec(bareZynq()));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        vivado(Map.of(), log).succeeded();
        assertThat(lines(log)).noneMatch(l -> l.startsWith("get_board_parts") || l.startsWith("set_property board_part"))
                .anyMatch(l -> l.contains("apply_board_preset 0"))
                .anyMatch(l -> l.contains("CONFIG.PCW_FPGA0_PERIPHERAL_FREQMHZ 50"));
        assertOverlay();
    }

    @Test
    void mpsocWithoutBoardFilesSkipsThePresetButStillEnablesItsPorts() {
        project(out, spec(zcu104()));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Path log = tmp.resolve("vivado.log");
        vivado(Map.of("STUB_NO_BOARD_PARTS", "1"), log).succeeded();
        assertThat(lines(log)).noneMatch(l -> l.contains("bd_rule:zynq_ultra_ps_e"));
        assertOverlay();
    }

    @Test
    void theBitstreamScriptNeedsTheExportedIp() {
        project(out, spec(pynqZ2()));
        Result result = vivado(Map.of(), tmp.resolve("vivado.log")).failed();
        assertThat(result.stderr()).contains("run 'make ip' first");
    }

    @Test
    void anIpWithBlockLevelControlIsRefusedBecauseNothingWouldStartIt() {
        project(out, spec(pynqZ2()));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Result result = vivado(Map.of("STUB_HLS_CONTROL", "ap_ctrl_hs"), tmp.resolve("vivado.log")).failed();
        assertThat(result.stderr()).contains("mlp_axis has block-level control", "ap_ctrl_none port=return");
        assertThat(out.resolve("zynq/overlay/mlp.bit")).doesNotExist();
    }

    @Test
    void failedTimingIsReported() {
        project(out, spec(pynqZ2()));
        hls(ALL_STEPS, tmp.resolve("hls.log")).succeeded();
        Result result = vivado(Map.of("STUB_WNS", "-0.25"), tmp.resolve("vivado.log")).succeeded();
        assertThat(result.stdout()).contains("WARNING: timing not met (worst negative slack -0.25 ns at 100 MHz)");
    }

    @Test
    void theStubRejectsUnknownCommandsAndMisnamedPins() throws IOException {
        Path script = tmp.resolve("typo.tcl");
        Files.writeString(script, "open_project p\nset_prat xc7z020clg400-1\n");
        Result typo = runStubbed(stub, script, tmp.resolve("typo.log"), tmp, Map.of()).failed();
        assertThat(typo.stderr()).contains("unknown command 'set_prat'");

        Files.writeString(script, """
                create_project p vivado -part xc7z020clg400-1
                create_bd_design design_1
                create_bd_cell -type ip -vlnv xilinx.com:ip:axi_dma axi_dma_0
                get_bd_intf_pins axi_dma_0/M_AXIS_MM2s
                """);
        Result pin = runStubbed(stub, script, tmp.resolve("pin.log"), tmp, Map.of()).failed();
        assertThat(pin.stderr()).contains("axi_dma_0 (axi_dma) has no intf 'M_AXIS_MM2s'");

        // Scatter-gather is the DMA's default: left on, its SG port stays unconnected.
        Files.writeString(script, """
                create_project p vivado2 -part xc7z020clg400-1
                create_bd_design design_1
                create_bd_cell -type ip -vlnv xilinx.com:ip:axi_dma axi_dma_0
                validate_bd_design
                """);
        Result sg = runStubbed(stub, script, tmp.resolve("sg.log"), tmp, Map.of()).failed();
        assertThat(sg.stderr()).contains("validate_bd_design: axi_dma_0/");
    }

    @Test
    void aMissingToolFailsTheTestsWithTheFix() {
        assertThatThrownBy(() -> ScriptFixtures.require("hgq4j-no-such-tool", "some-package"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("hgq4j-no-such-tool is not on PATH")
                .hasMessageContaining("sudo apt-get install some-package");
    }

    private void assertOverlay() {
        assertThat(out.resolve("zynq/overlay/mlp.bit")).hasContent("stub bitstream");
        assertThat(out.resolve("zynq/overlay/mlp.hwh")).hasContent("stub hwh");
        assertThat(out.resolve("zynq/reports/utilization.rpt")).exists();
    }

    private static void assertDma(List<String> calls, String lengthWidth, String streamWidth, String mmWidth) {
        Map<String, String> dma = config(line(calls, "set_property -dict {CONFIG.c_include_sg"));
        assertThat(dma).containsEntry("c_include_sg", "0")
                .containsEntry("c_include_mm2s", "1")
                .containsEntry("c_include_s2mm", "1")
                .containsEntry("c_sg_length_width", lengthWidth)
                .containsEntry("c_m_axis_mm2s_tdata_width", streamWidth)
                .containsEntry("c_s_axis_s2mm_tdata_width", streamWidth)
                .containsEntry("c_m_axi_mm2s_data_width", mmWidth)
                .containsEntry("c_m_axi_s2mm_data_width", mmWidth);
        assertThat(line(calls, "set_property -dict {CONFIG.c_include_sg")).endsWith(" axi_dma_0");
    }

    private static void assertAxiAutomation(List<String> calls, String psMaster, String psSlave) {
        List<Map<String, String>> automations = calls.stream()
                .filter(l -> l.startsWith("apply_bd_automation -rule xilinx.com:bd_rule:axi4"))
                .map(TclScriptsTest::automationConfig).toList();
        assertThat(automations).extracting(a -> a.get("Master") + " -> " + a.get("Slave")).containsExactly(
                psMaster + " -> /axi_dma_0/S_AXI_LITE",
                "/axi_dma_0/M_AXI_MM2S -> " + psSlave,
                "/axi_dma_0/M_AXI_S2MM -> " + psSlave);
    }

    private static final Pattern CONFIG_PAIR = Pattern.compile("CONFIG\\.(\\S+) (\\S+)");
    private static final Pattern AUTOMATION_PAIR = Pattern.compile("(\\w+) (\\S+)");

    /** The CONFIG.name value pairs of a logged {@code set_property -dict}. */
    private static Map<String, String> config(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = CONFIG_PAIR.matcher(line);
        while (m.find()) {
            values.put(m.group(1), m.group(2).replace("}", ""));
        }
        return values;
    }

    /** The key value pairs of a logged {@code apply_bd_automation -config {...}} (values without spaces). */
    private static Map<String, String> automationConfig(String line) {
        String body = line.substring(line.indexOf("-config {") + 9, line.lastIndexOf('}'));
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = AUTOMATION_PAIR.matcher(body);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }
}

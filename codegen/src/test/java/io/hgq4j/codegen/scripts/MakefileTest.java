package io.hgq4j.codegen.scripts;

import static io.hgq4j.codegen.scripts.ScriptFixtures.alveoU55c;
import static io.hgq4j.codegen.scripts.ScriptFixtures.assertInOrder;
import static io.hgq4j.codegen.scripts.ScriptFixtures.executable;
import static io.hgq4j.codegen.scripts.ScriptFixtures.lines;
import static io.hgq4j.codegen.scripts.ScriptFixtures.project;
import static io.hgq4j.codegen.scripts.ScriptFixtures.pynqZ2;
import static io.hgq4j.codegen.scripts.ScriptFixtures.run;
import static io.hgq4j.codegen.scripts.ScriptFixtures.spec;
import static io.hgq4j.codegen.scripts.ScriptFixtures.stub;
import static io.hgq4j.codegen.scripts.ScriptFixtures.tclsh;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.codegen.scripts.ScriptFixtures.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Makefile, dry-run with {@code make -n} and run for real with fake vendor tools. */
class MakefileTest {

    private static final String HLS_ENV = "cd hls && HGQ4J_RESET=%s HGQ4J_CSIM=%s HGQ4J_SYNTH=%s HGQ4J_COSIM=%s"
            + " HGQ4J_EXPORT=%s ";
    private static final String CSIM = HLS_ENV.formatted(0, 1, 0, 0, 0);
    private static final String SYNTH = HLS_ENV.formatted(1, 0, 1, 0, 0);
    private static final String COSIM = HLS_ENV.formatted(0, 0, 0, 1, 0);
    private static final String EXPORT = HLS_ENV.formatted(0, 0, 0, 0, 1);
    private static final String VITIS_HLS = "vitis_hls -f build_prj.tcl";
    private static final String VIVADO = "cd zynq && HGQ4J_JOBS=2 vivado -mode batch -nojournal -log vivado.log"
            + " -source build_bitstream.tcl";

    @TempDir
    Path tmp;

    private Result make(Path out, String... args) {
        List<String> command = new ArrayList<>(List.of(ScriptFixtures.make(), "--no-print-directory"));
        command.addAll(List.of(args));
        return run(out, Map.of(), command);
    }

    /** The commands {@code make -n} would run, one per line, without the timestamp bookkeeping. */
    private List<String> dryRun(Path out, String... args) {
        List<String> command = new ArrayList<>(List.of("-n"));
        command.addAll(List.of(args));
        return make(out, command.toArray(String[]::new)).succeeded().stdout().lines()
                .filter(l -> !l.startsWith("mkdir -p hls/.stamps") && !l.startsWith("touch ")).toList();
    }

    @Test
    void eachHlsTargetRunsTheHlsScriptWithItsSteps() {
        Path out = project(tmp, spec(pynqZ2()));
        assertThat(dryRun(out, "csim", "HLS_TOOL=vitis_hls")).containsExactly(CSIM + VITIS_HLS);
        assertThat(dryRun(out, "synth", "HLS_TOOL=vitis-run"))
                .containsExactly(SYNTH + "vitis-run --mode hls --tcl build_prj.tcl");
        assertThat(dryRun(out, "cosim", "HLS_TOOL=vitis_hls")).containsExactly(SYNTH + VITIS_HLS, COSIM + VITIS_HLS);
        assertThat(dryRun(out, "ip", "HLS_TOOL=vitis_hls")).containsExactly(SYNTH + VITIS_HLS, EXPORT + VITIS_HLS);
        assertThat(dryRun(out, "ip", "HLS_TOOL=vitis_hls", "COSIM=1"))
                .containsExactly(SYNTH + VITIS_HLS, COSIM + VITIS_HLS, EXPORT + VITIS_HLS);
        // A full path to the tool still selects the vitis-run command line.
        assertThat(dryRun(out, "csim", "HLS_TOOL=/opt/vitis/bin/vitis-run"))
                .containsExactly(CSIM + "/opt/vitis/bin/vitis-run --mode hls --tcl build_prj.tcl");
    }

    @Test
    void cosimIsPartOfExportWhenTheSpecAsksForIt() {
        Path out = project(tmp, spec(pynqZ2()).withCosimByDefault(true));
        assertThat(dryRun(out, "ip", "HLS_TOOL=vitis_hls"))
                .containsExactly(SYNTH + VITIS_HLS, COSIM + VITIS_HLS, EXPORT + VITIS_HLS);
        assertThat(dryRun(out, "ip", "HLS_TOOL=vitis_hls", "COSIM=0"))
                .containsExactly(SYNTH + VITIS_HLS, EXPORT + VITIS_HLS);
    }

    @Test
    void zynqBitstreamRunsHlsThenVivado() {
        Path out = project(tmp, spec(pynqZ2()));
        assertThat(dryRun(out, "bitstream", "HLS_TOOL=vitis_hls"))
                .containsExactly(SYNTH + VITIS_HLS, EXPORT + VITIS_HLS, VIVADO);
        assertThat(dryRun(out, "bitstream", "HLS_TOOL=vitis_hls", "JOBS=8", "VIVADO=/tools/vivado"))
                .endsWith("cd zynq && HGQ4J_JOBS=8 /tools/vivado -mode batch -nojournal -log vivado.log"
                        + " -source build_bitstream.tcl");
        Result xclbin = make(out, "xclbin").failed();
        assertThat(xclbin.stderr()).contains("pynq-z2 is a Zynq board", "make bitstream");
        assertThat(dryRun(out, "clean")).singleElement().asString()
                .startsWith("rm -rf hls/mlp_prj hls/.stamps").contains("zynq/vivado", "zynq/overlay")
                .doesNotContain("hls/firmware", "build_bitstream.tcl", "Makefile");
    }

    @Test
    void alveoXclbinRunsHlsThenTheVplusplusLink() {
        Path out = project(tmp, spec(alveoU55c()));
        assertThat(dryRun(out, "xclbin", "HLS_TOOL=vitis_hls")).containsExactly(SYNTH + VITIS_HLS, EXPORT + VITIS_HLS,
                "v++ -l -t hw --platform xilinx_u55c_gen3x16_xdma_3_202210_1 --config alveo/link.cfg"
                        + " --temp_dir alveo/_x --log_dir alveo/logs --report_dir alveo/reports  -o alveo/mlp.xclbin"
                        + " alveo/mlp_kernel.xo");
        assertThat(dryRun(out, "xclbin", "HLS_TOOL=vitis_hls", "TARGET=hw_emu", "PLATFORM=my_platform",
                "VPP_LINK_FLAGS=--optimize 3"))
                .last().asString().startsWith("v++ -l -t hw_emu --platform my_platform --config alveo/link.cfg")
                .contains(" --optimize 3 -o alveo/mlp.xclbin alveo/mlp_kernel.xo");
        Result bitstream = make(out, "bitstream").failed();
        assertThat(bitstream.stderr()).contains("alveo-u55c is an Alveo card", "make xclbin");
        assertThat(dryRun(out, "clean")).singleElement().asString()
                .contains("alveo/mlp_kernel.xo", "alveo/mlp.xclbin*", "alveo/_x").doesNotContain("link.cfg");
    }

    @Test
    void helpIsTheDefaultAndNamesTheToolOfEachTarget() {
        Path zynq = project(tmp.resolve("zynq"), spec(pynqZ2()));
        String help = make(zynq, "HLS_TOOL=vitis_hls").succeeded().stdout();
        assertThat(help).contains("pynq-z2", "xc7z020clg400-1", "100 MHz")
                .contains("make csim", "make csim-gcc", "make synth", "make cosim", "make ip", "make bitstream",
                        "make clean")
                .contains("[vitis-run or vitis_hls]", "[vivado]", "[g++]", "zynq/overlay/mlp.bit")
                .doesNotContain("make xclbin", "$(");
        assertThat(help.lines()).filteredOn(l -> l.startsWith("  make ")).hasSize(7);

        Path alveo = project(tmp.resolve("alveo"), spec(alveoU55c()));
        String alveoHelp = make(alveo, "help").succeeded().stdout();
        assertThat(alveoHelp).contains("make xclbin", "[v++]", "xilinx_u55c_gen3x16_xdma_3_202210_1",
                "alveo/mlp_kernel.xo").doesNotContain("make bitstream");
    }

    @Test
    void zynqFlowRunsEndToEndWithFakeTools() throws IOException {
        Path out = project(tmp.resolve("out"), spec(pynqZ2()).withCosimByDefault(true));
        Path log = tmp.resolve("tools.log");
        Path bin = fakeTools(log);

        make(out, "bitstream", "HLS_TOOL=" + bin.resolve("vitis_hls"), "VIVADO=" + bin.resolve("vivado"))
                .succeeded();
        List<String> calls = lines(log);
        assertInOrder(calls,
                "== vitis_hls -f build_prj.tcl | RESET=1 CSIM=0 SYNTH=1 COSIM=0 EXPORT=0 | cwd=hls",
                "open_project -reset mlp_prj", "csynth_design", "exit 0",
                "== vitis_hls -f build_prj.tcl | RESET=0 CSIM=0 SYNTH=0 COSIM=1 EXPORT=0 | cwd=hls",
                "open_project mlp_prj", "cosim_design", "exit 0",
                "== vitis_hls -f build_prj.tcl | RESET=0 CSIM=0 SYNTH=0 COSIM=0 EXPORT=1 | cwd=hls",
                "export_design -format ip_catalog", "exit 0",
                "== vivado -mode batch -nojournal -log vivado.log -source build_bitstream.tcl | cwd=zynq",
                "create_project mlp_vivado", "wait_on_run impl_1");
        assertThat(calls).noneMatch(l -> l.equals("csim_design"));
        assertThat(out.resolve("zynq/overlay/mlp.bit")).hasContent("stub bitstream");
        assertThat(out.resolve("zynq/overlay/mlp.hwh")).hasContent("stub hwh");

        // Up to date: nothing runs again.
        Files.delete(log);
        make(out, "bitstream", "HLS_TOOL=" + bin.resolve("vitis_hls"), "VIVADO=" + bin.resolve("vivado"))
                .succeeded();
        assertThat(log).doesNotExist();

        // A changed firmware source re-runs the chain from synthesis.
        Files.setLastModifiedTime(out.resolve("hls/firmware/mlp.cpp"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(dryRun(out, "bitstream", "HLS_TOOL=vitis_hls"))
                .containsExactly(SYNTH + VITIS_HLS, COSIM + VITIS_HLS, EXPORT + VITIS_HLS, VIVADO);

        make(out, "clean").succeeded();
        assertThat(out.resolve("zynq/overlay")).doesNotExist();
        assertThat(out.resolve("hls/mlp_prj")).doesNotExist();
        assertThat(out.resolve("hls/firmware/mlp.cpp")).exists();
        assertThat(out.resolve("zynq/build_bitstream.tcl")).exists();
    }

    @Test
    void alveoFlowRunsEndToEndWithFakeTools() {
        Path out = project(tmp.resolve("out"), spec(alveoU55c()));
        Path log = tmp.resolve("tools.log");
        Path bin = fakeTools(log);

        make(out, "xclbin", "HLS_TOOL=" + bin.resolve("vitis-run"), "VPP=" + bin.resolve("v++")).succeeded();
        assertInOrder(lines(log),
                "== vitis-run --mode hls --tcl build_prj.tcl | RESET=1 CSIM=0 SYNTH=1 COSIM=0 EXPORT=0 | cwd=hls",
                "set_top mlp_kernel", "open_solution -reset -flow_target vitis solution1", "csynth_design",
                "== vitis-run --mode hls --tcl build_prj.tcl | RESET=0 CSIM=0 SYNTH=0 COSIM=0 EXPORT=1 | cwd=hls",
                "export_design -format xo -output " + out.resolve("alveo/mlp_kernel.xo"),
                "== v++ -l -t hw --platform xilinx_u55c_gen3x16_xdma_3_202210_1 --config alveo/link.cfg");
        assertThat(out.resolve("alveo/mlp.xclbin")).hasContent("stub xclbin");
    }

    /**
     * Shell scripts standing in for vitis_hls, vitis-run, vivado and v++: they log the call (arguments, HGQ4J_*
     * switches, working directory) and run the TCL under the vendor stub; v++ checks its inputs and writes the
     * xclbin.
     */
    private Path fakeTools(Path log) {
        try {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path stub = stub(tmp);
            String tcl = """
                    #!/bin/sh
                    prev=
                    for a in "$@"; do
                      case "$prev" in -f|--tcl|-source) script="$a";; esac
                      prev="$a"
                    done
                    echo "== $(basename "$0") $*%s | cwd=$(basename "$(pwd)")" >> '%s'
                    exec '%s' '%s' "$script" '%s'
                    """;
            String hlsSwitches = " | RESET=$HGQ4J_RESET CSIM=$HGQ4J_CSIM SYNTH=$HGQ4J_SYNTH COSIM=$HGQ4J_COSIM"
                    + " EXPORT=$HGQ4J_EXPORT";
            for (String hls : List.of("vitis_hls", "vitis-run")) {
                executable(bin.resolve(hls), tcl.formatted(hlsSwitches, log, tclsh(), stub, log));
            }
            executable(bin.resolve("vivado"), tcl.formatted("", log, tclsh(), stub, log));
            executable(bin.resolve("v++"), """
                    #!/bin/sh
                    echo "== v++ $*" >> '%s'
                    prev=
                    for a in "$@"; do
                      case "$prev" in -o) out="$a";; --config) cfg="$a";; esac
                      prev="$a"
                    done
                    [ -f "$cfg" ] || { echo "fake v++: no config file '$cfg'" >&2; exit 1; }
                    [ -f "$a" ] || { echo "fake v++: no kernel object '$a'" >&2; exit 1; }
                    echo stub xclbin > "$out"
                    """.formatted(log));
            return bin;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path model() throws IOException {
        FirmwareModel model = RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 4);
        Path file = dir.resolve("mlp.hgq");
        HgqFile.write(model, file);
        return file;
    }

    @Test
    void writesAZynqProjectWithManifestAndReport() throws IOException {
        Path out = dir.resolve("out");
        assertThat(cli.run("compile", model().toString(), "--board", "pynq-z2", "-o", out.toString(), "--tb-samples", "20"))
                .as(cli.err()).isZero();
        BuildManifest manifest = BuildManifest.read(out);
        assertThat(manifest.board()).isEqualTo("pynq-z2");
        assertThat(manifest.part()).isEqualTo("xc7z020clg400-1");
        assertThat(manifest.clockPeriodNs()).isEqualTo(10.0);
        assertThat(manifest.target()).isEqualTo("zynq-axi-stream");
        assertThat(manifest.modelSha256()).hasSize(64);
        assertThat(manifest.artifacts()).containsEntry("bitstream", "zynq/overlay/" + manifest.project() + ".bit");
        String project = manifest.project();
        for (String f : new String[] {"hls/firmware/" + project + ".cpp", "hls/firmware/" + project + "_axis.cpp",
            "hls/firmware/defines.h", "hls/tb/" + project + "_test.cpp", "hls/tb_data/tb_input_features.dat",
            "hls/include/ap_fixed.h", "hls/build_prj.tcl", "zynq/build_bitstream.tcl", "Makefile", "report.txt"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readAllLines(out.resolve("hls/tb_data/tb_input_features.dat"))).hasSize(20);
        assertThat(cli.out()).contains("fits: yes").contains("latency").contains("total");
    }

    @Test
    void writesAnAlveoKernelForAnAlveoCard() throws IOException {
        Path out = dir.resolve("alveo");
        assertThat(cli.run("compile", model().toString(), "--board", "alveo-u55c", "-o", out.toString(), "--clock-ns", "4"))
                .as(cli.err()).isZero();
        BuildManifest manifest = BuildManifest.read(out);
        assertThat(manifest.target()).isEqualTo("alveo-kernel");
        assertThat(manifest.clockPeriodNs()).isEqualTo(4.0);
        assertThat(out.resolve("hls/firmware/" + manifest.project() + "_kernel.cpp")).isRegularFile();
        assertThat(out.resolve("alveo/link.cfg")).isRegularFile();
    }

    @Test
    void anUnknownBoardIsOneLineNamingTheKnownBoards() throws IOException {
        assertThat(cli.run("compile", model().toString(), "--board", "pynq-z9", "-o", dir.resolve("x").toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).hasSize(1);
        assertThat(cli.err()).contains("pynq-z9").contains("pynq-z2").contains("alveo-u55c");
    }

    @Test
    void aMissingModelIsOneLine() {
        assertThat(cli.run("compile", dir.resolve("none.hgq").toString(), "-o", dir.resolve("x").toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).hasSize(1);
        assertThat(cli.err()).contains("none.hgq");
    }

    @Test
    void anUnwritableOutputFolderIsOneLine() throws IOException {
        // procfs refuses new folders even to root, so the test does not depend on who runs it.
        Path out = Path.of("/proc/self/hgq4j-out");
        assertThat(cli.run("compile", model().toString(), "-o", out.toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).hasSize(1);
        assertThat(cli.err()).contains("hgq4j-out");
    }

    @Test
    void anOutputThatIsAFileIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(cli.run("compile", model().toString(), "-o", file.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("is not a folder");
    }
}

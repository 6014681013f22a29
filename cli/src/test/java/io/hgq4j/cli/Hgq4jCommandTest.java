package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.HandWorkedSoftmax;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hgq4jCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: hgq4j", "inspect", "--version", "--verbose");
    }

    @Test
    void versionNamesTheToolAndTheJava() {
        assertThat(run("--version")).isZero();
        assertThat(cli.out()).startsWith("hgq4j ").doesNotContain("${").contains("Java ");
    }

    @Test
    void inspectShowsLayersTypesAndEbops() throws IOException {
        FirmwareModel model = RandomModels.model(1, 5);
        Path file = dir.resolve("cnn.hgq");
        HgqFile.write(model, file);
        assertThat(run("inspect", file.toString())).isZero();
        String text = cli.out();
        assertThat(text).contains("model   cnn2d", "input   image: ", "output  out: ", "latency ", " cycles = ",
                String.format("EBOPs   %,d", ModelCost.of(model).totalEbops()));
        for (var layer : model.layers()) {
            assertThat(text).contains(layer.name());
        }
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void inspectShowsTheTablesOfASoftmax() throws IOException {
        FirmwareModel model = HandWorkedSoftmax.model(2, 3, HandWorkedSoftmax.Y);
        Path file = dir.resolve("softmax.hgq");
        HgqFile.write(model, file);
        assertThat(run("inspect", file.toString())).isZero();
        // 6 elements, each one 4-bit x 4-bit product e.v: 96 EBOPs.
        assertThat(cli.out()).contains("EBOPs   96 ", "sm     softmax  x       2x3    ufixed<3,0,RND,SAT>", "\ntables\n",
                "layer  table    entries  entry        index                indexed by",
                "sm     exp            4  ufixed<4,1>  ufixed<2,1,RND,SAT>  max - x: ufixed<4,2>",
                "sm     inverse        8  ufixed<4,1>  ufixed<3,2,RND,SAT>  sum: ufixed<5,2>");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void inspectPrintsNoTablesSectionWithoutTables() throws IOException {
        Path file = dir.resolve("mlp.hgq");
        HgqFile.write(RandomModels.model(0, 5), file);
        assertThat(run("inspect", file.toString())).isZero();
        assertThat(cli.out()).doesNotContain("tables");
    }

    @Test
    void aCorruptedModelGivesOneLineAndExitCode1() throws IOException {
        Path file = dir.resolve("broken.hgq");
        byte[] bytes = HgqFile.toBytes(RandomModels.model(0, 1));
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(run("inspect", file.toString())).isEqualTo(1);
        assertThat(cli.err().lines()).hasSize(1).first().asString()
                .startsWith("hgq4j: error: " + file);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.hgq");
        assertThat(run("inspect", missing.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Path missing = dir.resolve("nope.hgq");
        assertThat(run("inspect", "--verbose", missing.toString())).isEqualTo(1);
        assertThat(cli.err().lines().count()).isGreaterThan(3);
        assertThat(cli.err()).contains("NoSuchFileException", "\tat ");
    }

    @Test
    void usageMistakesExitWith2() {
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required parameter: 'MODEL.hgq'");
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}

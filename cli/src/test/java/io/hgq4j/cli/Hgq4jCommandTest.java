package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
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

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Hgq4jCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Hgq4jCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: hgq4j", "inspect", "--version", "--verbose");
    }

    @Test
    void versionNamesTheToolAndTheJava() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("hgq4j ").doesNotContain("${").contains("Java ");
    }

    @Test
    void inspectShowsLayersTypesAndEbops() throws IOException {
        FirmwareModel model = RandomModels.model(1, 5);
        Path file = dir.resolve("cnn.hgq");
        HgqFile.write(model, file);
        assertThat(run("inspect", file.toString())).isZero();
        String text = out.toString();
        assertThat(text).contains("model   cnn2d", "input   image: ", "output  out: ", "latency ", " cycles = ",
                String.format("EBOPs   %,d", ModelCost.of(model).totalEbops()));
        for (var layer : model.layers()) {
            assertThat(text).contains(layer.name());
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aCorruptedModelGivesOneLineAndExitCode1() throws IOException {
        Path file = dir.resolve("broken.hgq");
        byte[] bytes = HgqFile.toBytes(RandomModels.model(0, 1));
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(run("inspect", file.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1).first().asString()
                .startsWith("hgq4j: error: " + file);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.hgq");
        assertThat(run("inspect", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("hgq4j: error: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Path missing = dir.resolve("nope.hgq");
        assertThat(run("inspect", "--verbose", missing.toString())).isEqualTo(1);
        assertThat(err.toString().lines().count()).isGreaterThan(3);
        assertThat(err.toString()).contains("NoSuchFileException", "\tat ");
    }

    @Test
    void usageMistakesExitWith2() {
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'MODEL.hgq'");
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}

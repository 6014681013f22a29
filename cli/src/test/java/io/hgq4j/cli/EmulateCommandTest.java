package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulateCommandTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("hgq4j.project.dir", ".."), "examples", "tiny_mlp.hgq");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    /** The example's outputs for x = (1, -0.5, 0.25, 3) were worked out by hand (see ExampleModelTest). */
    @Test
    void emulatesWritesOutputsAndScoresLabels() throws IOException {
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "2,-1,0.5,6\n0,0,0,0\n");
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "0\n0\n");
        Path y = dir.resolve("y.npy");
        assertThat(run("emulate", EXAMPLE.toString(), "-i", x.toString(), "--input-scale", "0.5", "-o", y.toString(),
                "--labels", labels.toString())).isZero();
        SampleArray outputs = SampleArrays.read(y);
        assertThat(outputs.count()).isEqualTo(2);
        assertThat(outputs.sample(0)).containsExactly(0.921875, -0.15625);
        assertThat(cli.out()).contains("emulated 2 samples of tiny_mlp", "latency on the FPGA (estimate): ",
                "accuracy: 1 of 2 correct (50.00 %)", "outputs written to " + y);
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void wrongInputShapeNamesBothShapes() throws IOException {
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3\n");
        assertThat(run("emulate", EXAMPLE.toString(), "-i", x.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + x + ": samples have shape 3 (3 values), but model "
                + "'tiny_mlp' takes 'x' 4 (4 values)" + System.lineSeparator());
    }

    @Test
    void labelCountMustMatch() throws IOException {
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3,4\n");
        Path labels = dir.resolve("l.csv");
        Files.writeString(labels, "1\n2\n");
        assertThat(run("emulate", EXAMPLE.toString(), "-i", x.toString(), "--labels", labels.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("expected 1 labels (one per input sample), found 2");
    }
}

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.quantizer.run.TrainingRun;
import io.hgq4j.quantizer.train.Trainer;
import io.hgq4j.report.RunHistory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hgq4j report} on a real (two-epoch) training run, on a model file, and its one-line errors. */
class ReportCommandTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("hgq4j.project.dir", ".."), "examples", "tiny_mlp.hgq");
    private static final Pattern IMG = Pattern.compile(
            "<img alt=\"[^\"]*\" width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void reportsWhatTrainWrote() throws Exception {
        // the report module reads the run folder without the quantizer: its names must be the trainer's
        assertThat(RunHistory.METRICS).isEqualTo(Trainer.METRICS);
        assertThat(RunHistory.PARETO).isEqualTo(Trainer.PARETO);
        assertThat(RunHistory.CONFIG).isEqualTo(TrainingRun.CONFIG);

        Path run = dir.resolve("run");
        assertThat(cli.run("train", "--recipe", "digits", "--epochs", "2", "-o", run.toString(), "--progress", "never"))
                .as(cli.err()).isZero();
        Path baseline = dir.resolve("uniform");
        assertThat(cli.run("train", "--recipe", "digits", "--epochs", "1", "--set", "quantizer={mode: uniform}", "-o",
                baseline.toString(), "--progress", "never")).as(cli.err()).isZero();
        cli.clear();
        Path page = dir.resolve("report.html");
        assertThat(cli.run("report", run.toString(), "-o", page.toString(), "--baseline", baseline.toString(),
                "--board", "pynq-z2")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("report written to " + page).contains("model digits", "checkpoint epoch-000");
        assertThat(cli.err()).isEmpty();
        String html = Files.readString(page);
        assertThat(html).contains("id=\"summary\"", "id=\"pareto\"", "id=\"training-curves\"", "id=\"bitwidths\"",
                "id=\"resources\"", "id=\"board\"", "digits (uniform)", "Fit on pynq-z2");
        assertThat(validImages(html)).isGreaterThanOrEqualTo(12);
    }

    @Test
    void reportsAModelFile() throws Exception {
        Path page = dir.resolve("m.html");
        assertThat(cli.run("report", EXAMPLE.toString(), "-o", page.toString(), "--board", "zcu104", "--clock-ns", "4"))
                .as(cli.err()).isZero();
        String html = Files.readString(page);
        assertThat(html).contains("tiny_mlp", "No training history", "Fit on zcu104", "latency at 250 MHz")
                .doesNotContain("id=\"pareto\"");
        assertThat(validImages(html)).isGreaterThanOrEqualTo(7);
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Path run = dir.resolve("broken");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.csv"), "epoch,loss,metric\n1,2,0.5\n");
        assertThat(cli.run("report", run.toString(), "-o", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + run.resolve("metrics.csv")
                + ": missing column 'ebops' (header: epoch,loss,metric)" + System.lineSeparator());

        cli.clear();
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        assertThat(cli.run("report", empty.toString(), "-o", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + empty + ": not a training run folder (no metrics.csv)"
                + System.lineSeparator());

        cli.clear();
        assertThat(cli.run("report", dir.resolve("none.hgq").toString(), "-o", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: no such file: " + dir.resolve("none.hgq") + System.lineSeparator());

        cli.clear();
        assertThat(cli.run("report", EXAMPLE.toString(), "-o", dir.resolve("r.html").toString(), "--board", "nope"))
                .isEqualTo(1);
        assertThat(cli.err()).startsWith("hgq4j: error: ").contains("nope").doesNotContain("bug");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    private static int validImages(String html) throws Exception {
        Matcher m = IMG.matcher(html);
        int n = 0;
        while (m.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(3))));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Integer.parseInt(m.group(1)));
            assertThat(image.getHeight()).isEqualTo(Integer.parseInt(m.group(2)));
            n++;
        }
        return n;
    }
}

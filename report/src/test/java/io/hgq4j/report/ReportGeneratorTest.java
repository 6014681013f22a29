package io.hgq4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.testing.RandomModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

    private static final Pattern IMG = Pattern.compile(
            "<img alt=\"[^\"]*\" width=\"(\\d+)\" height=\"(\\d+)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");

    @TempDir
    Path dir;

    private final ReportOptions pynq = ReportOptions.forBoard(BoardCatalog.builtIn().get("pynq-z2"));

    /** Decodes every embedded image, checking it is a PNG of the size the page states; returns them. */
    static List<BufferedImage> images(String html) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(3));
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("image %d decodes", images.size()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Integer.parseInt(m.group(1)));
            assertThat(image.getHeight()).isEqualTo(Integer.parseInt(m.group(2)));
            images.add(image);
        }
        assertThat(html.split("<img ", -1).length - 1).as("every <img> is an embedded PNG").isEqualTo(images.size());
        return images;
    }

    @Test
    void runReportHasEverySectionAndValidImages() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 6);
        Path baseline = TinyRun.write(dir.resolve("uniform"), "jets_uniform", "uniform", 0, 4);
        Path out = dir.resolve("out/report.html");
        ReportGenerator.Summary s = ReportGenerator.write(run, out,
                new ReportOptions(pynq.board(), null, List.of(baseline), null));
        assertThat(s.checkpoint()).isEqualTo("epoch-0004");
        assertThat(s.training()).isTrue();
        String html = Files.readString(out);
        assertThat(html).contains("id=\"summary\"", "id=\"pareto\"", "id=\"training-curves\"", "id=\"bitwidths\"",
                "id=\"resources\"", "id=\"board\"")
                .contains("Pareto front", "Training curves", "Bit widths", "Resources and latency per layer",
                        "Fit on pynq-z2", "EBOPs", "estimated LUT", "estimated FF", "estimated DSP", "latency at 100 MHz",
                        "validation metric (exact, at training)", "jets_uniform (uniform)", "epoch-0004")
                .doesNotContain("<script", "<link", "src=\"http");
        List<BufferedImage> images = images(html);
        // pareto + 4 curves + 2 histograms + heat maps (mlp: ≥ 1) + 3 resource charts + board fit
        assertThat(images).hasSize(s.figures()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(images.get(0).getWidth()).isEqualTo(Charts.WIDE);
    }

    @Test
    void namedCheckpointIsDescribed() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 1, 4);
        Path out = dir.resolve("r.html");
        ReportGenerator.Summary s = ReportGenerator.write(run, out, new ReportOptions(pynq.board(), null, List.of(), "epoch-0002"));
        assertThat(s.checkpoint()).isEqualTo("epoch-0002");
        assertThat(Files.readString(out)).contains("the checkpoint asked for: epoch-0002");
        images(Files.readString(out));
    }

    @Test
    void modelFileReportHasNoTrainingSections() throws IOException {
        Path model = dir.resolve("cnn.hgq");
        HgqFile.write(RandomModels.model(1, 3), model);
        Path out = dir.resolve("m.html");
        ReportGenerator.Summary s = ReportGenerator.write(model, out,
                ReportOptions.forBoard(BoardCatalog.builtIn().get(BoardCatalog.builtIn().names().get(0))));
        assertThat(s.training()).isFalse();
        String html = Files.readString(out);
        assertThat(html).contains("id=\"summary\"", "id=\"bitwidths\"", "id=\"resources\"", "id=\"board\"",
                "No training history").doesNotContain("id=\"pareto\"", "id=\"training-curves\"");
        assertThat(images(html)).hasSize(s.figures()).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void runWithoutCheckpointsStillReportsTraining() throws IOException {
        Path run = dir.resolve("early");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.csv"), TinyRun.HEADER + "\n1,1.5,0.3,9000,0,0.01,100,,,\n");
        Path out = dir.resolve("e.html");
        ReportGenerator.Summary s = ReportGenerator.write(run, out, pynq);
        assertThat(s.model()).isNull();
        String html = Files.readString(out);
        assertThat(html).contains("no Pareto checkpoint yet", "id=\"training-curves\"", "No positive values")
                .doesNotContain("id=\"bitwidths\"");
        assertThat(images(html)).hasSize(4);
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 2);
        Files.writeString(run.resolve("metrics.csv"), "epoch,loss\n1,2\n");
        assertThatThrownBy(() -> ReportGenerator.write(run, dir.resolve("x.html"), pynq))
                .isInstanceOf(ReportException.class).hasMessageContaining("metrics.csv: missing column 'metric'");
        assertThat(dir.resolve("x.html")).doesNotExist();
        assertThatThrownBy(() -> ReportGenerator.write(dir.resolve("nope"), dir.resolve("x.html"), pynq))
                .isInstanceOf(NoSuchFileException.class);
        Path model = dir.resolve("m.hgq");
        HgqFile.write(RandomModels.model(0, 1), model);
        assertThatThrownBy(() -> ReportGenerator.write(model, dir.resolve("x.html"),
                new ReportOptions(pynq.board(), null, List.of(), "epoch-0001")))
                .isInstanceOf(ReportException.class).hasMessageContaining("need a run folder");
    }

    @Test
    void writesChartsForLooking() throws IOException {
        // not an assertion on pixels: leaves PNGs in target/ for a person to look at
        Path out = Path.of(System.getProperty("user.dir"), "target", "report-preview");
        Files.createDirectories(out);
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 6);
        Path baseline = TinyRun.write(dir.resolve("uniform"), "jets_uniform", "uniform", 0, 4, 40, -0.15);
        ReportGenerator.write(run, out.resolve("run.html"), new ReportOptions(pynq.board(), null, List.of(baseline), null));
        Matcher m = IMG.matcher(Files.readString(out.resolve("run.html")));
        for (int i = 0; m.find(); i++) {
            Files.write(out.resolve(String.format("figure-%02d.png", i)), Base64.getDecoder().decode(m.group(3)));
        }
        Path example = Path.of(System.getProperty("hgq4j.project.dir", "..")).resolve("examples/tiny_mlp.hgq");
        if (Files.exists(example)) {
            ReportGenerator.write(example, out.resolve("tiny_mlp.html"), pynq);
            m = IMG.matcher(Files.readString(out.resolve("tiny_mlp.html")));
            for (int i = 0; m.find(); i++) {
                Files.write(out.resolve(String.format("tiny-%02d.png", i)), Base64.getDecoder().decode(m.group(3)));
            }
        }
    }
}

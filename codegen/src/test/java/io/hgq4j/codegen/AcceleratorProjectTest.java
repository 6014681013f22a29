package io.hgq4j.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole project as {@code hgq4j compile} writes it, for a Zynq board and an Alveo card: the manifest reads back and
 * agrees with the report, and {@code make csim-gcc} (the generated Makefile, hgq4j's headers, g++) passes.
 */
class AcceleratorProjectTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"pynq-z2", "alveo-u55c"})
    void theGeneratedMakefileBuildsAndRunsTheTestbenchWithGcc(String boardName) throws Exception {
        FirmwareModel model = RandomModels.model(RandomModels.RECIPES.indexOf("cnn2d"), 11);
        Random random = new Random(3);
        double[][] samples = new double[50][];
        for (int s = 0; s < samples.length; s++) {
            samples[s] = RandomModels.sample(model.inputs().get(0), random);
        }
        var board = BoardCatalog.builtIn().get(boardName);
        AcceleratorProject.Written written = new AcceleratorProject(model, board, java.util.Optional.empty(),
                new AcceleratorProject.Settings("cnn", 5.0, 64, 1024)).write(dir, samples, new byte[] {1, 2, 3});

        BuildManifest manifest = BuildManifest.read(dir);
        assertThat(manifest).isEqualTo(written.manifest());
        assertThat(manifest.latencyCycles()).isEqualTo(written.report().timing().latencyCycles());
        assertThat(manifest.estimate().ebops()).isEqualTo(written.report().total().ebops());
        assertThat(manifest.input().layout().wordsPerSample()).isPositive();

        Process make = new ProcessBuilder(List.of("make", "-C", dir.toString(), "csim-gcc")).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(make.exitValue()).as(output).isZero();
        assertThat(output).contains("csim: 50 samples, 0 mismatches, 0 wrapper mismatches");
    }
}

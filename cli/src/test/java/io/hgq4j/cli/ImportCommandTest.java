package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private static Path jetPeer() {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared), "shared fixtures not found at " + shared.toAbsolutePath() + "; skipping");
        return shared.resolve("peers/hgq_jet_classifier.h5");
    }

    @Test
    void importsTheJetPeerAndInspectsTheResult() throws IOException {
        Path source = jetPeer();
        Path target = dir.resolve("jet.hgq");
        assertThat(run("import", source.toString(), "-o", target.toString())).isZero();
        FirmwareModel model = HgqFile.read(target);
        long ebops = ModelCost.of(model).totalEbops();
        assertThat(cli.out()).isEqualTo(String.format("%s -> %s: model model, 15 layers, input input_1 16, "
                + "output dense_4_quantizer 5, EBOPs %,d%n", source, target, ebops));
        assertThat(cli.err()).isEmpty();
        assertThat(model).isEqualTo(KerasHgqImporter.read(source));

        cli.clear();
        assertThat(run("inspect", target.toString())).isZero();
        assertThat(cli.out()).contains("model   model (" + target + ")", "input   input_1: 16 10 types",
                "output  dense_4_quantizer: 5 3 types", String.format("EBOPs   %,d", ebops),
                "meta    importer = hgq4j keras-hdf5", "meta    source = hgq_jet_classifier.h5", "dense_1_relu_quantizer");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void theDefaultOutputSitsBesideTheInput() throws IOException {
        Path copy = Files.copy(jetPeer(), dir.resolve("jet.h5"));
        assertThat(run("import", copy.toString())).isZero();
        assertThat(dir.resolve("jet.hgq")).isRegularFile();
        assertThat(ImportCommand.defaultOutput(Path.of("a/b.model.h5"))).isEqualTo(Path.of("a/b.model.hgq"));
        assertThat(ImportCommand.defaultOutput(Path.of("noext"))).isEqualTo(Path.of("noext.hgq"));
    }

    @Test
    void aDamagedFileGivesOneLineAndExitCode1() throws IOException {
        Path broken = dir.resolve("broken.h5");
        byte[] bytes = Files.readAllBytes(jetPeer());
        Files.write(broken, Arrays.copyOf(bytes, 3000));
        assertThat(run("import", broken.toString(), "-o", dir.resolve("x.hgq").toString())).isEqualTo(1);
        assertThat(cli.err().lines()).hasSize(1).first().asString().startsWith("hgq4j: error: " + broken + ": ");
        assertThat(dir.resolve("x.hgq")).doesNotExist();

        cli.clear();
        Path text = Files.writeString(dir.resolve("model.h5"), "hello");
        assertThat(run("import", text.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + text + ": not an HDF5 file (no HDF5 signature)"
                + System.lineSeparator());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.h5");
        assertThat(run("import", missing.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: no such file: " + missing + System.lineSeparator());
    }

    @Test
    void helpListsTheSupportedLayers() {
        assertThat(ImportCommand.SUPPORTED).isEqualTo(KerasHgqImporter.supportedLayers());
        assertThat(run("import", "--help")).isZero();
        assertThat(cli.out()).contains("Usage: hgq4j import", "-o, --output=MODEL.hgq", "FixedPointQuantizer");
        cli.clear();
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("import");
    }
}

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.interop.onnx.OnnxImporter;
import io.hgq4j.interop.onnx.Precision;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hgq4j import MODEL.onnx} and {@code hgq4j export-keras} through the command line. */
class InteropCommandsTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private static Path peer(String name) {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        assumeTrue(Files.isDirectory(shared), "shared fixtures not found at " + shared.toAbsolutePath() + "; skipping");
        return shared.resolve("peers").resolve(name);
    }

    @Test
    void anHgqModelExportedToKerasImportsBackComputingTheSame() throws Exception {
        Path jet = dir.resolve("jet.hgq");
        assertThat(cli.run("import", peer("hgq_jet_classifier.h5").toString(), "-o", jet.toString())).isZero();
        Path h5 = dir.resolve("jet.h5");
        assertThat(cli.run("export-keras", jet.toString(), "-o", h5.toString())).as(cli.err()).isZero();
        Path back = dir.resolve("back.hgq");
        assertThat(cli.run("import", h5.toString(), "-o", back.toString())).as(cli.err()).isZero();
        FirmwareModel a = HgqFile.read(jet);
        FirmwareModel b = HgqFile.read(back);
        double[] x = new double[1000 * 16];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 1.5;
        }
        assertThat(Emulator.of(b).run(x, 1000, 1).codes()).isEqualTo(Emulator.of(a).run(x, 1000, 1).codes());
    }

    @Test
    void aFloatOnnxModelNeedsAPrecisionAndThenImports() throws Exception {
        Path onnx = peer("three_layer_keras.onnx");
        Path out = dir.resolve("onnx.hgq");
        assertThat(cli.run("import", onnx.toString(), "-o", out.toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString().contains("no precision was given");
        cli.clear();
        assertThat(cli.run("import", onnx.toString(), "-o", out.toString(), "--precision", "fixed<16,6,RND,SAT>",
                "--drop-softmax")).as(cli.err()).isZero();
        FirmwareModel expected = OnnxImporter.read(onnx,
                Precision.uniform(FixedType.parse("fixed<16,6,RND,SAT>")).withFinalSoftmaxDropped());
        assertThat(HgqFile.read(out)).isEqualTo(expected);
        cli.clear();
        assertThat(cli.run("import", peer("hgq_jet_classifier.h5").toString(), "-o", dir.resolve("x.hgq").toString(),
                "--precision", "fixed<8,3>")).isEqualTo(1);
        assertThat(cli.err()).contains("apply to ONNX and QKeras models");
    }

    @Test
    void aQKerasModelImportsWithAnInputPrecision() throws Exception {
        Path json = peer("qkeras_3layer.json");
        Path out = dir.resolve("qk.hgq");
        assertThat(cli.run("import", json.toString(), "-o", out.toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .contains("layer 'fc1_input' (InputLayer): the input has no QKeras quantizer");
        cli.clear();
        assertThat(cli.run("import", json.toString(), "-o", out.toString(), "--precision", "fixed<16,6,RND_CONV,SAT>"))
                .as(cli.err()).isZero();
        assertThat(HgqFile.read(out)).isEqualTo(io.hgq4j.interop.qkeras.QKerasImporter.read(json,
                io.hgq4j.interop.qkeras.Precision.of(FixedType.parse("fixed<16,6,RND_CONV,SAT>"))));
        cli.clear();
        assertThat(cli.run("import", json.toString(), "--from", "tflite")).isEqualTo(1);
        assertThat(cli.err()).contains("--from tflite: expected hgq, qkeras or onnx");
    }
}

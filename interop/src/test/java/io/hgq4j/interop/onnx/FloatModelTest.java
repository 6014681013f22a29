package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The float jet-tagging MLP exported from Keras (../shared/peers/three_layer_keras.onnx), imported with a precision. */
class FloatModelTest {

    static Path fixture() {
        String shared = System.getProperty("hgq4j.shared.dir", "../../shared");
        Path p = Path.of(shared, "peers", "three_layer_keras.onnx");
        assertThat(p).as("fixture").exists();
        return p;
    }

    static final Precision PRECISION = Precision.uniform(FixedType.parse("fixed<16,6,RND,SAT>")).withFinalSoftmaxDropped();

    @Test
    void fixtureImportsWithAPrecisionAndMatchesTheQuantizedFloatGraph() throws IOException {
        Path file = fixture();
        FirmwareModel model = OnnxImporter.read(file, PRECISION);
        assertThat(model.layers()).filteredOn(l -> l instanceof Dense).hasSize(4);
        assertThat(model.metadata()).containsEntry("importer", OnnxImporter.IMPORTER).containsKey("onnx_rounded_weights");
        assertThat(Integer.parseInt(model.metadata().get("onnx_rounded_weights"))).isPositive();
        Onnx.ModelProto onnx = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        GraphEvaluator expected = new GraphEvaluator(onnx, PRECISION);
        ReferenceEvaluator actual = new ReferenceEvaluator(model);
        Random r = new Random(2026);
        Set<String> distinct = new HashSet<>();
        int saturated = 0;
        for (int s = 0; s < 3000; s++) {
            double[] x = Qonnx.gaussian(r, 16, s % 10 == 0 ? 40 : 1.5);
            double[] want = expected.evaluate(x);
            double[] got = actual.evaluate(x).toDoubles();
            assertThat(got).as("sample %d", s).containsExactly(want);
            distinct.add(Arrays.toString(got));
            saturated += Arrays.stream(x).anyMatch(v -> Math.abs(v) >= 32) ? 1 : 0;
        }
        assertThat(distinct).hasSizeGreaterThan(2500);
        assertThat(saturated).isPositive();
    }

    @Test
    void importedModelIsCloseToTheFloatModel() throws IOException {
        Path file = fixture();
        // logits reach ±35 on unit Gaussian inputs: 10 integer bits leave room, 10 fractional bits keep the error small
        FirmwareModel model = OnnxImporter.read(file, Precision.uniform(FixedType.parse("fixed<20,10,RND,SAT>")).withFinalSoftmaxDropped());
        Onnx.ModelProto onnx = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        GraphEvaluator floats = new GraphEvaluator(onnx, null);
        ReferenceEvaluator actual = new ReferenceEvaluator(model);
        Random r = new Random(7);
        double worst = 0;
        for (int s = 0; s < 1000; s++) {
            double[] x = Qonnx.gaussian(r, 16, 1);
            double[] want = floats.evaluate(x);
            double[] got = actual.evaluate(x).toDoubles();
            for (int j = 0; j < want.length; j++) {
                worst = Math.max(worst, Math.abs(want[j] - got[j]));
            }
        }
        System.err.println("float fixture, fixed<20,10,RND,SAT>: worst logit error " + worst);
        assertThat(worst).isLessThan(0.1); // measured 0.068 (seed 7), logits up to about ±35
    }

    @Test
    void floatModelWithoutPrecisionIsRejectedNamingTheNode() {
        assertThatThrownBy(() -> OnnxImporter.read(fixture()))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("three_layer_keras.onnx")
                .hasMessageContaining("(MatMul)")
                .hasMessageContaining("no precision was given");
    }

    @Test
    void finalSoftmaxIsRejectedUnlessDropped() {
        assertThatThrownBy(() -> OnnxImporter.read(fixture(), Precision.uniform(FixedType.parse("fixed<16,6>"))))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("node 'Softmax' (Softmax)")
                .hasMessageContaining("withFinalSoftmaxDropped");
    }

    @Test
    void weightsOutsideTheWeightTypeAreRejected() {
        Precision tiny = new Precision(FixedType.parse("fixed<16,6>"), FixedType.parse("fixed<4,0,RND,SAT>"), true);
        assertThatThrownBy(() -> OnnxImporter.read(fixture(), tiny))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("outside the range of the weight type fixed<4,0,RND,SAT>");
    }
}

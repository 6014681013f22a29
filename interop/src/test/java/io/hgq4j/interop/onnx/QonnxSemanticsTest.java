package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Quantize;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Imported QONNX models compute exactly what the QONNX graph computes: the firmware model's reference evaluator
 * (which the emulator reproduces code for code) against {@link GraphEvaluator}, an independent float64 evaluation of
 * the ONNX graph with QONNX's Quant formula, on thousands of random inputs including rounding ties and saturation.
 */
class QonnxSemanticsTest {

    /** Half the samples on a grid of ties of the input quantizer, half Gaussian; wide enough to saturate. */
    static double[] sample(Random r, int n, double lsb, double sigma) {
        double[] x = new double[n];
        boolean grid = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            x[i] = grid ? (r.nextInt(2 * (int) (2 * sigma / lsb) + 1) - (int) (2 * sigma / lsb)) * lsb / 2 : sigma * r.nextGaussian();
        }
        return x;
    }

    static int compare(Onnx.ModelProto onnx, FirmwareModel model, int samples, int features, double lsb, double sigma,
                       java.util.function.UnaryOperator<double[]> toIr, long seed) {
        GraphEvaluator expected = new GraphEvaluator(onnx, null);
        ReferenceEvaluator actual = new ReferenceEvaluator(model);
        Random r = new Random(seed);
        Set<String> distinct = new HashSet<>();
        for (int s = 0; s < samples; s++) {
            double[] x = sample(r, features, lsb, sigma);
            double[] want = expected.evaluate(x);
            double[] got = actual.evaluate(toIr.apply(x)).toDoubles();
            assertThat(got).as("sample %d: %s", s, Arrays.toString(x)).containsExactly(want);
            distinct.add(Arrays.toString(got));
        }
        return distinct.size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROUND", "FLOOR", "ROUND_TO_ZERO", "HALF_UP", "HALF_DOWN"})
    void denseModelIsBitExactForEveryRoundingMode(String rounding) {
        Onnx.ModelProto onnx = Qonnx.dense(7, rounding, false);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "dense", "dense.onnx");
        int distinct = compare(onnx, model, 3000, 8, 0.125, 6, x -> x, 11);
        assertThat(distinct).isGreaterThan(1000);
    }

    @Test
    void narrowQuantizersSaturateSymmetrically() {
        Onnx.ModelProto onnx = Qonnx.dense(8, "ROUND", true);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "dense", "dense.onnx");
        assertThat(model.layers()).filteredOn(l -> l instanceof Quantize).last()
                .satisfies(l -> assertThat(((Quantize) l).target().uniformType().overflow()).isEqualTo(Overflow.SAT_SYM));
        assertThat(compare(onnx, model, 3000, 8, 0.125, 6, x -> x, 12)).isGreaterThan(1000);
    }

    @Test
    void quantMapsToTheDocumentedFixedPointTypes() {
        FirmwareModel model = OnnxImporter.fromProto(Qonnx.dense(7, "ROUND", false), null, "dense", "dense.onnx");
        Input input = model.inputs().get(0);
        // bits 7, scale 2^-3 -> fixed<7,4>, ROUND (half to even) -> RND_CONV, SAT
        assertThat(input.type().uniformType().toString()).isEqualTo("fixed<7,4,RND_CONV,SAT>");
        Dense first = (Dense) model.layers().stream().filter(l -> l instanceof Dense).findFirst().orElseThrow();
        assertThat(first.kernel().type().palette()).allSatisfy(t -> {
            assertThat(t.lsbExponent()).isEqualTo(-4);
            assertThat(t.width()).isEqualTo(6);
        });
        assertThat(first.bias().toDoubles()).doesNotContain(Double.NaN).isNotEqualTo(new double[12]);
        Quantize relu = (Quantize) model.layers().stream().filter(l -> l instanceof Quantize).findFirst().orElseThrow();
        assertThat(relu.target().uniformType().toString()).isEqualTo("ufixed<6,4,RND_CONV,SAT>");
        assertThat(relu.target().uniformType().quantization()).isEqualTo(Quantization.RND_CONV);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void convModelWithPoolingAndFlattenIsBitExact(boolean same) {
        Onnx.ModelProto onnx = Qonnx.conv(3, same);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "conv", "conv.onnx");
        assertThat(model.inputs().get(0).type().shape().dims()).containsExactly(6, 5, 2);
        int c = 2, h = 6, w = 5;
        int distinct = compare(onnx, model, 2000, c * h * w, 0.25, 3, x -> {
            double[] ir = new double[x.length];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        ir[(y * w + z) * c + ch] = x[(ch * h + y) * w + z];
                    }
                }
            }
            return ir;
        }, 5);
        assertThat(distinct).isGreaterThan(500);
    }

    @Test
    void residualAddIsBitExact() {
        Onnx.ModelProto onnx = Qonnx.residual(9);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "res", "res.onnx");
        assertThat(compare(onnx, model, 3000, 6, 0.25, 4, x -> x, 13)).isGreaterThan(1000);
    }

    @Test
    void bipolarWeightsFoldToPlusMinusScale() {
        Random r = new Random(1);
        Qonnx q = new Qonnx();
        q.input("x", 4);
        String x = q.quant("x", 0.5, 0, 5, true, false, "ROUND");
        String w = q.node("BipolarQuant", "qonnx.custom_op.general", java.util.List.of(),
                q.init("W", Qonnx.gaussian(r, 12, 1), 4, 3), q.scalar(0.25));
        q.output(q.quant(q.node("MatMul", x, w), 0.125, 0, 10, true, false, "ROUND"));
        FirmwareModel model = OnnxImporter.fromProto(q.model(), null, "bin", "bin.onnx");
        Dense d = (Dense) model.layers().stream().filter(l -> l instanceof Dense).findFirst().orElseThrow();
        assertThat(d.kernel().toDoubles()).containsOnly(0.25, -0.25);
    }
}

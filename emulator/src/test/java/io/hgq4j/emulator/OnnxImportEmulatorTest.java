package io.hgq4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.hgq4j.interop.onnx.OnnxImporter;
import io.hgq4j.interop.onnx.Precision;
import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ONNX imports run in the emulator compute what the ONNX graph computes: a QONNX model built here against QONNX's
 * Quant formula evaluated in float64, and the float fixture (with a precision) against the reference evaluator,
 * which the interop tests check against an independent evaluation of the graph.
 */
class OnnxImportEmulatorTest {

    private static final int IN = 8;
    private static final int HIDDEN = 10;
    private static final int OUT = 4;

    /** QONNX: clip(round(x/scale), min, max)·scale with numpy's round (half to even), zero point 0. */
    private static double quant(double x, double scale, int bits, boolean signed, boolean narrow) {
        double min = signed ? -Math.pow(2, bits - 1) + (narrow ? 1 : 0) : 0;
        double max = signed ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1;
        return Math.min(max, Math.max(min, Math.rint(x / scale))) * scale;
    }

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("qonnx_mlp");
    private int counter;

    private String constant(double[] v, int... dims) {
        String name = "c" + counter++;
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(v).forEach(x -> t.addFloatData((float) x));
        graph.addInitializer(t);
        return name;
    }

    private String node(String op, String... inputs) {
        String out = "t" + counter++;
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType(op).setName(op + counter).addAllInput(Arrays.asList(inputs)).addOutput(out));
        return out;
    }

    private String quantNode(String x, double scale, int bits, boolean signed, boolean narrow) {
        String out = "t" + counter++;
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Quant").setDomain("qonnx.custom_op.general").setName("Quant" + counter)
                .addInput(x).addInput(constant(new double[] {scale})).addInput(constant(new double[] {0}))
                .addInput(constant(new double[] {bits})).addOutput(out)
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("signed").setI(signed ? 1 : 0))
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("narrow").setI(narrow ? 1 : 0))
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("rounding_mode").setS(ByteString.copyFromUtf8("ROUND"))));
        return out;
    }

    @Test
    void qonnxMlpInTheEmulatorEqualsTheQuantFormula() {
        Random r = new Random(99);
        double[] w1 = new double[IN * HIDDEN];
        double[] b1 = new double[HIDDEN];
        double[] w2 = new double[HIDDEN * OUT];
        Arrays.setAll(w1, i -> r.nextGaussian() * 0.6);
        Arrays.setAll(b1, i -> r.nextGaussian() * 0.5);
        Arrays.setAll(w2, i -> r.nextGaussian() * 0.5);
        graph.addInput(Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(Onnx.TensorShapeProto.newBuilder()
                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(IN))))));
        String x = quantNode("x", 0.125, 7, true, false);
        String h = node("Add", node("MatMul", x, quantNode(constant(w1, IN, HIDDEN), 0.0625, 6, true, false)),
                quantNode(constant(b1, HIDDEN), 0.125, 6, true, false));
        String a = quantNode(node("Relu", h), 0.25, 6, false, false);
        String y = quantNode(node("MatMul", a, quantNode(constant(w2, HIDDEN, OUT), 0.125, 4, true, true)), 0.5, 6, true, true);
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(y));
        Onnx.ModelProto onnx = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "qonnx_mlp", "qonnx_mlp.onnx");

        int count = 5000;
        double[] inputs = new double[count * IN];
        for (int i = 0; i < inputs.length; i++) {
            // half on the ties of the input quantizer (multiples of 1/16), half Gaussian; beyond ±8 saturates
            inputs[i] = (i / IN) % 2 == 0 ? (r.nextInt(320) - 160) / 16.0 : 5 * r.nextGaussian();
        }
        Emulator.Result result = Emulator.of(model).run(inputs, count, 2);
        Set<String> distinct = new HashSet<>();
        for (int s = 0; s < count; s++) {
            double[] xq = new double[IN];
            for (int i = 0; i < IN; i++) {
                xq[i] = quant(inputs[s * IN + i], 0.125, 7, true, false);
            }
            double[] act = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double sum = quant(b1[j], 0.125, 6, true, false);
                for (int i = 0; i < IN; i++) {
                    sum += xq[i] * quant((float) w1[i * HIDDEN + j], 0.0625, 6, true, false);
                }
                act[j] = quant(Math.max(sum, 0), 0.25, 6, false, false);
            }
            double[] expected = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                double sum = 0;
                for (int j = 0; j < HIDDEN; j++) {
                    sum += act[j] * quant((float) w2[j * OUT + k], 0.125, 4, true, true);
                }
                expected[k] = quant(sum, 0.5, 6, true, true) + 0.0;
            }
            double[] actual = result.values(s);
            assertThat(actual).as("sample %d", s).containsExactly(expected);
            distinct.add(Arrays.toString(actual));
        }
        assertThat(distinct).hasSizeGreaterThan(2000);
        assertThat(result.overflow().totalEvents()).as("saturation events").isPositive();
    }

    @Test
    void floatFixtureWithAPrecisionEqualsTheReferenceCodeForCode() throws IOException {
        Path file = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"), "peers", "three_layer_keras.onnx");
        assumeTrue(Files.exists(file), "skipped: no fixture at " + file.toAbsolutePath());
        FirmwareModel model = OnnxImporter.read(file, Precision.uniform(FixedType.parse("fixed<16,6,RND,SAT>")).withFinalSoftmaxDropped());
        Random r = new Random(5);
        int count = 4000;
        double[] inputs = new double[count * 16];
        Arrays.setAll(inputs, i -> 1.5 * r.nextGaussian());
        Emulator.Result result = Emulator.of(model).run(inputs, count, 2);
        ReferenceEvaluator reference = new ReferenceEvaluator(model);
        for (int s = 0; s < count; s++) {
            double[] expected = reference.evaluate(Arrays.copyOfRange(inputs, s * 16, s * 16 + 16)).toDoubles();
            assertThat(result.values(s)).as("sample %d", s).containsExactly(expected);
        }
    }
}

package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.interop.onnx.proto.Onnx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What cannot be represented exactly is rejected with a message naming the node, the op and the reason. */
class UnsupportedModelsTest {

    private static void rejects(Onnx.ModelProto model, String... fragments) {
        var a = assertThatThrownBy(() -> OnnxImporter.fromProto(model, null, "m.onnx", "m.onnx"))
                .isInstanceOf(OnnxImportException.class).hasMessageStartingWith("m.onnx: ");
        for (String f : fragments) {
            a.hasMessageContaining(f);
        }
    }

    private static Qonnx oneQuant(double scale, double zp, int bits, boolean signed, boolean narrow, String rounding) {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.quant("x", scale, zp, bits, signed, narrow, rounding));
        return q;
    }

    @Test
    void nonPowerOfTwoScale() {
        rejects(oneQuant(0.1, 0, 8, true, false, "ROUND").model(), "(Quant)", "scale 0.1", "not a power of two");
    }

    @Test
    void nonZeroZeroPoint() {
        rejects(oneQuant(0.5, 3, 8, true, false, "ROUND").model(), "(Quant)", "zero point 3.0");
    }

    @Test
    void ceilRounding() {
        rejects(oneQuant(0.5, 0, 8, true, false, "CEIL").model(), "(Quant)", "rounding_mode 'CEIL'");
    }

    @Test
    void unsignedNarrow() {
        rejects(oneQuant(0.5, 0, 8, false, true, "ROUND").model(), "(Quant)", "unsigned and narrow");
    }

    @Test
    void fractionalBitWidth() {
        rejects(oneQuant(0.5, 0, 0, true, false, "ROUND").model(), "(Quant)", "bit width 0.0");
    }

    private static Onnx.ModelProto oneBipolar(int bits, double scale) {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.node("BipolarQuant", "qonnx.custom_op.general", List.of(), q.quant("x", 0.25, 0, bits, true, false, "ROUND"),
                q.scalar(scale)));
        return q.model();
    }

    @Test
    void bipolarNonPowerOfTwoScale() {
        rejects(oneBipolar(8, 0.3), "'bipolarquant_", "(BipolarQuant)", "scale 0.3", "not a power of two");
    }

    @Test
    void bipolarTooWideInput() {
        rejects(oneBipolar(17, 0.5), "'bipolarquant_", "(BipolarQuant)", "17 bits wide", "at most 16 bits");
    }

    private static Qonnx oneTrunc(double scale, double zp, double outScale, boolean signed, boolean narrow, String rounding) {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.trunc(q.quant("x", 0.25, 0, 8, true, false, "ROUND"), scale, zp, 8, outScale, 4, signed, narrow, rounding));
        return q;
    }

    @Test
    void truncCeil() {
        rejects(oneTrunc(0.25, 0, 1, true, false, "CEIL").model(), "(Trunc)", "rounding_mode 'CEIL'");
    }

    @Test
    void truncNonPowerOfTwoScale() {
        rejects(oneTrunc(0.3, 0, 1, true, false, "FLOOR").model(), "(Trunc)", "scale 0.3", "not a power of two");
        rejects(oneTrunc(0.25, 0, 3, true, false, "FLOOR").model(), "(Trunc)", "out_scale 3.0", "not a power of two");
    }

    @Test
    void truncNonZeroZeroPoint() {
        rejects(oneTrunc(0.25, 2, 1, true, false, "FLOOR").model(), "(Trunc)", "zero point 2.0");
    }

    @Test
    void truncUnsignedNarrow() {
        rejects(oneTrunc(0.25, 0, 1, false, true, "FLOOR").model(), "(Trunc)", "unsigned and narrow");
    }

    @Test
    void truncVersion1() {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.truncV1(q.quant("x", 0.25, 0, 8, true, false, "ROUND"), 0.25, 8, 4));
        rejects(q.model(), "node 'trunc_", "(Trunc)", "version-1 Trunc", "only the version-2 form");
    }

    @Test
    void unsupportedOp() {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.node("Sigmoid", q.quant("x", 0.5, 0, 8, true, false, "ROUND")));
        rejects(q.model(), "(Sigmoid)", "is not supported", "supported ops: Add");
    }

    @Test
    void floatOpBetweenQuantizersWithoutPrecision() {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        String x = q.quant("x", 0.5, 0, 8, true, false, "ROUND");
        String w = q.quant(q.init("W", new double[16], 4, 4), 0.5, 0, 4, true, false, "ROUND");
        String h = q.node("MatMul", x, w);
        String w2 = q.quant(q.init("W2", new double[16], 4, 4), 0.5, 0, 4, true, false, "ROUND");
        q.output(q.node("MatMul", h, w2));
        rejects(q.model(), "(MatMul)", "float result that no Quant node quantizes");
    }

    @Test
    void floatWeightWithoutPrecision() {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        String x = q.quant("x", 0.5, 0, 8, true, false, "ROUND");
        q.output(q.node("MatMul", x, q.init("W", new double[16], 4, 4)));
        rejects(q.model(), "(MatMul)", "float constant 'W'");
    }

    @Test
    void dynamicShape() {
        Qonnx q = new Qonnx();
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("features"));
        q.graph.addInput(Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))));
        q.output(q.quant("x", 0.5, 0, 8, true, false, "ROUND"));
        rejects(q.model(), "graph input 'x'", "dynamic dimension 1 ('features')");
    }

    @Test
    void groupedConvolution() {
        Qonnx q = new Qonnx();
        q.input("img", 2, 4, 4);
        String x = q.quant("img", 0.5, 0, 8, true, false, "ROUND");
        String w = q.quant(q.init("W", new double[2 * 1 * 9], 2, 1, 3, 3), 0.5, 0, 4, true, false, "ROUND");
        q.output(q.node("Conv", "", List.of(Qonnx.intAttr("group", 2)), x, w));
        rejects(q.model(), "(Conv)", "weights of shape [2, 1, 3, 3]");
    }

    @Test
    void asymmetricPadding() {
        Qonnx q = new Qonnx();
        q.input("img", 1, 4, 4);
        String x = q.quant("img", 0.5, 0, 8, true, false, "ROUND");
        String w = q.quant(q.init("W", new double[9], 1, 1, 3, 3), 0.5, 0, 4, true, false, "ROUND");
        q.output(q.node("Conv", "", List.of(Qonnx.intsAttr("pads", 0, 0, 2, 2)), x, w));
        rejects(q.model(), "(Conv)", "neither VALID nor SAME_UPPER");
    }

    @Test
    void unknownTensorName() {
        Qonnx q = new Qonnx();
        q.input("x", 4);
        q.output(q.node("Relu", "nowhere"));
        rejects(q.model(), "(Relu)", "reads 'nowhere'");
    }
}

package io.hgq4j.interop.onnx;

import io.hgq4j.interop.onnx.proto.Onnx;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds small ONNX/QONNX models with the protobuf builders, for tests. */
final class Qonnx {

    final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("test_graph");
    private int counter;

    /** A float graph input of shape [1, dims...]. */
    Qonnx input(String name, int... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        graph.addInput(valueInfo(name, shape));
        return this;
    }

    Qonnx output(String name) {
        graph.addOutput(valueInfo(name, Onnx.TensorShapeProto.newBuilder()));
        return this;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Onnx.TensorShapeProto.Builder shape) {
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    /** A float initializer (stored as float_data). */
    String init(String name, double[] values, int... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1);
        for (int d : dims) {
            t.addDims(d);
        }
        for (double v : values) {
            t.addFloatData((float) v);
        }
        graph.addInitializer(t);
        return name;
    }

    String scalar(double v) {
        return init("c" + counter++, new double[] {v});
    }

    /** A node; returns its (first) output name. */
    String node(String op, String domain, List<Onnx.AttributeProto> attributes, String... inputs) {
        String out = op.toLowerCase() + "_" + counter++;
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(out + "_node").addOutput(out).setDomain(domain);
        for (String i : inputs) {
            n.addInput(i);
        }
        n.addAllAttribute(attributes);
        graph.addNode(n);
        return out;
    }

    String node(String op, String... inputs) {
        return node(op, "", List.of(), inputs);
    }

    /** A QONNX Quant node. */
    String quant(String x, double scale, double zeroPoint, int bits, boolean signed, boolean narrow, String rounding) {
        List<Onnx.AttributeProto> a = new ArrayList<>();
        a.add(intAttr("signed", signed ? 1 : 0));
        a.add(intAttr("narrow", narrow ? 1 : 0));
        a.add(stringAttr("rounding_mode", rounding));
        return node("Quant", "qonnx.custom_op.general", a, x, scalar(scale), scalar(zeroPoint), scalar(bits));
    }

    /** A QONNX Trunc node, version 2 (with out_scale); a null rounding mode leaves the attribute out (FLOOR). */
    String trunc(String x, double scale, double zeroPoint, int inBits, double outScale, int outBits, boolean signed,
                 boolean narrow, String rounding) {
        List<Onnx.AttributeProto> a = new ArrayList<>();
        a.add(intAttr("signed", signed ? 1 : 0));
        a.add(intAttr("narrow", narrow ? 1 : 0));
        if (rounding != null) {
            a.add(stringAttr("rounding_mode", rounding));
        }
        return node("Trunc", "qonnx.custom_op.general", a, x, scalar(scale), scalar(zeroPoint), scalar(inBits),
                scalar(outScale), scalar(outBits));
    }

    /** A QONNX Trunc node, version 1 (5 inputs, no out_scale). */
    String truncV1(String x, double scale, int inBits, int outBits) {
        return node("Trunc", "qonnx.custom_op.general", List.of(stringAttr("rounding_mode", "FLOOR")), x, scalar(scale),
                scalar(0), scalar(inBits), scalar(outBits));
    }

    static Onnx.AttributeProto intAttr(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    static Onnx.AttributeProto intsAttr(String name, long... v) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static Onnx.AttributeProto stringAttr(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    Onnx.ModelProto model() {
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("hgq4j-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    static double[] gaussian(Random r, int n, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = sigma * r.nextGaussian();
        }
        return v;
    }

    // ------------------------------------------------------------------ ready-made models

    /** Quant(in) → MatMul(Quant W) → Add(Quant b) → Relu → Quant → MatMul → Add → Quant, with a rounding mode. */
    static Onnx.ModelProto dense(long seed, String rounding, boolean narrow) {
        Random r = new Random(seed);
        Qonnx q = new Qonnx();
        q.input("x", 8);
        String x = q.quant("x", 0.125, 0, 7, true, false, rounding);
        String w1 = q.quant(q.init("W1", gaussian(r, 8 * 12, 0.6), 8, 12), 0.0625, 0, 6, true, narrow, "ROUND");
        String b1 = q.quant(q.init("B1", gaussian(r, 12, 0.5), 12), 0.125, 0, 6, true, false, "ROUND");
        String h = q.node("Add", q.node("MatMul", x, w1), b1);
        String a = q.quant(q.node("Relu", h), 0.25, 0, 6, false, false, rounding);
        String w2 = q.quant(q.init("W2", gaussian(r, 12 * 5, 0.5), 12, 5), 0.125, 0, 4, true, narrow, "ROUND");
        String b2 = q.quant(q.init("B2", gaussian(r, 5, 0.5), 5), 0.25, 0, 5, true, false, "ROUND");
        String y = q.quant(q.node("Add", q.node("MatMul", a, w2), b2), 0.5, 0, 6, true, narrow, rounding);
        q.output(y);
        return q.model();
    }

    /** Quant(NCHW image) → Conv(+bias) → Relu → Quant → MaxPool → Flatten → Gemm(transB) → Quant. */
    static Onnx.ModelProto conv(long seed, boolean same) {
        Random r = new Random(seed);
        Qonnx q = new Qonnx();
        q.input("img", 2, 6, 5);
        String x = q.quant("img", 0.25, 0, 6, true, false, "ROUND");
        String w = q.quant(q.init("Wc", gaussian(r, 3 * 2 * 3 * 3, 0.5), 3, 2, 3, 3), 0.125, 0, 5, true, false, "ROUND");
        String b = q.quant(q.init("Bc", gaussian(r, 3, 0.5), 3), 0.25, 0, 4, true, false, "ROUND");
        List<Onnx.AttributeProto> convAttrs = new ArrayList<>(List.of(intsAttr("kernel_shape", 3, 3)));
        if (same) {
            convAttrs.add(intsAttr("pads", 1, 1, 1, 1));
        }
        String c = q.node("Conv", "", convAttrs, x, w, b);
        String a = q.quant(q.node("Relu", c), 0.5, 0, 5, false, false, "ROUND");
        String p = q.node("MaxPool", "", List.of(intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2)), a);
        String f = q.node("Flatten", p);
        int features = same ? 3 * 3 * 2 : 3 * 2 * 1;
        String wd = q.quant(q.init("Wd", gaussian(r, 4 * features, 0.5), 4, features), 0.125, 0, 5, true, true, "ROUND");
        String bd = q.init("Bd", new double[] {0.5, -0.25, 1, 0}, 4);
        String bq = q.quant(bd, 0.25, 0, 4, true, false, "ROUND");
        String g = q.node("Gemm", "", List.of(intAttr("transB", 1)), f, wd, bq);
        String y = q.quant(g, 0.25, 0, 8, true, false, "ROUND");
        q.output(y);
        return q.model();
    }

    /**
     * Quant(x) → MatMul(Quant W) → Add(Quant b) → Trunc: the accumulator (LSB 2^-7) is finer than the Trunc's scale
     * 2^-2, so the Trunc's first round-half-even is a rounding of its own; out_scale 2^-1 divides by 2 (ties again).
     */
    static Onnx.ModelProto truncAccumulator(long seed, String rounding, boolean signed, boolean narrow, int outBits) {
        Random r = new Random(seed);
        Qonnx q = new Qonnx();
        q.input("x", 8);
        String x = q.quant("x", 0.125, 0, 7, true, false, "ROUND");
        String w = q.quant(q.init("W", gaussian(r, 8 * 4, 0.6), 8, 4), 0.0625, 0, 6, true, false, "ROUND");
        String b = q.quant(q.init("B", gaussian(r, 4, 0.5), 4), 0.125, 0, 6, true, false, "ROUND");
        String h = q.node("Add", q.node("MatMul", x, w), b);
        q.output(q.trunc(h, 0.25, 0, 16, 0.5, outBits, signed, narrow, rounding));
        return q.model();
    }

    /** Quant(x, scale 2^inExp) → Relu → Trunc(scale, outScale): the Trunc's input is on its scale's grid or coarser. */
    static Onnx.ModelProto truncAfterQuant(String rounding, boolean signed, boolean narrow, int inExp, double scale, double outScale, int outBits) {
        Qonnx q = new Qonnx();
        q.input("x", 6);
        String x = q.quant("x", Math.scalb(1.0, inExp), 0, 8, true, false, "ROUND");
        String in = signed ? x : q.node("Relu", x);
        q.output(q.trunc(in, scale, 0, 8, outScale, outBits, signed, narrow, rounding));
        return q.model();
    }

    /** A residual block: Quant(x) → Dense → Quant → Relu, and Add(x_q, that) → Quant. */
    static Onnx.ModelProto residual(long seed) {
        Random r = new Random(seed);
        Qonnx q = new Qonnx();
        q.input("x", 6);
        String x = q.quant("x", 0.25, 0, 6, true, false, "ROUND");
        String w = q.quant(q.init("W", gaussian(r, 36, 0.5), 6, 6), 0.125, 0, 4, true, false, "ROUND");
        String h = q.quant(q.node("MatMul", x, w), 0.25, 0, 6, true, false, "ROUND");
        String y = q.quant(q.node("Add", x, q.node("Relu", h)), 0.5, 0, 5, true, false, "FLOOR");
        q.output(y);
        return q.model();
    }
}

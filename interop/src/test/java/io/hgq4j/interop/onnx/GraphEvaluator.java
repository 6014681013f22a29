package io.hgq4j.interop.onnx;

import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.fixed.FixedType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent float64 evaluator of an ONNX graph (batch 1, NCHW), written from the ONNX and QONNX operator
 * definitions and sharing no code with the importer: Quant is (clip(round(x/scale + zp), min, max) − zp)·scale with
 * QONNX's min/max and numpy rounding; Trunc (version 2) follows QONNX's trunc_v2 reference; BipolarQuant is
 * QONNX's {@code where(x >= 0, 1, -1)·scale}. With a {@link Precision} it applies the precision where the importer documents
 * it: graph inputs, weights, and the results of Add (or of MatMul/Gemm/Conv not followed by a bias Add).
 */
final class GraphEvaluator {

    record T(int[] dims, double[] v) {
        int size() {
            return v.length;
        }
    }

    private final Onnx.GraphProto graph;
    private final Precision precision;
    private final Map<String, T> constants = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();

    GraphEvaluator(Onnx.ModelProto model, Precision precision) {
        this.graph = model.getGraph();
        this.precision = precision;
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), tensor(t));
        }
        for (Onnx.NodeProto n : graph.getNodeList()) {
            n.getInputList().forEach(i -> consumers.merge(i, 1, Integer::sum));
        }
    }

    static T tensor(Onnx.TensorProto t) {
        int[] dims = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            v[i] = switch (t.getDataType()) {
                case 1 -> t.hasRawData() ? raw.getFloat() : t.getFloatData(i);
                case 7 -> t.hasRawData() ? raw.getLong() : t.getInt64Data(i);
                default -> throw new IllegalArgumentException("type " + t.getDataType());
            };
        }
        return new T(dims, v);
    }

    /** Evaluates the graph on one sample given in ONNX (NCHW) order; returns the first output, flattened. */
    double[] evaluate(double[] sample) {
        Map<String, T> env = new HashMap<>(constants);
        Onnx.ValueInfoProto in = graph.getInput(0);
        int[] dims = in.getType().getTensorType().getShape().getDimList().stream().mapToInt(d -> d.hasDimValue() ? (int) d.getDimValue() : 1).toArray();
        double[] x = sample.clone();
        if (precision != null && !quantRead(in.getName())) {
            x = Arrays.stream(x).map(v -> cast(v, precision.activation())).toArray();
        }
        env.put(in.getName(), new T(dims, x));
        for (Onnx.NodeProto n : graph.getNodeList()) {
            T out = eval(n, env);
            if (precision != null && needsActivationCast(n)) {
                out = new T(out.dims(), Arrays.stream(out.v()).map(v -> cast(v, precision.activation())).toArray());
            }
            env.put(n.getOutput(0), out);
        }
        return Arrays.stream(env.get(graph.getOutput(0).getName()).v()).map(v -> v + 0.0).toArray(); // no -0.0
    }

    private boolean quantRead(String name) {
        return graph.getNodeList().stream().anyMatch(n -> (n.getOpType().equals("Quant") || n.getOpType().equals("Trunc")) && n.getInput(0).equals(name));
    }

    private boolean needsActivationCast(Onnx.NodeProto n) {
        if (quantRead(n.getOutput(0))) {
            return false;
        }
        String op = n.getOpType();
        if (op.equals("Add")) {
            return true;
        }
        if (op.equals("MatMul") || op.equals("Gemm") || op.equals("Conv")) {
            return graph.getNodeList().stream().noneMatch(m -> m.getOpType().equals("Add") && m.getInputList().contains(n.getOutput(0))
                    && m.getInputList().stream().anyMatch(constants::containsKey));
        }
        return false;
    }

    private T weight(T t) {
        if (precision == null) {
            return t;
        }
        return new T(t.dims(), Arrays.stream(t.v()).map(v -> cast(v, precision.weight())).toArray());
    }

    private T eval(Onnx.NodeProto n, Map<String, T> env) {
        T a = env.get(n.getInput(0));
        switch (n.getOpType()) {
            case "Quant": {
                double scale = env.get(n.getInput(1)).v()[0];
                double zp = env.get(n.getInput(2)).v()[0];
                int bits = (int) env.get(n.getInput(3)).v()[0];
                boolean signed = attr(n, "signed", 1) == 1;
                boolean narrow = attr(n, "narrow", 0) == 1;
                String mode = sattr(n, "rounding_mode", "ROUND");
                double min = signed ? (narrow ? -Math.pow(2, bits - 1) + 1 : -Math.pow(2, bits - 1)) : 0;
                double max = signed ? Math.pow(2, bits - 1) - 1 : (narrow ? Math.pow(2, bits) - 2 : Math.pow(2, bits) - 1);
                double[] v = new double[a.size()];
                for (int i = 0; i < v.length; i++) {
                    double q = round(a.v()[i] / scale + zp, mode);
                    v[i] = (Math.min(max, Math.max(min, q)) - zp) * scale;
                }
                return new T(a.dims(), v);
            }
            case "Trunc": {
                // QONNX trunc_v2: inputs X, scale, zeropt, in_bitwidth, out_scale, out_bitwidth
                double scale = env.get(n.getInput(1)).v()[0];
                double zp = env.get(n.getInput(2)).v()[0];
                double outScale = env.get(n.getInput(4)).v()[0];
                int bits = (int) env.get(n.getInput(5)).v()[0];
                boolean signed = attr(n, "signed", 1) == 1;
                boolean narrow = attr(n, "narrow", 0) == 1;
                String mode = sattr(n, "rounding_mode", "FLOOR").toUpperCase(java.util.Locale.ROOT);
                double t = Math.pow(2, Math.rint(Math.log(outScale / scale) / Math.log(2)));
                double min = signed ? -Math.pow(2, bits - 1) + (narrow ? 1 : 0) : 0;
                double max = signed ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1;
                double[] v = new double[a.size()];
                for (int i = 0; i < v.length; i++) {
                    double y = Math.rint(a.v()[i] / scale + zp);
                    y = y / t;
                    y = Math.min(max, Math.max(min, y));
                    y = round(y, mode);
                    v[i] = (y - zp / t) * outScale;
                }
                return new T(a.dims(), v);
            }
            case "BipolarQuant": {
                // QONNX bipolar_quant: np.where(x >= 0, 1.0, -1.0) * scale (0 maps to +1); scalar or same-shape scale
                T scale = env.get(n.getInput(1));
                double[] v = new double[a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (a.v()[i] >= 0 ? 1.0 : -1.0) * scale.v()[scale.size() == 1 ? 0 : i];
                }
                return new T(a.dims(), v);
            }
            case "MatMul":
            case "Gemm": {
                boolean gemm = n.getOpType().equals("Gemm");
                T w = constants.containsKey(n.getInput(1)) && !quantOutput(n.getInput(1)) ? weight(env.get(n.getInput(1))) : env.get(n.getInput(1));
                boolean transB = gemm && attr(n, "transB", 0) == 1;
                int k = a.dims()[1];
                int units = transB ? w.dims()[0] : w.dims()[1];
                double[] v = new double[units];
                for (int u = 0; u < units; u++) {
                    double s = 0;
                    for (int i = 0; i < k; i++) {
                        s += a.v()[i] * (transB ? w.v()[u * k + i] : w.v()[i * units + u]);
                    }
                    v[u] = s;
                }
                if (gemm && n.getInputCount() > 2) {
                    T c = env.get(n.getInput(2));
                    for (int u = 0; u < units; u++) {
                        v[u] += c.v()[c.size() == 1 ? 0 : u];
                    }
                }
                return new T(new int[] {1, units}, v);
            }
            case "Add": {
                T b = env.get(n.getInput(1));
                if (constants.containsKey(n.getInput(1)) && !quantOutput(n.getInput(1))) {
                    b = weight(b);
                }
                return broadcastAdd(a, b);
            }
            case "Relu":
                return new T(a.dims(), Arrays.stream(a.v()).map(x -> Math.max(x, 0)).toArray());
            case "Flatten":
            case "Reshape":
                return new T(new int[] {1, a.size()}, a.v());
            case "Softmax":
                return a; // dropped on request
            case "Conv":
                return conv(n, a, env.get(n.getInput(1)), n.getInputCount() > 2 ? env.get(n.getInput(2)) : null);
            case "MaxPool":
                return maxPool(n, a);
            default:
                throw new IllegalArgumentException(n.getOpType());
        }
    }

    private boolean quantOutput(String name) {
        return graph.getNodeList().stream().anyMatch(m -> m.getOpType().equals("Quant") && m.getOutput(0).equals(name));
    }

    private static T broadcastAdd(T a, T b) {
        double[] v = a.v().clone();
        if (b.size() == v.length) {
            for (int i = 0; i < v.length; i++) {
                v[i] += b.v()[i];
            }
        } else {
            // a bias along the channel axis [C, 1, 1] of an NCHW tensor or along the last axis
            int c = b.size();
            int inner = a.dims().length == 4 ? a.dims()[2] * a.dims()[3] : 1;
            for (int i = 0; i < v.length; i++) {
                v[i] += b.v()[inner == 1 ? i % c : (i / inner) % c];
            }
        }
        return new T(a.dims(), v);
    }

    private T conv(Onnx.NodeProto n, T x, T w, T bias) {
        int ci = x.dims()[1], h = x.dims()[2], wd = x.dims()[3];
        int co = w.dims()[0], kh = w.dims()[2], kw = w.dims()[3];
        long[] pads = lattr(n, "pads", new long[] {0, 0, 0, 0});
        long[] strides = lattr(n, "strides", new long[] {1, 1});
        int oh = (int) ((h + pads[0] + pads[2] - kh) / strides[0] + 1);
        int ow = (int) ((wd + pads[1] + pads[3] - kw) / strides[1] + 1);
        double[] v = new double[co * oh * ow];
        for (int o = 0; o < co; o++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    double s = bias == null ? 0 : bias.v()[o];
                    for (int c = 0; c < ci; c++) {
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                long iy = y * strides[0] + ky - pads[0];
                                long ix = z * strides[1] + kx - pads[1];
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                    s += x.v()[(int) ((c * h + iy) * wd + ix)] * w.v()[((o * ci + c) * kh + ky) * kw + kx];
                                }
                            }
                        }
                    }
                    v[(o * oh + y) * ow + z] = s;
                }
            }
        }
        return new T(new int[] {1, co, oh, ow}, v);
    }

    private T maxPool(Onnx.NodeProto n, T x) {
        int c = x.dims()[1], h = x.dims()[2], w = x.dims()[3];
        long[] k = lattr(n, "kernel_shape", null);
        long[] s = lattr(n, "strides", new long[] {1, 1});
        int oh = (int) ((h - k[0]) / s[0] + 1);
        int ow = (int) ((w - k[1]) / s[1] + 1);
        double[] v = new double[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < k[0]; ky++) {
                        for (int kx = 0; kx < k[1]; kx++) {
                            m = Math.max(m, x.v()[(int) ((ch * h + y * s[0] + ky) * w + z * s[1] + kx)]);
                        }
                    }
                    v[(ch * oh + y) * ow + z] = m;
                }
            }
        }
        return new T(new int[] {1, c, oh, ow}, v);
    }

    /** QONNX's rounding functions (numpy semantics). */
    static double round(double x, String mode) {
        return switch (mode) {
            case "ROUND" -> Math.rint(x);
            case "FLOOR" -> Math.floor(x);
            case "CEIL" -> Math.ceil(x);
            case "ROUND_TO_ZERO" -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case "HALF_UP" -> Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
            case "HALF_DOWN" -> Math.signum(x) * Math.ceil(Math.abs(x) - 0.5);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    /** ap_fixed conversion of a double, written from the vendor's definition (TRN/RND/RND_CONV, WRAP/SAT). */
    static double cast(double x, FixedType t) {
        double scaled = Math.scalb(x, -t.lsbExponent());
        double q = switch (t.quantization()) {
            case TRN -> Math.floor(scaled);
            case RND -> Math.floor(scaled + 0.5);
            case RND_CONV -> Math.rint(scaled);
            default -> throw new IllegalArgumentException(t.toString());
        };
        double min = t.signed() ? -Math.scalb(1.0, t.width() - 1) : 0;
        double max = t.signed() ? Math.scalb(1.0, t.width() - 1) - 1 : Math.scalb(1.0, t.width()) - 1;
        q = switch (t.overflow()) {
            case SAT -> Math.min(max, Math.max(min, q));
            case WRAP -> {
                double range = Math.scalb(1.0, t.width());
                double r = ((q - min) % range + range) % range;
                yield r + min;
            }
            default -> throw new IllegalArgumentException(t.toString());
        };
        return Math.scalb(q, t.lsbExponent());
    }

    private static long attr(Onnx.NodeProto n, String name, long fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(Onnx.AttributeProto::getI).findFirst().orElse(fallback);
    }

    private static String sattr(Onnx.NodeProto n, String name, String fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).map(a -> a.getS().toStringUtf8()).findFirst().orElse(fallback);
    }

    private static long[] lattr(Onnx.NodeProto n, String name, long[] fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name))
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).findFirst().orElse(fallback);
    }

    static List<String> ops(Onnx.ModelProto m) {
        return m.getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
    }
}

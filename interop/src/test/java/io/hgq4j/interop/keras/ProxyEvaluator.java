package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent float64 evaluation of a Keras HGQ proxy model, straight from the .h5 file, for checking the importer:
 * its own walk over the JSON, its own reading of the weights, and the {@code FixedPointQuantizer} formula of HGQ
 * (research/hgq.md §3.3): scale by 2^(bits − integers), round (TRN = floor, RND = floor(x + 1/2), RND_CONV = ties to
 * even), overflow on the integer code (WRAP = modulo 2^bits with an offset of −2^(bits−1) when signed, SAT = clip to
 * [−k·2^(b−k), 2^(b−k) − 1], SAT_SYM = symmetric clip), rescale, and zero where bits = 0. Dense and Conv are float64
 * sums of the stored float32 weights (exact for small binary fractions). BatchNormalization is Keras's float formula.
 * Nothing here uses the importer's classes.
 */
final class ProxyEvaluator {

    /** A tensor of one sample: shape without the batch axis, values row-major. */
    record T(int[] shape, double[] v) {
        int rank() {
            return shape.length;
        }
    }

    private record L(String name, String cls, JsonNode config, List<String> inputs) {
    }

    private final List<L> layers = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, double[]> arrays = new HashMap<>();
    private final Map<String, int[]> arrayShapes = new HashMap<>();

    ProxyEvaluator(Path h5) throws IOException {
        try (HdfFile file = new HdfFile(h5)) {
            JsonNode root = new ObjectMapper().readTree((String) file.getAttribute("model_config").getData());
            JsonNode config = root.get("config");
            boolean sequential = root.get("class_name").asText().equals("Sequential");
            String previous = null;
            for (JsonNode entry : config.get("layers")) {
                JsonNode c = entry.get("config");
                String name = c.get("name").asText();
                String cls = entry.get("class_name").asText();
                List<String> inputs = new ArrayList<>();
                if (sequential) {
                    if (previous == null && !cls.equals("InputLayer")) {
                        String input = name + "_input";
                        layers.add(new L(input, "InputLayer", c, List.of()));
                        previous = input;
                    }
                    if (previous != null) {
                        inputs.add(previous);
                    }
                    previous = name;
                } else {
                    for (JsonNode node : entry.get("inbound_nodes")) {
                        for (JsonNode t : node) {
                            inputs.add(t.get(0).asText());
                        }
                    }
                }
                layers.add(new L(name, cls, c, inputs));
                for (String w : List.of("kernel", "bias", "bits", "integers", "keep_negative", "gamma", "beta",
                        "moving_mean", "moving_variance")) {
                    for (String path : List.of("model_weights/" + name + "/" + name + "/" + w + ":0",
                            "model_weights/" + name + "/" + w + ":0")) {
                        Node node = exists(file, path);
                        if (node instanceof Dataset d) {
                            arrays.put(name + "/" + w, toDoubles(d.getDataFlat()));
                            arrayShapes.put(name + "/" + w, d.getDimensions());
                        }
                    }
                }
            }
            if (sequential) {
                outputs.add(previous);
            } else {
                for (JsonNode o : config.get("output_layers")) {
                    outputs.add(o.get(0).asText());
                }
            }
        }
    }

    private static Node exists(HdfFile file, String path) {
        try {
            return file.getByPath(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double[] toDoubles(Object data) {
        if (data instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (data instanceof byte[] b) {
            double[] d = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                d[i] = b[i];
            }
            return d;
        }
        if (data instanceof double[] d) {
            return d;
        }
        throw new IllegalArgumentException("unexpected data " + data.getClass());
    }

    /** The single output for one sample of the single input. */
    double[] evaluate(double[] sample) {
        Map<String, T> values = new HashMap<>();
        for (L layer : layers) {
            List<T> in = layer.inputs.stream().map(values::get).toList();
            values.put(layer.name, apply(layer, in, sample));
        }
        return values.get(outputs.get(0)).v();
    }

    private T apply(L layer, List<T> in, double[] sample) {
        JsonNode c = layer.config;
        switch (layer.cls) {
            case "InputLayer": {
                JsonNode s = c.get("batch_input_shape");
                int[] shape = new int[s.size() - 1];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = s.get(i + 1).asInt();
                }
                return new T(shape, sample.clone());
            }
            case "FixedPointQuantizer":
                return quantize(layer, in.get(0));
            case "Dense": {
                T x = in.get(0);
                double[] w = arrays.get(layer.name + "/kernel");
                double[] b = arrays.get(layer.name + "/bias");
                int units = c.get("units").asInt();
                int features = x.shape[x.rank() - 1];
                int rows = x.v.length / features;
                double[] out = new double[rows * units];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < units; j++) {
                        double s = b == null ? 0 : b[j];
                        for (int i = 0; i < features; i++) {
                            s += x.v[r * features + i] * w[i * units + j];
                        }
                        out[r * units + j] = s;
                    }
                }
                int[] shape = x.shape.clone();
                shape[shape.length - 1] = units;
                return activation(c, new T(shape, out));
            }
            case "Conv1D":
            case "Conv2D":
                return activation(c, conv(layer, in.get(0)));
            case "MaxPooling1D":
            case "MaxPooling2D":
            case "AveragePooling1D":
            case "AveragePooling2D":
                return pool(layer, in.get(0));
            case "Flatten":
                return new T(new int[] {in.get(0).v.length}, in.get(0).v);
            case "Reshape": {
                JsonNode t = c.get("target_shape");
                int[] shape = new int[t.size()];
                int known = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.get(i).asInt();
                    known *= shape[i] == -1 ? 1 : shape[i];
                }
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] == -1) {
                        shape[i] = in.get(0).v.length / known;
                    }
                }
                return new T(shape, in.get(0).v);
            }
            case "Activation":
            case "ReLU":
                return activation(c, in.get(0));
            case "Dropout":
                return in.get(0);
            case "Add": {
                double[] out = new double[in.get(0).v.length];
                for (T t : in) {
                    for (int i = 0; i < out.length; i++) {
                        out[i] += t.v[i];
                    }
                }
                return new T(in.get(0).shape, out);
            }
            case "Concatenate":
                return concatenate(c.get("axis").asInt(), in);
            case "BatchNormalization": {
                T x = in.get(0);
                int ch = x.shape[x.rank() - 1];
                double eps = c.get("epsilon").asDouble();
                double[] gamma = arrays.get(layer.name + "/gamma");
                double[] beta = arrays.get(layer.name + "/beta");
                double[] mean = arrays.get(layer.name + "/moving_mean");
                double[] var = arrays.get(layer.name + "/moving_variance");
                double[] out = new double[x.v.length];
                for (int i = 0; i < out.length; i++) {
                    int k = i % ch;
                    out[i] = (x.v[i] - mean[k]) / Math.sqrt(var[k] + eps) * (gamma == null ? 1 : gamma[k])
                            + (beta == null ? 0 : beta[k]);
                }
                return new T(x.shape, out);
            }
            default:
                throw new IllegalArgumentException("evaluator does not know " + layer.cls);
        }
    }

    private static T activation(JsonNode c, T x) {
        String a = c.has("activation") ? c.get("activation").asText() : "relu";     // a ReLU layer has none
        if (a.equals("linear")) {
            return x;
        }
        if (!a.equals("relu")) {
            throw new IllegalArgumentException("activation " + a);
        }
        double[] out = x.v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 0);
        }
        return new T(x.shape, out);
    }

    /** HGQ's FixedPointQuantizer, element by element, in float64. */
    private T quantize(L layer, T x) {
        String rnd = layer.config.get("RND").asText();
        String sat = layer.config.get("SAT").asText();
        int[] full = new int[x.rank() + 1];
        full[0] = 1;
        System.arraycopy(x.shape, 0, full, 1, x.rank());
        double[] out = new double[x.v.length];
        for (int i = 0; i < out.length; i++) {
            int b = (int) element(layer.name + "/bits", full, i);
            int integers = (int) element(layer.name + "/integers", full, i);
            int k = (int) element(layer.name + "/keep_negative", full, i);
            out[i] = fixedPointQuantize(x.v[i], b, integers, k, rnd, sat);
        }
        return new T(x.shape, out);
    }

    /** The broadcast value of quantizer array {@code key} for flat element {@code i} of [1, shape...]. */
    private double element(String key, int[] full, int i) {
        double[] a = arrays.get(key);
        int[] dims = arrayShapes.get(key);
        int[] index = new int[full.length];
        for (int axis = full.length - 1, rest = i; axis >= 0; axis--) {
            index[axis] = rest % full[axis];
            rest /= full[axis];
        }
        int flat = 0;
        int offset = full.length - dims.length;
        for (int axis = 0; axis < dims.length; axis++) {
            int idx = axis + offset < 0 || dims[axis] == 1 ? 0 : index[axis + offset];
            flat = flat * dims[axis] + idx;
        }
        return a[flat];
    }

    static double fixedPointQuantize(double x, int b, int integers, int k, String rnd, String sat) {
        if (b == 0) {
            return 0;
        }
        int f = b - integers;
        double y = Math.scalb(x, f);
        double fl = Math.floor(y);
        double frac = y - fl;                                   // exact for |y| < 2^52
        double code = switch (rnd) {
            case "TRN" -> fl;
            case "RND" -> fl + (frac >= 0.5 ? 1 : 0);
            case "RND_CONV" -> fl + (frac > 0.5 || (frac == 0.5 && Math.floorMod((long) fl, 2) == 1) ? 1 : 0);
            default -> throw new IllegalArgumentException(rnd);
        };
        long c = (long) code;
        long range = 1L << b;
        long lo = k == 1 ? -(1L << (b - 1)) : 0;
        long hi = k == 1 ? (1L << (b - 1)) - 1 : range - 1;
        switch (sat) {
            case "WRAP" -> c = Math.floorMod(c - lo, range) + lo;
            case "SAT" -> c = Math.max(lo, Math.min(hi, c));
            case "SAT_SYM" -> c = Math.max(k == 1 && b > 1 ? -hi : lo, Math.min(hi, c));
            default -> throw new IllegalArgumentException(sat);
        }
        return Math.scalb((double) c, -f);
    }

    private T conv(L layer, T x) {
        JsonNode c = layer.config;
        int rank = layer.cls.equals("Conv2D") ? 2 : 1;
        double[] w = arrays.get(layer.name + "/kernel");
        double[] b = arrays.get(layer.name + "/bias");
        int[] ks = ints(c.get("kernel_size"), rank);
        int[] st = ints(c.get("strides"), rank);
        boolean same = c.get("padding").asText().equals("same");
        int filters = c.get("filters").asInt();
        int h = rank == 2 ? x.shape[0] : 1;
        int wd = x.shape[rank == 2 ? 1 : 0];
        int ch = x.shape[x.rank() - 1];
        int kh = rank == 2 ? ks[0] : 1;
        int kw = ks[rank - 1];
        int sh = rank == 2 ? st[0] : 1;
        int sw = st[rank - 1];
        int[] geo = geometry(h, wd, kh, kw, sh, sw, same);
        int oh = geo[0];
        int ow = geo[1];
        double[] out = new double[oh * ow * filters];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int co = 0; co < filters; co++) {
                    double s = b == null ? 0 : b[co];
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int y = oy * sh + ky - geo[2];
                            int xx = ox * sw + kx - geo[3];
                            if (y < 0 || y >= h || xx < 0 || xx >= wd) {
                                continue;
                            }
                            for (int ci = 0; ci < ch; ci++) {
                                s += x.v[(y * wd + xx) * ch + ci] * w[((ky * kw + kx) * ch + ci) * filters + co];
                            }
                        }
                    }
                    out[(oy * ow + ox) * filters + co] = s;
                }
            }
        }
        return new T(rank == 2 ? new int[] {oh, ow, filters} : new int[] {ow, filters}, out);
    }

    private T pool(L layer, T x) {
        JsonNode c = layer.config;
        int rank = layer.cls.endsWith("2D") ? 2 : 1;
        boolean max = layer.cls.startsWith("Max");
        int[] ps = ints(c.get("pool_size"), rank);
        int[] st = c.get("strides") == null || c.get("strides").isNull() ? ps : ints(c.get("strides"), rank);
        boolean same = c.get("padding").asText().equals("same");
        int h = rank == 2 ? x.shape[0] : 1;
        int wd = x.shape[rank == 2 ? 1 : 0];
        int ch = x.shape[x.rank() - 1];
        int kh = rank == 2 ? ps[0] : 1;
        int kw = ps[rank - 1];
        int sh = rank == 2 ? st[0] : 1;
        int sw = st[rank - 1];
        int[] geo = geometry(h, wd, kh, kw, sh, sw, same);
        double[] out = new double[geo[0] * geo[1] * ch];
        for (int oy = 0; oy < geo[0]; oy++) {
            for (int ox = 0; ox < geo[1]; ox++) {
                for (int ci = 0; ci < ch; ci++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int y = oy * sh + ky - geo[2];
                            int xx = ox * sw + kx - geo[3];
                            if (y < 0 || y >= h || xx < 0 || xx >= wd) {
                                continue;
                            }
                            double v = x.v[(y * wd + xx) * ch + ci];
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    out[(oy * geo[1] + ox) * ch + ci] = max ? acc : acc / count;
                }
            }
        }
        return new T(rank == 2 ? new int[] {geo[0], geo[1], ch} : new int[] {geo[1], ch}, out);
    }

    /** {outH, outW, padTop, padLeft} as TensorFlow computes them. */
    private static int[] geometry(int h, int w, int kh, int kw, int sh, int sw, boolean same) {
        if (!same) {
            return new int[] {(h - kh) / sh + 1, (w - kw) / sw + 1, 0, 0};
        }
        int oh = (h + sh - 1) / sh;
        int ow = (w + sw - 1) / sw;
        int padH = Math.max((oh - 1) * sh + kh - h, 0);
        int padW = Math.max((ow - 1) * sw + kw - w, 0);
        return new int[] {oh, ow, padH / 2, padW / 2};
    }

    private static T concatenate(int axis, List<T> in) {
        int rank = in.get(0).rank();
        int a = (axis < 0 ? axis + rank + 1 : axis) - 1;
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= in.get(0).shape[i];
        }
        int[] shape = in.get(0).shape.clone();
        shape[a] = in.stream().mapToInt(t -> t.shape[a]).sum();
        double[] out = new double[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (T t : in) {
                int block = t.v.length / outer;
                System.arraycopy(t.v, o * block, out, pos, block);
                pos += block;
            }
        }
        return new T(shape, out);
    }

    private static int[] ints(JsonNode node, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = node.isArray() ? node.get(i).asInt() : node.asInt();
        }
        return r;
    }
}

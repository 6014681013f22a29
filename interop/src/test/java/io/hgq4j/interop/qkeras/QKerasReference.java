package io.hgq4j.interop.qkeras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent evaluation of a QKeras/Keras 2 model (JSON + {@code _weights.h5}) in double arithmetic, written the
 * way QKeras computes: float operations, with the quantizer functions of QKeras's source applied to weights and
 * activations. Nothing here uses the importer or the IR.
 *
 * <ul>
 *   <li>{@code quantized_bits}: {@code m = 2^(bits − keep_negative)}, {@code m_i = 2^integer},
 *       {@code m_i · clip(round(x·m/m_i), keep_negative·(−m + symmetric), m − 1) / m};</li>
 *   <li>{@code quantized_relu}: {@code m = 2^bits}, {@code m_i · clip(round(relu(x)·m/m_i), 0, m − 1) / m};</li>
 * </ul>
 * where {@code round} is {@code tf.round}: half to even ({@link Math#rint}). {@link #halfUp} switches it to
 * {@code floor(x + 1/2)} to show that the comparison can tell the two apart.
 *
 * <p>Layers without a quantizer use {@code userBits/userInteger} (a signed {@code quantized_bits}) for the input,
 * plain weights and plain results, standing for the user precision {@code fixed<userBits, userInteger + 1,
 * RND_CONV, SAT>}; an unsigned input is {@code quantized_bits(inputBits, inputInteger, keep_negative=0)}. All
 * values stay exactly representable in a double (the test checks the accumulator widths), so the result is exact.
 */
final class QKerasReference {

    private final List<JsonNode> layers = new ArrayList<>();
    private final List<double[][]> weights = new ArrayList<>();
    private final int[] inputShape;
    boolean halfUp;
    /** Input quantizer (bits, integer, keep_negative) and the plain-layer quantizer (bits, integer), signed. */
    int inputBits = 16;
    int inputInteger = 5;
    boolean inputSigned = true;
    int userBits = 16;
    int userInteger = 5;

    QKerasReference(Path json, Path weightsFile) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode config = root.get("config");
        JsonNode list = config.isArray() ? config : config.get("layers");
        int[] shape = null;
        try (HdfFile h5 = new HdfFile(weightsFile)) {
            for (JsonNode layer : list) {
                JsonNode c = layer.get("config");
                if (shape == null && c.has("batch_input_shape")) {
                    JsonNode s = c.get("batch_input_shape");
                    shape = new int[s.size() - 1];
                    for (int i = 1; i < s.size(); i++) {
                        shape[i - 1] = s.get(i).asInt();
                    }
                }
                if (layer.get("class_name").asText().equals("InputLayer")) {
                    continue;
                }
                layers.add(layer);
                String name = c.get("name").asText();
                double[][] w = new double[2][];
                if (h5.getChild(name) instanceof Group g && g.getChild(name) instanceof Group inner) {
                    w[0] = read(inner, "kernel:0");
                    w[1] = read(inner, "bias:0");
                }
                weights.add(w);
            }
        }
        this.inputShape = shape;
    }

    private static double[] read(Group g, String name) {
        if (!(g.getChild(name) instanceof Dataset d)) {
            return null;
        }
        Object data = d.getDataFlat();
        float[] f = (float[]) data;
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    private double round(double x) {
        return halfUp ? Math.floor(x + 0.5) : Math.rint(x);
    }

    /** QKeras quantized_bits(bits, integer, symmetric, keep_negative), alpha = 1. */
    double quantizedBits(double x, int bits, int integer, boolean symmetric, boolean keepNegative) {
        int kn = keepNegative ? 1 : 0;
        double m = Math.pow(2, bits - kn);
        double mi = Math.pow(2, integer);
        double lo = kn * (-m + (symmetric ? 1 : 0));
        double q = Math.min(Math.max(round(x * m / mi), lo), m - 1);
        return mi * q / m;
    }

    /** QKeras quantized_relu(bits, integer). */
    double quantizedRelu(double x, int bits, int integer) {
        double m = Math.pow(2, bits);
        double mi = Math.pow(2, integer);
        double q = Math.min(Math.max(round(Math.max(x, 0) * m / mi), 0), m - 1);
        return mi * q / m;
    }

    private double apply(JsonNode quantizer, double x) {
        JsonNode c = quantizer.get("config");
        String cls = quantizer.get("class_name").asText();
        if (cls.equals("quantized_bits")) {
            return quantizedBits(x, c.get("bits").asInt(), c.get("integer").asInt(), c.get("symmetric").asInt() != 0,
                    c.get("keep_negative").asBoolean());
        }
        if (cls.equals("quantized_relu")) {
            return quantizedRelu(x, c.get("bits").asInt(), c.get("integer").asInt());
        }
        throw new IllegalStateException("test evaluator: quantizer " + cls);
    }

    private double[] quantizeAll(JsonNode quantizer, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = quantizer == null || quantizer.isNull() ? quantizedBits(v[i], userBits, userInteger, false, true)
                    : apply(quantizer, v[i]);
        }
        return out;
    }

    /** The model's output for one sample (the logits: a final softmax is skipped, as the importer drops it). */
    double[] evaluate(double[] sample) {
        double[] x = new double[sample.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = quantizedBits(sample[i], inputBits, inputInteger, false, inputSigned);
        }
        int[] shape = inputShape.clone();
        for (int l = 0; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            JsonNode c = layer.get("config");
            String cls = layer.get("class_name").asText();
            boolean q = cls.startsWith("Q");
            switch (cls) {
                case "QDense", "Dense" -> {
                    double[] k = quantizeAll(q ? c.get("kernel_quantizer") : null, weights.get(l)[0]);
                    double[] b = quantizeAll(q ? c.get("bias_quantizer") : null, weights.get(l)[1]);
                    int units = b.length;
                    double[] y = new double[units];
                    for (int j = 0; j < units; j++) {
                        double s = b[j];
                        for (int i = 0; i < x.length; i++) {
                            s += x[i] * k[i * units + j];
                        }
                        y[j] = q ? s : quantizedBits(s, userBits, userInteger, false, true);
                    }
                    x = activation(c.get("activation").asText(), y);
                    shape = new int[] {units};
                }
                case "QConv2D" -> {
                    double[] k = quantizeAll(c.get("kernel_quantizer"), weights.get(l)[0]);
                    double[] b = quantizeAll(c.get("bias_quantizer"), weights.get(l)[1]);
                    int kh = c.get("kernel_size").get(0).asInt();
                    int kw = c.get("kernel_size").get(1).asInt();
                    int h = shape[0];
                    int w = shape[1];
                    int ch = shape[2];
                    int f = b.length;
                    int oh = h - kh + 1;
                    int ow = w - kw + 1;
                    double[] y = new double[oh * ow * f];
                    for (int r = 0; r < oh; r++) {
                        for (int s = 0; s < ow; s++) {
                            for (int o = 0; o < f; o++) {
                                double acc = b[o];
                                for (int dr = 0; dr < kh; dr++) {
                                    for (int ds = 0; ds < kw; ds++) {
                                        for (int ci = 0; ci < ch; ci++) {
                                            acc += x[((r + dr) * w + s + ds) * ch + ci]
                                                    * k[((dr * kw + ds) * ch + ci) * f + o];
                                        }
                                    }
                                }
                                y[(r * ow + s) * f + o] = acc;
                            }
                        }
                    }
                    x = activation(c.get("activation").asText(), y);
                    shape = new int[] {oh, ow, f};
                }
                case "MaxPooling2D" -> {
                    int p = c.get("pool_size").get(0).asInt();
                    int oh = shape[0] / p;
                    int ow = shape[1] / p;
                    int ch = shape[2];
                    double[] y = new double[oh * ow * ch];
                    for (int r = 0; r < oh; r++) {
                        for (int s = 0; s < ow; s++) {
                            for (int ci = 0; ci < ch; ci++) {
                                double m = Double.NEGATIVE_INFINITY;
                                for (int dr = 0; dr < p; dr++) {
                                    for (int ds = 0; ds < p; ds++) {
                                        m = Math.max(m, x[((r * p + dr) * shape[1] + s * p + ds) * ch + ci]);
                                    }
                                }
                                y[(r * ow + s) * ch + ci] = m;
                            }
                        }
                    }
                    x = y;
                    shape = new int[] {oh, ow, ch};
                }
                case "QActivation" -> {
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        y[i] = apply(c.get("activation"), x[i]);
                    }
                    x = y;
                }
                case "Activation" -> {
                    if (!c.get("activation").asText().equals("softmax")) {
                        x = activation(c.get("activation").asText(), x);
                    }
                }
                case "Flatten" -> shape = new int[] {x.length};
                case "Dropout" -> {
                }
                default -> throw new IllegalStateException("test evaluator: layer " + cls);
            }
        }
        return x;
    }

    private static double[] activation(String name, double[] y) {
        switch (name) {
            case "linear", "softmax":
                return y;
            case "relu":
                double[] out = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    out[i] = Math.max(y[i], 0);
                }
                return out;
            default:
                throw new IllegalStateException("test evaluator: activation " + name);
        }
    }
}

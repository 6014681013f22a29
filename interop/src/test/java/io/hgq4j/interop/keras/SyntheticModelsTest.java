package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers the peer models lack, in small models written with jhdf: each checked by hand and against the independent
 * {@link ProxyEvaluator}.
 */
class SyntheticModelsTest {

    @TempDir
    Path dir;

    private final Random random = new Random(7);

    /** Random weights k/8, k in [-8, 8]: binary fractions, with some zeros. */
    private float[] weights(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (random.nextInt(17) - 8) / 8f;
        }
        return w;
    }

    private float[][] weights(int rows, int cols) {
        float[][] w = new float[rows][];
        for (int r = 0; r < rows; r++) {
            w[r] = weights(cols);
        }
        return w;
    }

    private static ObjectNode dense(String name, int units, String activation) {
        return KerasH5Builder.config(name).put("units", units).put("activation", activation).put("use_bias", true);
    }

    /** The imported model and the proxy model agree exactly on {@code samples} random inputs N(0, 1.5²). */
    private FirmwareModel importAndCompare(Path file, int inputSize, int samples) throws IOException {
        FirmwareModel model = KerasHgqImporter.read(file);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        ProxyEvaluator proxy = new ProxyEvaluator(file);
        Random inputs = new Random(11);
        for (int s = 0; s < samples; s++) {
            double[] x = new double[inputSize];
            for (int i = 0; i < x.length; i++) {
                x[i] = 1.5 * inputs.nextGaussian();
            }
            assertThat(evaluator.evaluate(x).toDoubles()).as("sample %s", Arrays.toString(x))
                    .containsExactly(proxy.evaluate(x));
        }
        return model;
    }

    private static java.util.List<String> ops(FirmwareModel model) {
        return model.layers().stream().map(l -> l.name() + ":" + l.op()).toList();
    }

    @Test
    void conv1dSamePaddingAveragePoolingFlattenAndDenseWithRelu() throws IOException {
        ObjectNode conv = KerasH5Builder.config("c1").put("filters", 3).put("padding", "same")
                .put("data_format", "channels_last").put("activation", "linear").put("use_bias", true).put("groups", 1);
        conv.putArray("kernel_size").add(3);
        conv.putArray("strides").add(1);
        conv.putArray("dilation_rate").add(1);
        ObjectNode pool = KerasH5Builder.config("ap").put("padding", "valid").put("data_format", "channels_last");
        pool.putArray("pool_size").add(2);
        pool.putNull("strides");
        float[][][] kernel = new float[3][2][];
        for (float[][] k : kernel) {
            k[0] = weights(3);
            k[1] = weights(3);
        }
        Path file = KerasH5Builder.functional("conv1d_model")
                .input("x", 8, 2)
                .quantizer("x_q", "x", "RND", "SAT", new byte[][][] {{{6, 5}}}, new byte[][][] {{{2, 1}}},
                        new byte[][][] {{{1, 1}}})
                .layer("Conv1D", conv, "x_q").weights("c1", Map.of("kernel", kernel, "bias", weights(3)))
                .uniformQuantizer("c1_q", "c1", "TRN", "WRAP", 8, 4, 1)
                .layer("AveragePooling1D", pool, "c1_q")
                .layer("Flatten", KerasH5Builder.config("fl").put("data_format", "channels_last"), "ap")
                .layer("Dense", dense("d", 4, "relu"), "fl").weights("d", Map.of("kernel", weights(12, 4), "bias", weights(4)))
                .quantizer("out", "d", "TRN", "SAT", new byte[][] {{6, 7, 0, 5}}, new byte[][] {{3, 3, 0, 2}},
                        new byte[][] {{0, 0, 0, 0}})
                .output("out")
                .write(dir.resolve("conv1d.h5"));

        FirmwareModel model = importAndCompare(file, 16, 300);
        assertThat(ops(model)).containsExactly("x:input", "c1:conv1d", "c1_q:quantize", "ap:avg_pool1d", "fl:reshape",
                "d:dense", "d_relu:relu", "out:quantize");
        assertThat(model.inputs().get(0).type().typeAt(0)).isEqualTo(new FixedType(6, 2, true, Quantization.RND, Overflow.SAT));
        assertThat(model.inputs().get(0).type().typeAt(15)).isEqualTo(new FixedType(5, 1, true, Quantization.RND, Overflow.SAT));
        Conv c1 = (Conv) model.layer("c1");
        assertThat(c1.padding()).isEqualTo(Padding.SAME);
        assertThat(c1.kernel().shape()).isEqualTo(Shape.of(3, 2, 3));
        assertThat(model.outputType("ap").shape()).isEqualTo(Shape.of(4, 3));
        assertThat(model.outputType("fl").shape()).isEqualTo(Shape.of(12));
        assertThat(((Quantize) model.layer("out")).target().typeAt(2)).isEqualTo(FixedType.ZERO);
    }

    @Test
    void conv2dWithStridesAndNoBiasMaxPoolSameAveragePoolAndReshape() throws IOException {
        ObjectNode conv = KerasH5Builder.config("c2").put("filters", 2).put("padding", "same")
                .put("data_format", "channels_last").put("activation", "relu").put("use_bias", false);
        conv.putArray("kernel_size").add(3).add(3);
        conv.putArray("strides").add(2).add(2);
        conv.putArray("dilation_rate").add(1).add(1);
        ObjectNode max = KerasH5Builder.config("mp").put("padding", "same").put("data_format", "channels_last");
        max.putArray("pool_size").add(2).add(2);
        max.putArray("strides").add(1).add(1);
        ObjectNode avg = KerasH5Builder.config("avg").put("padding", "valid").put("data_format", "channels_last");
        avg.putArray("pool_size").add(2).add(2);
        ObjectNode reshape = KerasH5Builder.config("rs");
        reshape.putArray("target_shape").add(-1);
        float[][][][] kernel = new float[3][3][1][];
        for (float[][][] row : kernel) {
            for (float[][] tap : row) {
                tap[0] = weights(2);
            }
        }
        Path file = KerasH5Builder.functional("conv2d_model")
                .input("img", 6, 6, 1)
                .uniformQuantizer("img_q", "img", "RND_CONV", "SAT", 6, 3, 1)
                .layer("Conv2D", conv, "img_q").weights("c2", Map.of("kernel", kernel))
                .uniformQuantizer("c2_q", "c2", "TRN", "WRAP", 7, 4, 0)
                .layer("MaxPooling2D", max, "c2_q")
                .layer("AveragePooling2D", avg, "mp")
                .layer("Reshape", reshape, "avg")
                .uniformQuantizer("out", "rs", "RND", "SAT_SYM", 6, 3, 1)
                .output("out")
                .write(dir.resolve("conv2d.h5"));

        FirmwareModel model = importAndCompare(file, 36, 300);
        assertThat(ops(model)).containsExactly("img:input", "c2:conv2d", "c2_relu:relu", "c2_q:quantize",
                "mp:max_pool2d", "avg:avg_pool2d", "rs:reshape", "out:quantize");
        Conv c2 = (Conv) model.layer("c2");
        assertThat(List2.of(c2.strideHeight(), c2.strideWidth())).containsExactly(2, 2);
        assertThat(c2.bias().type()).isEqualTo(TensorType.uniform(Shape.of(2), FixedType.ZERO));
        assertThat(model.outputType("c2").shape()).isEqualTo(Shape.of(3, 3, 2));
        Pool avgPool = (Pool) model.layer("avg");
        assertThat(List2.of(avgPool.strideHeight(), avgPool.strideWidth())).containsExactly(2, 2);   // strides null = pool size
        assertThat(model.outputType("rs").shape()).isEqualTo(Shape.of(2));
    }

    @Test
    void addConcatenateAndDropout() throws IOException {
        ObjectNode cat = KerasH5Builder.config("cat").put("axis", -1);
        Path file = KerasH5Builder.functional("merge")
                .input("x", 4)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dropout", KerasH5Builder.config("drop").put("rate", 0.5), "x_q")
                .layer("Dense", dense("a", 4, "linear"), "drop").weights("a", Map.of("kernel", weights(4, 4), "bias", weights(4)))
                .uniformQuantizer("a_q", "a", "TRN", "WRAP", 9, 4, 1)
                .layer("Dense", dense("b", 4, "linear"), "x_q").weights("b", Map.of("kernel", weights(4, 4), "bias", weights(4)))
                .uniformQuantizer("b_q", "b", "TRN", "SAT", 6, 3, 1)
                .layer("Add", KerasH5Builder.config("sum"), "a_q", "b_q")
                .layer("Concatenate", cat, "sum", "a_q")
                .uniformQuantizer("out", "cat", "TRN", "WRAP", 10, 5, 1)
                .output("out")
                .write(dir.resolve("merge.h5"));

        FirmwareModel model = importAndCompare(file, 4, 300);
        assertThat(ops(model)).containsExactly("x:input", "a:dense", "a_q:quantize", "b:dense", "b_q:quantize",
                "sum:add", "cat:concatenate", "out:quantize");
        assertThat(model.layer("a").inputs()).containsExactly("x");          // the Dropout is gone
        assertThat(model.layer("sum").inputs()).containsExactly("a_q", "b_q");
        assertThat(((Concatenate) model.layer("cat")).axis()).isZero();
        assertThat(model.outputType("cat").shape()).isEqualTo(Shape.of(8));
    }

    @Test
    void concatenateAxesCountTheBatchAxis() throws IOException {
        Path file = KerasH5Builder.functional("axes")
                .input("x", 2, 3)
                .uniformQuantizer("x_q", "x", "TRN", "WRAP", 4, 2, 1)
                .layer("Concatenate", KerasH5Builder.config("rows").put("axis", 1), "x_q", "x_q")
                .layer("Concatenate", KerasH5Builder.config("cols").put("axis", -1), "x_q", "x_q")
                .layer("Concatenate", KerasH5Builder.config("cols2").put("axis", 2), "x_q", "x_q")
                .output("rows").output("cols").output("cols2")
                .write(dir.resolve("axes.h5"));
        FirmwareModel model = KerasHgqImporter.read(file);
        assertThat(((Concatenate) model.layer("rows")).axis()).isZero();
        assertThat(model.outputType("rows").shape()).isEqualTo(Shape.of(4, 3));
        assertThat(((Concatenate) model.layer("cols")).axis()).isEqualTo(1);
        assertThat(model.outputType("cols").shape()).isEqualTo(Shape.of(2, 6));
        assertThat(model.outputType("cols2").shape()).isEqualTo(Shape.of(2, 6));
        assertThat(model.outputs()).containsExactly("rows", "cols", "cols2");
    }

    @Test
    void batchNormalizationAfterDenseIsFoldedIntoKernelAndBias() throws IOException {
        ObjectNode bn = KerasH5Builder.config("bn").put("epsilon", 0.25).put("center", true).put("scale", true);
        bn.putArray("axis").add(1);
        Path file = KerasH5Builder.functional("bn_dense")
                .input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", dense("d", 2, "linear"), "x_q")
                .weights("d", Map.of("kernel", new float[][] {{1f, 0.5f}, {-0.25f, 2f}}, "bias", new float[] {0.5f, -1f}))
                .layer("BatchNormalization", bn, "d")
                .weights("bn", Map.of("gamma", new float[] {1f, 2f}, "beta", new float[] {0.5f, -1f},
                        "moving_mean", new float[] {0.25f, 0f}, "moving_variance", new float[] {3.75f, 0.75f}))
                .uniformQuantizer("out", "bn", "TRN", "WRAP", 12, 6, 1)
                .output("out")
                .write(dir.resolve("bn_dense.h5"));

        FirmwareModel model = importAndCompare(file, 2, 200);
        assertThat(ops(model)).containsExactly("x:input", "d:dense", "out:quantize");
        // scale = gamma / sqrt(var + eps) = [1/2, 2/1]; w' = w * scale; b' = (b - mean) * scale + beta
        Dense d = (Dense) model.layer("d");
        assertThat(d.kernel().toDoubles()).containsExactly(0.5, 1, -0.125, 4);
        assertThat(d.bias().toDoubles()).containsExactly((0.5 - 0.25) * 0.5 + 0.5, (-1 - 0) * 2 - 1.0);
    }

    @Test
    void batchNormalizationWithoutCenterAndScaleAfterConvWithoutBias() throws IOException {
        ObjectNode conv = KerasH5Builder.config("c").put("filters", 1).put("padding", "valid")
                .put("activation", "linear").put("use_bias", false);
        conv.putArray("kernel_size").add(1).add(1);
        conv.putArray("strides").add(1).add(1);
        ObjectNode bn = KerasH5Builder.config("bn").put("epsilon", 0.25).put("center", false).put("scale", false)
                .put("axis", -1);
        Path file = KerasH5Builder.functional("bn_conv")
                .input("x", 2, 2, 1)
                .uniformQuantizer("x_q", "x", "TRN", "SAT", 6, 2, 1)
                .layer("Conv2D", conv, "x_q").weights("c", Map.of("kernel", new float[][][][] {{{{2f}}}}))
                .layer("BatchNormalization", bn, "c")
                .weights("bn", Map.of("moving_mean", new float[] {1f}, "moving_variance", new float[] {15.75f}))
                .uniformQuantizer("out", "bn", "TRN", "WRAP", 10, 4, 1)
                .output("out")
                .write(dir.resolve("bn_conv.h5"));

        FirmwareModel model = importAndCompare(file, 4, 100);
        Conv c = (Conv) model.layer("c");
        assertThat(c.kernel().toDoubles()).containsExactly(0.5);           // 2 / sqrt(15.75 + 0.25)
        assertThat(c.bias().toDoubles()).containsExactly(-0.25);           // (0 - 1) / 4
    }

    @Test
    void batchNormalizationFoldingComputesInFloat32() throws IOException {
        ObjectNode bn = KerasH5Builder.config("bn").put("epsilon", 0.001).put("axis", -1);
        Path file = KerasH5Builder.functional("bn_float")
                .input("x", 1)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", dense("d", 1, "linear"), "x_q")
                .weights("d", Map.of("kernel", new float[][] {{1f}}, "bias", new float[] {0f}))
                .layer("BatchNormalization", bn, "d")
                .weights("bn", Map.of("gamma", new float[] {1f}, "beta", new float[] {0f},
                        "moving_mean", new float[] {0f}, "moving_variance", new float[] {1f}))
                .uniformQuantizer("out", "bn", "TRN", "WRAP", 12, 4, 1)
                .output("out")
                .write(dir.resolve("bn_float.h5"));
        Dense d = (Dense) KerasHgqImporter.read(file).layer("d");
        float scale = 1f / (float) Math.sqrt(1f + (float) 0.001);
        assertThat(d.kernel().toDoubles()).containsExactly((double) scale);
        assertThat((double) scale).isNotEqualTo(1 / Math.sqrt(1.001));
        assertThat(d.kernel().get(0).type().width()).isBetween(17, 24);    // a float32 significand, converted exactly
    }

    @Test
    void sequentialModelWithInputLayer() throws IOException {
        Path file = KerasH5Builder.sequential("seq")
                .input("in", 3)
                .uniformQuantizer("q", null, "RND", "SAT", 7, 3, 1)
                .layer("Dense", dense("d", 2, "relu")).weights("d", Map.of("kernel", weights(3, 2), "bias", weights(2)))
                .uniformQuantizer("out", null, "TRN", "WRAP", 8, 4, 0)
                .write(dir.resolve("seq.h5"));
        FirmwareModel model = importAndCompare(file, 3, 200);
        assertThat(model.name()).isEqualTo("seq");
        assertThat(ops(model)).containsExactly("in:input", "d:dense", "d_relu:relu", "out:quantize");
        assertThat(model.outputs()).containsExactly("out");
    }

    @Test
    void sequentialModelWhoseFirstLayerDeclaresTheInputShape() throws IOException {
        KerasH5Builder builder = KerasH5Builder.sequential("seq2")
                .uniformQuantizer("q", null, "RND", "SAT", 7, 3, 1);
        Path file = builder
                .layer("Dense", dense("d", 2, "linear")).weights("d", Map.of("kernel", weights(3, 2), "bias", weights(2)))
                .uniformQuantizer("out", null, "TRN", "WRAP", 8, 4, 1)
                .rawConfig(builder.configJson().replace("\"name\":\"q\",", "\"name\":\"q\",\"batch_input_shape\":[null,3],"))
                .write(dir.resolve("seq2.h5"));
        FirmwareModel model = importAndCompare(file, 3, 200);
        assertThat(ops(model)).containsExactly("q_input:input", "d:dense", "out:quantize");
    }

    @Test
    void namesAreSanitizedAndKeptUnique() throws IOException {
        Path file = KerasH5Builder.functional("my model/v1.")
                .input("input 1", 2)
                .uniformQuantizer("in q", "input 1", "RND", "SAT", 7, 3, 1)
                .layer("Dense", dense("dense:1", 2, "relu"), "in q")
                .weights("dense:1", Map.of("kernel", weights(2, 2), "bias", weights(2)))
                .uniformQuantizer("dense_1", "dense:1", "TRN", "WRAP", 8, 4, 0)
                .layer("Dense", dense(".hidden-", 2, "linear"), "dense_1")
                .weights(".hidden-", Map.of("kernel", weights(2, 2), "bias", weights(2)))
                .uniformQuantizer("dense_1_relu", ".hidden-", "TRN", "WRAP", 8, 4, 1)
                .output("dense_1_relu")
                .write(dir.resolve("names.h5"));
        FirmwareModel model = importAndCompare(file, 2, 50);
        assertThat(model.name()).isEqualTo("my_model_v1_");
        // "dense:1" and "dense_1" both sanitize to dense_1; the generated ReLU name must not take a Keras name
        assertThat(ops(model)).containsExactly("input_1:input", "dense_1:dense", "dense_1_relu_2:relu",
                "dense_1_2:quantize", "_hidden-:dense", "dense_1_relu:quantize");
        assertThat(model.layer("dense_1_2").inputs()).containsExactly("dense_1_relu_2");
    }

    /** {@code List.of} for ints, to keep assertions short. */
    private static final class List2 {
        static java.util.List<Integer> of(int... values) {
            return Arrays.stream(values).boxed().toList();
        }
    }
}

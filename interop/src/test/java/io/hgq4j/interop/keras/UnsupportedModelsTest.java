package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the importer refuses, and that it says so in one line naming the file, the layer and the problem. */
class UnsupportedModelsTest {

    @TempDir
    Path dir;

    private static ObjectNode dense(String name, int units, String activation) {
        return KerasH5Builder.config(name).put("units", units).put("activation", activation).put("use_bias", true);
    }

    private static Map<String, Object> denseWeights(int in, int units) {
        return Map.of("kernel", new float[in][units], "bias", new float[units]);
    }

    /** The import error for a model written by {@code build}; asserts it is one line starting with the file. */
    private String failure(String fileName, KerasH5Builder builder) {
        Path file = builder.write(dir.resolve(fileName));
        ImportException e = catchThrowableOfType(ImportException.class, () -> KerasHgqImporter.read(file));
        assertThat(e).as("expected an ImportException").isNotNull();
        assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
        return e.getMessage().substring(file.toString().length() + 2);
    }

    /** input x[4] -> quantizer -> [the layer under test, reading "x_q", named "t"] -> quantizer "out". */
    private String failureOf(String layerClass, ObjectNode config, Map<String, Object> weights, int... inputShape) {
        KerasH5Builder b = KerasH5Builder.functional("m").input("x", inputShape.length == 0 ? new int[] {4} : inputShape)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer(layerClass, config, "x_q");
        if (weights != null) {
            b.weights("t", weights);
        }
        return failure(layerClass + ".h5", b.uniformQuantizer("out", "t", "TRN", "WRAP", 8, 3, 1).output("out"));
    }

    @Test
    void anUnsupportedLayerIsNamedWithTheSupportedList() {
        String message = failureOf("LSTM", KerasH5Builder.config("t").put("units", 3), null);
        assertThat(message).isEqualTo("layer 't' (LSTM) is not supported; supported: " + KerasHgqImporter.supportedLayers());
        assertThat(KerasHgqImporter.supportedLayers()).isEqualTo("Activation, Add, AveragePooling1D, AveragePooling2D, "
                + "BatchNormalization, Concatenate, Conv1D, Conv2D, Dense, Dropout, FixedPointQuantizer, Flatten, "
                + "InputLayer, MaxPooling1D, MaxPooling2D, ReLU, Reshape");
    }

    @Test
    void unsupportedActivations() {
        assertThat(failureOf("Dense", dense("t", 2, "tanh"), denseWeights(4, 2)))
                .isEqualTo("layer 't' (Dense): activation 'tanh' is not supported; supported: linear, relu");
        assertThat(failureOf("Activation", KerasH5Builder.config("t").put("activation", "sigmoid"), null))
                .isEqualTo("layer 't' (Activation): activation 'sigmoid' is not supported; supported: linear, relu");
        assertThat(failureOf("ReLU", KerasH5Builder.config("t").put("max_value", 6.0), null))
                .startsWith("layer 't' (ReLU): max_value 6.0 is not supported");
    }

    private static ObjectNode conv2d(UnaryOperator<ObjectNode> change) {
        ObjectNode c = KerasH5Builder.config("t").put("filters", 1).put("padding", "valid").put("activation", "linear")
                .put("use_bias", true).put("data_format", "channels_last").put("groups", 1);
        c.putArray("kernel_size").add(1).add(1);
        c.putArray("strides").add(1).add(1);
        c.putArray("dilation_rate").add(1).add(1);
        return change.apply(c);
    }

    @Test
    void unsupportedConvolutionAttributesAreNamed() {
        Map<String, Object> w = Map.of("kernel", new float[1][1][1][1], "bias", new float[1]);
        assertThat(failureOf("Conv2D", conv2d(c -> {
            c.putArray("dilation_rate").add(2).add(2);
            return c;
        }), w, 4, 4, 1)).isEqualTo("layer 't' (Conv2D): dilation_rate [2,2] is not supported; only 1");
        assertThat(failureOf("Conv2D", conv2d(c -> c.put("groups", 2)), w, 4, 4, 1))
                .isEqualTo("layer 't' (Conv2D): groups 2 is not supported; only 1");
        assertThat(failureOf("Conv2D", conv2d(c -> c.put("data_format", "channels_first")), w, 4, 4, 1))
                .isEqualTo("layer 't' (Conv2D): data_format 'channels_first' is not supported; only channels_last");
        assertThat(failureOf("Conv2D", conv2d(c -> c.put("padding", "causal")), w, 4, 4, 1))
                .isEqualTo("layer 't' (Conv2D): padding 'causal' is not supported; only valid or same");
        assertThat(failureOf("Conv2D", conv2d(c -> c), Map.of("kernel", new float[3][3][1][1], "bias", new float[1]), 4, 4, 1))
                .isEqualTo("layer 't' (Conv2D): kernel has shape [3, 3, 1, 1], expected [1, 1, 1, 1]");
        assertThat(failureOf("Conv2D", conv2d(c -> c), w, 4))
                .startsWith("layer 't' (Conv2D): a 2-D convolution needs an input of rank 3");
    }

    @Test
    void anInputWithoutQuantizerIsNamed() {
        String message = failure("unquantized.h5", KerasH5Builder.functional("m").input("x", 4)
                .layer("Dense", dense("d", 2, "linear"), "x").weights("d", denseWeights(4, 2))
                .uniformQuantizer("out", "d", "TRN", "WRAP", 8, 3, 1).output("out"));
        assertThat(message).isEqualTo("input 'x' is not quantized: layer 'd' (Dense) reads it directly; an HGQ proxy "
                + "model quantizes every input with a FixedPointQuantizer directly after the InputLayer");
    }

    @Test
    void anInputNobodyQuantizesIsNamed() {
        String message = failure("unused.h5", KerasH5Builder.functional("m").input("x", 4).input("y", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", dense("d", 2, "linear"), "x_q").weights("d", denseWeights(4, 2))
                .uniformQuantizer("out", "d", "TRN", "WRAP", 8, 3, 1).output("out"));
        assertThat(message).startsWith("input 'y' is not quantized: no FixedPointQuantizer reads it");
    }

    @Test
    void quantizerValuesOutOfRangeAreRejected() {
        KerasH5Builder negative = KerasH5Builder.functional("m").input("x", 2)
                .quantizer("x_q", "x", "RND", "SAT", new byte[][] {{4, -1}}, new byte[][] {{2, 2}}, new byte[][] {{1, 1}})
                .output("x_q");
        assertThat(failure("negative.h5", negative)).isEqualTo(
                "layer 'x_q' (FixedPointQuantizer): quantizer array bits element 1 is -1.0; expected an integer in 0..64");
        KerasH5Builder wide = KerasH5Builder.functional("m").input("x", 2)
                .quantizer("x_q", "x", "RND", "SAT", new byte[][] {{65, 4}}, new byte[][] {{2, 2}}, new byte[][] {{1, 1}})
                .output("x_q");
        assertThat(failure("wide.h5", wide)).contains("bits element 0 is 65.0; expected an integer in 0..64");
        KerasH5Builder sign = KerasH5Builder.functional("m").input("x", 2)
                .quantizer("x_q", "x", "RND", "SAT", new byte[][] {{4, 4}}, new byte[][] {{2, 2}}, new byte[][] {{1, 2}})
                .output("x_q");
        assertThat(failure("sign.h5", sign)).contains("keep_negative element 1 is 2.0; expected an integer in 0..1");
        KerasH5Builder shape = KerasH5Builder.functional("m").input("x", 4)
                .quantizer("x_q", "x", "RND", "SAT", new byte[][] {{4, 4, 4}}, new byte[][] {{2, 2, 2}},
                        new byte[][] {{1, 1, 1}})
                .output("x_q");
        assertThat(failure("shape.h5", shape)).isEqualTo("layer 'x_q' (FixedPointQuantizer): quantizer array bits has "
                + "shape [1, 3], which does not broadcast to the tensor's shape [batch, 4]");
    }

    @Test
    void unknownQuantizerModesAreNamed() {
        KerasH5Builder b = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "S_RND", "SAT", 4, 2, 1).output("x_q");
        assertThat(failure("mode.h5", b)).startsWith("layer 'x_q' (FixedPointQuantizer): RND: unknown quantization mode "
                + "'S_RND'; expected one of TRN, TRN_ZERO, RND");
        KerasH5Builder o = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "WRAP_SM", 4, 2, 1).output("x_q");
        assertThat(failure("overflow.h5", o)).startsWith("layer 'x_q' (FixedPointQuantizer): SAT: unknown overflow mode 'WRAP_SM'");
    }

    @Test
    void batchNormalizationThatCannotBeFolded() {
        ObjectNode bn = KerasH5Builder.config("bn").put("epsilon", 0.001);
        String afterQuantizer = failure("bn1.h5", KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("BatchNormalization", bn, "x_q")
                .uniformQuantizer("out", "bn", "TRN", "WRAP", 8, 3, 1).output("out"));
        assertThat(afterQuantizer).startsWith("layer 'bn' (BatchNormalization): BatchNormalization is only supported "
                + "directly after a Dense, Conv1D or Conv2D layer with linear activation").endsWith("here it reads x_q");
        String afterRelu = failure("bn2.h5", KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Dense", dense("d", 2, "relu"), "x_q").weights("d", denseWeights(2, 2))
                .layer("BatchNormalization", bn, "d")
                .uniformQuantizer("out", "bn", "TRN", "WRAP", 8, 3, 1).output("out"));
        assertThat(afterRelu).startsWith("layer 'bn' (BatchNormalization): BatchNormalization is only supported");
    }

    @Test
    void concatenationAlongTheBatchAxis() {
        String message = failure("cat.h5", KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1)
                .layer("Concatenate", KerasH5Builder.config("cat").put("axis", 0), "x_q", "x_q").output("cat"));
        assertThat(message).isEqualTo("layer 'cat' (Concatenate): axis 0 is the batch axis; concatenation along it is not supported");
    }

    @Test
    void irValidationProblemsNameTheKerasLayer() {
        ObjectNode pool = KerasH5Builder.config("t").put("padding", "valid");
        pool.putArray("pool_size").add(3);
        String message = failureOf("AveragePooling1D", pool, null, 6, 1);
        assertThat(message).startsWith("layer 't' (AveragePooling1D): the window at output (0, 0) averages 3 elements");
    }

    @Test
    void sharedLayersAreRefused() {
        KerasH5Builder b = KerasH5Builder.functional("m").input("x", 2)
                .uniformQuantizer("x_q", "x", "RND", "SAT", 8, 3, 1).output("x_q");
        b.rawConfig(b.configJson().replace("[[[\"x\",0,0,{}]]]", "[[[\"x\",0,0,{}]],[[\"x\",0,0,{}]]]"));
        assertThat(failure("shared.h5", b)).isEqualTo(
                "layer 'x_q' (FixedPointQuantizer): the layer is applied 2 times; shared layers are not supported");
    }
}

package io.hgq4j.model.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Pool.Reduction;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules {@link FirmwareModel} enforces when a model is built, one test per rule, and the output types it derives.
 * Every rejection must be an {@link InvalidModelException} whose message names the offending layer (or output) and
 * the problem. Every expected type below is worked out by hand from value ranges, with the reasoning in a comment.
 */
class FirmwareModelValidationTest {

    /** fixed<4,2>: codes [-8, 7] at LSB 2^-2, values [-2, 1.75]. */
    private static final FixedType Q42 = FixedType.signed(4, 2);

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private static TensorType type(FixedType t, int... dims) {
        return TensorType.uniform(Shape.of(dims), t);
    }

    private static TensorType types(int[] dims, FixedType... elementTypes) {
        return TensorType.of(Shape.of(dims), elementTypes);
    }

    private static int[] dims(int... dims) {
        return dims;
    }

    private static Input input(String name, FixedType t, int... dims) {
        return new Input(name, type(t, dims));
    }

    /** A constant tensor of codes in {@code t}. */
    private static FixedTensor constant(FixedType t, int[] dims, long... raw) {
        return FixedTensor.ofLongs(type(t, dims), raw);
    }

    /** A constant tensor of ones (code 1 of fixed<4,2>, i.e. 0.25) of the given shape. */
    private static FixedTensor ones(int... dims) {
        long[] raw = new long[Shape.of(dims).size()];
        Arrays.fill(raw, 1);
        return constant(Q42, dims, raw);
    }

    /** A model whose only output is {@code output}. */
    private static FirmwareModel model(String output, Layer... layers) {
        FirmwareModel.Builder b = FirmwareModel.builder("m");
        for (Layer layer : layers) {
            b.add(layer);
        }
        return b.output(output).build();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ThrowingCallable building) {
        return assertThatThrownBy(building).isInstanceOf(InvalidModelException.class);
    }

    private static List<String> names(FirmwareModel model) {
        return model.layers().stream().map(Layer::name).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Graph {

        @Test
        void duplicateLayerNamesAreRejected() {
            assertRejected(() -> model("r", input("x", Q42, 2), new Relu("r", "x"), new Relu("r", "x")))
                    .hasMessageContaining("duplicate layer name 'r'");
        }

        @Test
        void aLayerReadingAMissingLayerIsRejected() {
            assertRejected(() -> model("r", input("x", Q42, 2), new Relu("r", "ghost")))
                    .hasMessageContaining("layer 'r'")
                    .hasMessageContaining("'ghost'")
                    .hasMessageContaining("not a layer of the model");
        }

        @Test
        void aCycleIsRejectedNamingTheLayersInIt() {
            // a = x + b and b = x + a: neither can be computed first.
            assertRejected(() -> model("a", input("x", Q42, 2), new Add("a", List.of("x", "b")), new Add("b", List.of("x", "a"))))
                    .hasMessageContaining("cycle")
                    .hasMessageContaining("[a, b]");
        }

        @Test
        void aLayerReadingItselfIsACycle() {
            assertRejected(() -> model("a", input("x", Q42, 2), new Add("a", List.of("x", "a"))))
                    .hasMessageContaining("cycle")
                    .hasMessageContaining("[a]");
        }

        @Test
        void aModelWithoutLayersIsRejected() {
            assertRejected(() -> FirmwareModel.builder("m").output("x").build()).hasMessageContaining("no layers");
        }

        /**
         * Without an Input every layer reads another layer, so (the graph being finite) the layers must form a cycle:
         * the model is rejected, and the cycle is what gets reported.
         */
        @Test
        void aModelWithoutAnInputLayerIsRejected() {
            assertRejected(() -> model("a", new Add("a", List.of("b", "b")), new Add("b", List.of("a", "a"))))
                    .hasMessageContaining("cycle")
                    .hasMessageContaining("[a, b]");
        }

        @Test
        void aModelWithoutOutputsIsRejected() {
            assertRejected(() -> FirmwareModel.builder("m").add(input("x", Q42, 2)).build())
                    .hasMessageContaining("declares no output");
        }

        @Test
        void anUnknownOutputIsRejected() {
            assertRejected(() -> FirmwareModel.builder("m").add(input("x", Q42, 2)).output("x").output("y").build())
                    .hasMessageContaining("output 'y'")
                    .hasMessageContaining("not a layer of the model");
        }

        @Test
        void anOutputDeclaredTwiceIsRejected() {
            assertRejected(() -> FirmwareModel.builder("m").add(input("x", Q42, 2)).add(new Relu("r", "x"))
                    .output("r").output("r").build())
                    .hasMessageContaining("output 'r'")
                    .hasMessageContaining("declared twice");
        }

        @Test
        void aLayerThatContributesToNoOutputIsRejected() {
            // x -> used (output) and x -> unused (a dead branch).
            assertRejected(() -> model("used", input("x", Q42, 2), new Relu("used", "x"), new Relu("unused", "x")))
                    .hasMessageContaining("layer 'unused'")
                    .hasMessageContaining("contributes to no output");
        }

        @Test
        void anUnusedInputIsRejected() {
            assertRejected(() -> model("r", input("x", Q42, 2), input("spare", Q42, 2), new Relu("r", "x")))
                    .hasMessageContaining("layer 'spare'")
                    .hasMessageContaining("contributes to no output");
        }

        @Test
        void anInputMayItselfBeAnOutput() {
            FirmwareModel m = model("x", input("x", Q42, 2));
            assertThat(m.outputs()).containsExactly("x");
            assertThat(m.inputs()).extracting(Input::name).containsExactly("x");
        }
    }

    @Nested
    class Names {

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "a/b", ".hidden", "-dash", "a b", "a\\b", "dense:1", "trailing."})
        void invalidLayerNamesAreRejectedNamingTheName(String name) {
            assertRejected(() -> model(name, input("x", Q42, 2), new Relu(name, "x")))
                    .hasMessageContaining("layer name '" + name + "' is not valid");
        }

        @Test
        void aLayerNameOfMoreThan128CharactersIsRejected() {
            String longName = "a".repeat(129);
            assertRejected(() -> input(longName, Q42, 2)).hasMessageContaining("is not valid");
            assertThatCode(() -> model("a".repeat(128), input("a".repeat(128), Q42, 2))).doesNotThrowAnyException();
        }

        @Test
        void aNullLayerNameIsRejected() {
            assertRejected(() -> input(null, Q42, 2)).hasMessageContaining("layer name 'null' is not valid");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"x", "_x", "0", "dense_1", "block1.conv-2", "a-", "A-b_c.d"})
        void validLayerNamesAreAccepted(String name) {
            assertThat(model(name, input(name, Q42, 2)).layer(name).name()).isEqualTo(name);
        }

        @Test
        void anInvalidModelNameIsRejected() {
            assertRejected(() -> FirmwareModel.builder("my/model").add(input("x", Q42, 2)).output("x").build())
                    .hasMessageContaining("model name 'my/model' is not valid");
        }
    }

    @Nested
    class DenseLayers {

        @Test
        void kernelRowsMustMatchTheInputFeatures() {
            // The kernel is [3 inputs, 2 units] but x has 4 features.
            assertRejected(() -> model("d", input("x", Q42, 4), Dense.withoutBias("d", "x", ones(3, 2))))
                    .hasMessageContaining("layer 'd'")
                    .hasMessageContaining("kernel expects 3 input features")
                    .hasMessageContaining("input 'x' has shape 4");
        }

        @Test
        void theLastAxisIsTheFeatureAxis() {
            // A [5, 3] input is five rows of three features: a [3, 2] kernel fits and gives [5, 2].
            FirmwareModel m = model("d", input("x", Q42, 5, 3), Dense.withoutBias("d", "x", ones(3, 2)));
            assertThat(m.outputType("d").shape()).isEqualTo(Shape.of(5, 2));
        }

        @Test
        void biasMustHaveOneEntryPerUnit() {
            assertRejected(() -> model("d", input("x", Q42, 3), new Dense("d", "x", ones(3, 2), ones(3))))
                    .hasMessageContaining("layer 'd'")
                    .hasMessageContaining("bias must have shape [2], got 3");
        }

        @Test
        void biasMustBeOneDimensional() {
            assertRejected(() -> model("d", input("x", Q42, 3), new Dense("d", "x", ones(3, 2), ones(2, 1))))
                    .hasMessageContaining("layer 'd'")
                    .hasMessageContaining("bias must have shape [2], got 2x1");
        }

        @Test
        void kernelMustBeTwoDimensional() {
            assertRejected(() -> model("d", input("x", Q42, 3), new Dense("d", "x", ones(3, 2, 1), ones(1))))
                    .hasMessageContaining("layer 'd'")
                    .hasMessageContaining("kernel must have shape [inputs, units], got 3x2x1");
        }

        @Test
        void weightsWiderThan64BitsAreRejected() {
            FixedTensor wide = constant(FixedType.signed(65, 1), dims(1, 1), 1);
            assertRejected(() -> Dense.withoutBias("d", "x", wide))
                    .hasMessageContaining("layer 'd'")
                    .hasMessageContaining("kernel has type fixed<65,1>");
        }
    }

    @Nested
    class ConvLayers {

        @Test
        void inputChannelsMustMatchTheKernel() {
            // The kernel [k=2, 2 channels, 1 filter] reads 2 channels, x has 3.
            assertRejected(() -> model("c", input("x", Q42, 5, 3),
                    Conv.conv1d("c", "x", ones(2, 2, 1), ones(1), 1, Padding.VALID)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("kernel expects 2 input channels")
                    .hasMessageContaining("'x' has shape 5x3");
        }

        @Test
        void aOneDimensionalConvolutionNeedsARankTwoInput() {
            assertRejected(() -> model("c", input("x", Q42, 4, 4, 1),
                    Conv.conv1d("c", "x", ones(2, 1, 1), ones(1), 1, Padding.VALID)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("a 1-D convolution needs an input of rank 2")
                    .hasMessageContaining("'x' has shape 4x4x1");
        }

        @Test
        void aTwoDimensionalConvolutionNeedsARankThreeInput() {
            assertRejected(() -> model("c", input("x", Q42, 8, 1),
                    Conv.conv2d("c", "x", ones(2, 2, 1, 1), ones(1), 1, 1, Padding.VALID)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("a 2-D convolution needs an input of rank 3")
                    .hasMessageContaining("'x' has shape 8x1");
        }

        @Test
        void aValidKernelLargerThanTheInputIsRejected() {
            // A 4-tap kernel over 3 positions has no position entirely inside the input.
            assertRejected(() -> model("c", input("x", Q42, 3, 1),
                    Conv.conv1d("c", "x", ones(4, 1, 1), ones(1), 1, Padding.VALID)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("a 1x4 kernel does not fit in input 3x1 without padding");
        }

        @Test
        void theSameKernelIsAcceptedWithSamePadding() {
            // SAME: out = ceil(3 / 1) = 3 positions.
            FirmwareModel m = model("c", input("x", Q42, 3, 1), Conv.conv1d("c", "x", ones(4, 1, 1), ones(1), 1, Padding.SAME));
            assertThat(m.outputType("c").shape()).isEqualTo(Shape.of(3, 1));
        }

        @Test
        void aOneDimensionalConvolutionHasNoRowStride() {
            assertRejected(() -> new Conv("c", "x", ones(2, 1, 1), ones(1), 2, 1, Padding.VALID))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("a 1-D convolution has no row stride");
        }

        @Test
        void stridesMustBePositive() {
            assertRejected(() -> Conv.conv2d("c", "x", ones(2, 2, 1, 1), ones(1), 1, 0, Padding.VALID))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("strides must be at least 1");
        }

        @Test
        void biasMustHaveOneEntryPerFilter() {
            assertRejected(() -> Conv.conv1d("c", "x", ones(2, 1, 3), ones(2), 1, Padding.VALID))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("bias must have shape [3], got 2");
        }
    }

    @Nested
    class PoolLayers {

        @Test
        void aValidAverageOverNineElementsIsRejected() {
            // A 3x3 VALID window over 3x3 holds 9 elements: 9 is not a power of two, so /9 is not a shift.
            assertRejected(() -> model("p", input("x", Q42, 3, 3, 1),
                    Pool.pool2d("p", "x", Reduction.AVG, 3, 3, 1, 1, Padding.VALID)))
                    .hasMessageContaining("layer 'p'")
                    .hasMessageContaining("averages 9 elements");
        }

        @Test
        void theSameWindowIsFineForAMaximum() {
            FirmwareModel m = model("p", input("x", Q42, 3, 3, 1), Pool.pool2d("p", "x", Reduction.MAX, 3, 3, 1, 1, Padding.VALID));
            // max of fixed<4,2> values is a fixed<4,2> value.
            assertThat(m.outputType("p")).isEqualTo(type(Q42, 1, 1, 1));
        }

        /**
         * SAME 3x3 window, stride 1, over 3x3: out = 3 per axis, total padding (3-1)·1 + 3 - 3 = 2, one before. Rows
         * inside per output row: oy=0 → rows -1..1 → 2, oy=1 → 3, oy=2 → 2 (columns alike). Window (0,0) holds
         * 2·2 = 4 (fine), window (0,1) holds 2·3 = 6: the first one rejected.
         */
        @Test
        void aSameAverageWithAnEdgeWindowOfSixIsRejected() {
            assertRejected(() -> model("p", input("x", Q42, 3, 3, 1),
                    Pool.pool2d("p", "x", Reduction.AVG, 3, 3, 1, 1, Padding.SAME)))
                    .hasMessageContaining("layer 'p'")
                    .hasMessageContaining("output (0, 1)")
                    .hasMessageContaining("averages 6 elements");
        }

        @Test
        void aOneDimensionalSameAverageOfThreeIsRejected() {
            // Size 3, stride 1 over length 4: padding 2, one before; position 0 holds 2 taps, position 1 holds 3.
            assertRejected(() -> model("p", input("x", Q42, 4, 1), Pool.pool1d("p", "x", Reduction.AVG, 3, 1, Padding.SAME)))
                    .hasMessageContaining("layer 'p'")
                    .hasMessageContaining("averages 3 elements");
        }

        /**
         * SAME 2x2 window, stride 1, over 3x3: out = 3 per axis, total padding (3-1)·1 + 2 - 3 = 1, none before. Rows
         * inside: oy=0 → 2, oy=1 → 2, oy=2 → rows 2..3 → 1 (columns alike), so windows hold 4, 2 or 1 elements: all
         * powers of two, so the layer is accepted. Types for fixed<4,2> inputs (codes [-8, 7] at LSB 2^-2):
         * <ul>
         *   <li>4 elements: sum codes [-32, 28] → 6 bits signed at LSB 2^-2; /4 moves the LSB to 2^-4 → fixed<6,2>;</li>
         *   <li>2 elements: sum codes [-16, 14] → 5 bits at LSB 2^-2; /2 → LSB 2^-3 → fixed<5,2>;</li>
         *   <li>1 element: the element itself, fixed<4,2>.</li>
         * </ul>
         */
        @Test
        void aSameTwoByTwoAverageOverAnOddInputIsAcceptedWithPerWindowTypes() {
            FirmwareModel m = model("p", input("x", Q42, 3, 3, 1), Pool.pool2d("p", "x", Reduction.AVG, 2, 2, 1, 1, Padding.SAME));
            FixedType four = FixedType.signed(6, 2);
            FixedType two = FixedType.signed(5, 2);
            FixedType one = FixedType.signed(4, 2);
            assertThat(m.outputType("p")).isEqualTo(types(dims(3, 3, 1),
                    four, four, two,
                    four, four, two,
                    two, two, one));
        }

        @Test
        void poolingNeedsTheRightInputRank() {
            assertRejected(() -> model("p", input("x", Q42, 4, 1), Pool.pool2d("p", "x", Reduction.MAX, 2, 2, 2, 2, Padding.VALID)))
                    .hasMessageContaining("layer 'p'")
                    .hasMessageContaining("a 2-D pooling needs an input of rank 3");
        }

        @Test
        void aOneDimensionalPoolingHasNoRowWindow() {
            assertRejected(() -> new Pool("p", "x", Reduction.MAX, 1, 2, 2, 1, 1, Padding.VALID))
                    .hasMessageContaining("layer 'p'")
                    .hasMessageContaining("a 1-D pooling has no row window or stride");
        }
    }

    @Nested
    class ShapeAndTypeRules {

        @Test
        void reshapeMustKeepTheSize() {
            assertRejected(() -> model("r", input("x", Q42, 6), new Reshape("r", "x", Shape.of(2, 2))))
                    .hasMessageContaining("layer 'r'")
                    .hasMessageContaining("cannot reshape 6 (6 elements) from 'x' to 2x2 (4 elements)");
        }

        @Test
        void addRequiresEqualShapes() {
            assertRejected(() -> model("s", input("a", Q42, 4), input("b", Q42, 3), new Add("s", List.of("a", "b"))))
                    .hasMessageContaining("layer 's'")
                    .hasMessageContaining("input 'b' has shape 3, but 'a' has 4");
        }

        @Test
        void addRequiresEqualShapesNotOnlyEqualSizes() {
            assertRejected(() -> model("s", input("a", Q42, 2, 3), input("b", Q42, 3, 2), new Add("s", List.of("a", "b"))))
                    .hasMessageContaining("layer 's'")
                    .hasMessageContaining("input 'b' has shape 3x2");
        }

        @Test
        void addNeedsTwoInputs() {
            assertRejected(() -> new Add("s", List.of("a"))).hasMessageContaining("layer 's'").hasMessageContaining("at least two inputs");
        }

        @Test
        void concatenateAxisMustBeWithinTheRank() {
            assertRejected(() -> model("c", input("a", Q42, 3), input("b", Q42, 2), new Concatenate("c", List.of("a", "b"), 1)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("axis 1 is outside the rank 1 of 'a'");
        }

        @Test
        void concatenateAxisMustNotBeNegative() {
            assertRejected(() -> new Concatenate("c", List.of("a", "b"), -1))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("axis must be 0 or more");
        }

        @Test
        void concatenateRequiresEqualDimsOutsideTheAxis() {
            assertRejected(() -> model("c", input("a", Q42, 2, 3), input("b", Q42, 2, 4), new Concatenate("c", List.of("a", "b"), 0)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("input 'b' has shape 2x4, which differs from 2x3 outside axis 0");
        }

        @Test
        void concatenateRequiresEqualRanks() {
            assertRejected(() -> model("c", input("a", Q42, 2, 3), input("b", Q42, 2, 3, 1), new Concatenate("c", List.of("a", "b"), 0)))
                    .hasMessageContaining("layer 'c'")
                    .hasMessageContaining("input 'b' has shape 2x3x1");
        }

        @Test
        void aTableNeedsOneSharedInputType() {
            TensorType mixed = types(dims(2), FixedType.signed(4, 2), FixedType.signed(4, 1));
            assertRejected(() -> model("t", new Input("x", mixed), new TableLookup("t", "x", "tanh", ones(16))))
                    .hasMessageContaining("layer 't'")
                    .hasMessageContaining("input 'x' has 2 element types");
        }

        @Test
        void aTableCannotBeIndexedByMoreThan16Bits() {
            assertRejected(() -> model("t", input("x", FixedType.signed(17, 4), 2), new TableLookup("t", "x", "tanh", ones(2))))
                    .hasMessageContaining("layer 't'")
                    .hasMessageContaining("input type fixed<17,4> is wider than the 16 bits");
        }

        @Test
        void aTableMustHaveTwoToTheInputWidthEntries() {
            // A 3-bit input has 2^3 = 8 codes; a 16-entry table belongs to a 4-bit input.
            assertRejected(() -> model("t", input("x", FixedType.signed(3, 1), 2), new TableLookup("t", "x", "tanh", ones(16))))
                    .hasMessageContaining("layer 't'")
                    .hasMessageContaining("has 3 bits, so the table needs 8 entries, not 16");
        }

        @Test
        void aTableWithAPowerOfTwoSizeMatchingTheInputIsAccepted() {
            FixedType out = FixedType.unsigned(8, 0);
            FixedTensor table = FixedTensor.ofLongs(type(out, 8), 0, 1, 2, 3, 4, 5, 6, 7);
            FirmwareModel m = model("t", input("x", FixedType.signed(3, 1), 2), new TableLookup("t", "x", "tanh", table));
            assertThat(m.outputType("t")).isEqualTo(type(out, 2));
        }

        @Test
        void aTableSizeMustBeAPowerOfTwo() {
            assertRejected(() -> new TableLookup("t", "x", "tanh", ones(6)))
                    .hasMessageContaining("layer 't'")
                    .hasMessageContaining("power-of-two number of entries");
        }

        @Test
        void quantizeTargetMustHaveTheInputShape() {
            // Same size (4), different shape: still rejected.
            assertRejected(() -> model("q", input("x", Q42, 4), new Quantize("q", "x", type(Q42, 2, 2))))
                    .hasMessageContaining("layer 'q'")
                    .hasMessageContaining("target shape 2x2 differs from the shape 4 of input 'x'");
        }

        @Test
        void quantizeTargetsWiderThan64BitsAreRejected() {
            assertRejected(() -> model("q", input("x", Q42, 2), new Quantize("q", "x", type(FixedType.signed(65, 1), 2))))
                    .hasMessageContaining("layer 'q'")
                    .hasMessageContaining("target has type fixed<65,1>")
                    .hasMessageContaining("at most 64 bits");
            assertThatCode(() -> model("q", input("x", Q42, 2), new Quantize("q", "x", type(FixedType.signed(64, 1), 2))))
                    .doesNotThrowAnyException();
        }

        @Test
        void inputTypesWiderThan64BitsAreRejected() {
            assertRejected(() -> model("x", input("x", FixedType.unsigned(65, 0), 2)))
                    .hasMessageContaining("layer 'x'")
                    .hasMessageContaining("input has type ufixed<65,0>")
                    .hasMessageContaining("at most 64 bits");
        }

        @Test
        void oneWideElementIsEnoughToRejectAnInput() {
            TensorType mixed = types(dims(2), FixedType.signed(8, 2), FixedType.signed(100, 2));
            assertRejected(() -> model("x", new Input("x", mixed)))
                    .hasMessageContaining("layer 'x'")
                    .hasMessageContaining("fixed<100,2>");
        }

        @ParameterizedTest
        @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        void metricsMustBeFinite(double value) {
            assertRejected(() -> FirmwareModel.builder("m").add(input("x", Q42, 2)).output("x").metric("accuracy", value).build())
                    .hasMessageContaining("metric 'accuracy' is " + value)
                    .hasMessageContaining("finite");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Valid models

    @Nested
    class ValidModels {

        @Test
        void layersAreListedInTopologicalOrderWhenAddedInReverse() {
            FirmwareModel m = model("r2", new Relu("r2", "r1"), new Relu("r1", "x"), input("x", Q42, 2));
            assertThat(names(m)).containsExactly("x", "r1", "r2");
        }

        @Test
        void theGivenOrderIsKeptWhereverTheDataFlowAllows() {
            // s reads a and b, both read x. Added as [s, b, a, x]: x must come first, then b and a in the given order.
            FirmwareModel reversed = model("s", new Add("s", List.of("a", "b")), new Relu("b", "x"), new Relu("a", "x"), input("x", Q42, 2));
            assertThat(names(reversed)).containsExactly("x", "b", "a", "s");
            FirmwareModel forward = model("s", input("x", Q42, 2), new Relu("a", "x"), new Relu("b", "x"), new Add("s", List.of("a", "b")));
            assertThat(names(forward)).containsExactly("x", "a", "b", "s");
        }

        @Test
        void toBuilderBuildsAnEqualModel() {
            FirmwareModel original = FirmwareModel.builder("net")
                    .add(input("x", Q42, 3))
                    .add(new Dense("d", "x", ones(3, 2), ones(2)))
                    .add(new Relu("r", "d"))
                    .add(new Quantize("q", "r", type(FixedType.unsigned(4, 2), 2)))
                    .output("q")
                    .output("d")
                    .metadata("producer", "test")
                    .metric("accuracy", 0.75)
                    .build();
            FirmwareModel copy = original.toBuilder().build();
            assertThat(copy).isNotSameAs(original).isEqualTo(original).hasSameHashCodeAs(original);
            assertThat(copy.outputs()).containsExactly("q", "d");
            assertThat(copy.metadata()).containsEntry("producer", "test");
            assertThat(copy.metrics()).containsEntry("accuracy", 0.75);
            // ... and equality is not trivial: a changed copy differs.
            assertThat(original.toBuilder().metric("loss", 1.0).build()).isNotEqualTo(original);
            assertThat(original.toBuilder().metadata("producer", "other").build()).isNotEqualTo(original);
        }
    }

    @Nested
    class DerivedTypes {

        /**
         * ReLU keeps the non-negative codes [0, max] at the same LSB, so the sign bit goes: fixed<W,I> → ufixed<W-1,I-1>.
         * <ul>
         *   <li>fixed<6,3>: codes [-32, 31] at 2^-3 → [0, 31]: 5 bits, I = 5 - 3 = 2 → ufixed<5,2>; modes are dropped;</li>
         *   <li>fixed<4,-1>: codes [-8, 7] at 2^-5 → [0, 7]: 3 bits, I = 3 - 5 = -2 → ufixed<3,-2>;</li>
         *   <li>fixed<1,0> and fixed<1,3>: codes [-1, 0] → [0, 0], never positive → the zero type;</li>
         *   <li>ufixed<4,1>: already non-negative → unchanged.</li>
         * </ul>
         */
        @Test
        void reluDropsTheSignBit() {
            FixedType saturating = new FixedType(6, 3, true, Quantization.RND, Overflow.SAT);
            TensorType in = types(dims(6), FixedType.signed(6, 3), saturating, FixedType.signed(4, -1),
                    FixedType.signed(1, 0), FixedType.signed(1, 3), FixedType.unsigned(4, 1));
            FirmwareModel m = model("r", new Input("x", in), new Relu("r", "x"));
            assertThat(m.outputType("r").toArray()).containsExactly(
                    FixedType.unsigned(5, 2), FixedType.unsigned(5, 2), FixedType.unsigned(3, -2),
                    FixedType.ZERO, FixedType.ZERO, FixedType.unsigned(4, 1));
        }

        /**
         * <ul>
         *   <li>fixed<4,2> + fixed<4,2>: codes [-8, 7] + [-8, 7] = [-16, 14] at 2^-2 → 5 bits signed, I = 5 - 2 = 3:
         *       fixed<5,3>;</li>
         *   <li>three of them: [-24, 21] → 6 bits, I = 4: fixed<6,4>;</li>
         *   <li>fixed<4,2> + ufixed<2,-1> (codes [0, 3] at 2^-3): at 2^-3, [-16, 14] + [0, 3] = [-16, 17]; 17 needs 5
         *       bits plus sign → 6 bits, I = 6 - 3 = 3: fixed<6,3>;</li>
         *   <li>fixed<1,0> ({-0.5, 0}) + ufixed<1,0> ({0, 0.5}): codes [-1, 1] at 2^-1 → 2 bits, I = 1: fixed<2,1>
         *       (narrower than the vendor's sum type fixed<3,2>, because the ranges are exact).</li>
         * </ul>
         */
        @Test
        void addHoldsEveryPossibleSum() {
            FirmwareModel m = FirmwareModel.builder("m")
                    .add(new Input("a", types(dims(4), Q42, Q42, Q42, FixedType.signed(1, 0))))
                    .add(new Input("b", types(dims(4), Q42, Q42, FixedType.unsigned(2, -1), FixedType.unsigned(1, 0))))
                    .add(new Add("ab", List.of("a", "b")))
                    .add(input("p", Q42, 2))
                    .add(new Add("ppp", List.of("p", "p", "p")))
                    .output("ab").output("ppp")
                    .build();
            assertThat(m.outputType("ab").toArray()).containsExactly(
                    FixedType.signed(5, 3), FixedType.signed(5, 3), FixedType.signed(6, 3), FixedType.signed(2, 1));
            assertThat(m.outputType("ppp")).isEqualTo(type(FixedType.signed(6, 4), 2));
        }

        /**
         * 1-D max pool of size 2 over [2 positions, 2 channels]; each channel mixes two types. At LSB 2^-3:
         * <ul>
         *   <li>channel 0: fixed<4,2> [-2, 1.75] and ufixed<3,0> [0, 0.875]: max in [max(-2, 0), max(1.75, 0.875)] =
         *       [0, 1.75] → codes [0, 14]: 4 bits unsigned, I = 4 - 3 = 1 → ufixed<4,1>;</li>
         *   <li>channel 1: fixed<4,2> and fixed<3,0> [-0.5, 0.375]: max in [-0.5, 1.75] → codes [-4, 14]: 4 bits plus
         *       sign, I = 5 - 3 = 2 → fixed<5,2>.</li>
         * </ul>
         */
        @Test
        void maxPoolOfMixedTypes() {
            TensorType in = types(dims(2, 2), Q42, Q42, FixedType.unsigned(3, 0), FixedType.signed(3, 0));
            FirmwareModel m = model("p", new Input("x", in), Pool.pool1d("p", "x", Reduction.MAX, 2, 2, Padding.VALID));
            assertThat(m.outputType("p")).isEqualTo(types(dims(1, 2), FixedType.unsigned(4, 1), FixedType.signed(5, 2)));
        }

        /**
         * 2x2 average of fixed<4,2>: four values in [-2, 1.75] at step 2^-2 sum to [-8, 7], codes [-32, 28] at 2^-2:
         * 6 bits signed. Dividing by 4 moves the LSB to 2^-4: W = 6, I = 6 - 4 = 2 → fixed<6,2>, values [-2, 1.75]
         * at step 1/16.
         */
        @Test
        void avgPoolTwoByTwo() {
            FirmwareModel m = model("p", input("x", Q42, 2, 2, 1), Pool.pool2d("p", "x", Reduction.AVG, 2, 2, 2, 2, Padding.VALID));
            assertThat(m.outputType("p")).isEqualTo(type(FixedType.signed(6, 2), 1, 1, 1));
        }

        /** Element types travel with their elements, in row-major order of the joined shape. */
        @Test
        void concatenateKeepsTypesInOrder() {
            FixedType a0 = FixedType.signed(3, 1);
            FixedType a1 = FixedType.unsigned(2, 0);
            FixedType b00 = FixedType.signed(5, 2);
            FixedType b01 = FixedType.signed(6, 2);
            FixedType b10 = FixedType.unsigned(7, 3);
            FixedType b11 = FixedType.signed(8, 0);
            FixedType c0 = FixedType.signed(9, 4);
            FixedType c1 = FixedType.unsigned(10, 4);
            FirmwareModel m = FirmwareModel.builder("m")
                    .add(new Input("a", types(dims(2, 1), a0, a1)))
                    .add(new Input("b", types(dims(2, 2), b00, b01, b10, b11)))
                    .add(new Input("c", types(dims(1, 2), c0, c1)))
                    .add(new Concatenate("side", List.of("a", "b"), 1))   // rows [a0, b00, b01] and [a1, b10, b11]
                    .add(new Concatenate("below", List.of("b", "c"), 0))  // rows [b00, b01], [b10, b11], [c0, c1]
                    .output("side").output("below")
                    .build();
            assertThat(m.outputType("side")).isEqualTo(types(dims(2, 3), a0, b00, b01, a1, b10, b11));
            assertThat(m.outputType("below")).isEqualTo(types(dims(3, 2), b00, b01, b10, b11, c0, c1));
        }

        /**
         * A 1-D convolution, one channel, one filter: x is fixed<3,1> (codes [-4, 3] at 2^-2), the kernel is fixed<4,1>
         * (LSB 2^-3) with codes [3, -5], the bias fixed<4,0> (LSB 2^-4) with code 1. Products are at 2^-5:
         * x·3 in [-12, 9], x·(-5) in [-15, 20]; the bias is code 2 at 2^-5.
         * <ul>
         *   <li>a full window: [-12, 9] + [-15, 20] + 2 = [-25, 31] → 5 bits plus sign, I = 6 - 5 = 1 → fixed<6,1>;</li>
         *   <li>with SAME padding over length 3 (total padding 1, after the input), the last window has only its first
         *       tap inside: [-12, 9] + 2 = [-10, 11] → 4 bits plus sign, I = 5 - 5 = 0 → fixed<5,0>.</li>
         * </ul>
         */
        @Test
        void convAccumulatorTypesForATinyOneDimensionalCase() {
            FixedTensor kernel = constant(FixedType.signed(4, 1), dims(2, 1, 1), 3, -5);
            FixedTensor bias = constant(FixedType.signed(4, 0), dims(1), 1);
            FirmwareModel m = FirmwareModel.builder("m")
                    .add(input("x", FixedType.signed(3, 1), 3, 1))
                    .add(Conv.conv1d("valid", "x", kernel, bias, 1, Padding.VALID))
                    .add(Conv.conv1d("same", "x", kernel, bias, 1, Padding.SAME))
                    .output("valid").output("same")
                    .build();
            FixedType full = FixedType.signed(6, 1);
            assertThat(m.outputType("valid")).isEqualTo(type(full, 2, 1));
            assertThat(m.outputType("same")).isEqualTo(types(dims(3, 1), full, full, FixedType.signed(5, 0)));
        }
    }
}

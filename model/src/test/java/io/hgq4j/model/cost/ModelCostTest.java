package io.hgq4j.model.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * EBOPs and the per-layer figures of {@link ModelCost}, worked out by hand: EBOPs = Σ over the multiplications built
 * of (input element width) × (significant bits of the constant weight, from its highest to its lowest non-zero bit of
 * the magnitude). Zero weights, zero-width inputs and padded taps cost nothing.
 */
class ModelCostTest {

    private static TensorType type(FixedType t, int... dims) {
        return TensorType.uniform(Shape.of(dims), t);
    }

    private static FixedTensor constant(FixedType t, int[] dims, long... raw) {
        return FixedTensor.ofLongs(type(t, dims), raw);
    }

    private static int[] dims(int... dims) {
        return dims;
    }

    private static LayerCost costOf(ModelCost cost, String layer) {
        return cost.layers().stream().filter(c -> c.layer().equals(layer)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Dense

    /** x: widths 4, 6 and 0 (the zero type). */
    private static Input threeInputs() {
        return new Input("x", TensorType.of(Shape.of(3), new FixedType[] {
                FixedType.signed(4, 1),      // codes [-8, 7] at 2^-3
                FixedType.unsigned(6, 2),    // codes [0, 63] at 2^-4
                FixedType.ZERO}));
    }

    /**
     * Kernel [3 inputs, 2 units] of fixed<5,2> (LSB 2^-3), row-major, with the significant-bit span of each code:
     * <pre>
     *   row 0:   6 = 0b0110 → 2     -8 = -0b1000 → 1
     *   row 1:  11 = 0b1011 → 4      0          → 0
     *   row 2:  -5 = -0b101 → 3      1          → 1
     * </pre>
     */
    private static Dense dense3to2() {
        return Dense.withoutBias("d", "x", constant(FixedType.signed(5, 2), dims(3, 2), 6, -8, 11, 0, -5, 1));
    }

    /**
     * EBOPs = 4·(2 + 1) + 6·(4 + 0) + 0·(3 + 1) = 12 + 24 + 0 = 36.
     *
     * <p>Output types (ranges at a common LSB):
     * <ul>
     *   <li>unit 0: x0·6 in [-48, 42] at 2^-6 = [-96, 84] at 2^-7; x1·11 in [0, 693] at 2^-7; x2 is constant zero.
     *       Sum [-96, 777]: 777 needs 10 bits, plus sign → 11 bits, I = 11 - 7 = 4: fixed<11,4>;</li>
     *   <li>unit 1: x0·(-8) in [-56, 64] at 2^-6 (x1's weight is 0, x2 is zero): 64 needs 7 bits, plus sign → 8 bits,
     *       I = 8 - 6 = 2: fixed<8,2>.</li>
     * </ul>
     * So 2 output elements of 11 + 8 = 19 bits, widths 8..11.
     */
    @Test
    void denseThreeToTwoByHand() {
        FirmwareModel model = FirmwareModel.builder("m").add(threeInputs()).add(dense3to2()).output("d").build();
        LayerCost d = costOf(ModelCost.of(model), "d");
        assertThat(d.op()).isEqualTo("dense");
        assertThat(d.ebops()).isEqualTo(36);
        assertThat(d.weights()).isEqualTo(6);
        assertThat(d.nonZeroWeights()).isEqualTo(5);
        assertThat(d.weightBits()).isEqualTo(2 + 1 + 4 + 0 + 3 + 1);
        assertThat(d.outputElements()).isEqualTo(2);
        assertThat(d.outputBits()).isEqualTo(19);
        assertThat(d.minOutputWidth()).isEqualTo(8);
        assertThat(d.maxOutputWidth()).isEqualTo(11);
        // Cross-check against the derived type itself.
        assertThat(model.outputType("d").toArray()).containsExactly(FixedType.signed(11, 4), FixedType.signed(8, 2));
    }

    /** The input layer multiplies nothing; its output is 3 elements of widths 4, 6 and 0. */
    @Test
    void inputLayerFigures() {
        FirmwareModel model = FirmwareModel.builder("m").add(threeInputs()).add(dense3to2()).output("d").build();
        assertThat(costOf(ModelCost.of(model), "x"))
                .isEqualTo(new LayerCost("x", "input", 0, 0, 0, 0, 3, 10, 0, 6));
    }

    /** A bias is an addition, not a multiplication: it changes no EBOPs. */
    @Test
    void biasDoesNotCostEbops() {
        Dense withoutBias = dense3to2();
        Dense withBias = new Dense("d", "x", withoutBias.kernel(), constant(FixedType.signed(8, 2), dims(2), 77, -93));
        long a = ModelCost.of(FirmwareModel.builder("m").add(threeInputs()).add(withoutBias).output("d").build()).totalEbops();
        long b = ModelCost.of(FirmwareModel.builder("m").add(threeInputs()).add(withBias).output("d").build()).totalEbops();
        assertThat(a).isEqualTo(36);
        assertThat(b).isEqualTo(36);
    }

    /**
     * A Dense over a [2 rows, 2 features] input builds one multiplier per row: widths row 0 = (1, 2), row 1 = (3, 4);
     * kernel codes 1 (1 bit) and 3 (0b11, 2 bits). EBOPs = (1·1 + 2·2) + (3·1 + 4·2) = 5 + 11 = 16.
     */
    @Test
    void denseOverRowsCountsEveryRowWithItsOwnWidths() {
        TensorType in = TensorType.of(Shape.of(2, 2), new FixedType[] {
                FixedType.unsigned(1, 0), FixedType.unsigned(2, 0), FixedType.unsigned(3, 0), FixedType.unsigned(4, 0)});
        FirmwareModel model = FirmwareModel.builder("m")
                .add(new Input("x", in))
                .add(Dense.withoutBias("d", "x", constant(FixedType.signed(3, 2), dims(2, 1), 1, 3)))
                .output("d")
                .build();
        assertThat(costOf(ModelCost.of(model), "d").ebops()).isEqualTo(16);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Conv

    /**
     * x: [4 positions, 1 channel] with widths 3, 5, 2, 7. Kernel [3 taps, 1 channel, 2 filters] of fixed<4,2>, index
     * (tap·1 + 0)·2 + filter:
     * <pre>
     *   tap 0: filter 0 code  3 (0b11 → 2 bits), filter 1 code 0
     *   tap 1: filter 0 code -4 (0b100 → 1 bit), filter 1 code 0
     *   tap 2: filter 0 code  5 (0b101 → 3 bits), filter 1 code 1 (1 bit)
     * </pre>
     */
    private static FirmwareModel conv1d(Padding padding) {
        TensorType in = TensorType.of(Shape.of(4, 1), new FixedType[] {
                FixedType.signed(3, 1), FixedType.unsigned(5, 2), FixedType.signed(2, 0), FixedType.signed(7, 3)});
        FixedTensor kernel = constant(FixedType.signed(4, 2), dims(3, 1, 2), 3, 0, -4, 0, 5, 1);
        FixedTensor bias = FixedTensor.zeros(type(FixedType.ZERO, 2));
        return FirmwareModel.builder("m")
                .add(new Input("x", in))
                .add(Conv.conv1d("c", "x", kernel, bias, 1, padding))
                .output("c")
                .build();
    }

    /**
     * SAME, size 3, stride 1 over 4: 4 positions, total padding 2, one before. Output position o reads x[o-1+tap].
     * <ul>
     *   <li>tap 0 (2 bits) reads x0, x1, x2 at o = 1..3 (o = 0 is padding): (3+5+2)·2 = 20;</li>
     *   <li>tap 1 (1 bit) reads x0..x3: (3+5+2+7)·1 = 17;</li>
     *   <li>tap 2 (3 bits) reads x1, x2, x3 at o = 0..2 (o = 3 is padding): (5+2+7)·3 = 42;</li>
     *   <li>filter 1, tap 2 (1 bit): (5+2+7)·1 = 14.</li>
     * </ul>
     * Total 20 + 17 + 42 + 14 = 93.
     */
    @Test
    void conv1dSamePaddingDoesNotCountPaddedTaps() {
        LayerCost c = costOf(ModelCost.of(conv1d(Padding.SAME)), "c");
        assertThat(c.op()).isEqualTo("conv1d");
        assertThat(c.ebops()).isEqualTo(93);
        assertThat(c.weights()).isEqualTo(6);
        assertThat(c.nonZeroWeights()).isEqualTo(4);
        assertThat(c.weightBits()).isEqualTo(2 + 1 + 3 + 1);
        assertThat(c.outputElements()).isEqualTo(4 * 2);
    }

    /**
     * VALID: 2 positions, o reads x[o+tap]. Filter 0: tap 0 on x0, x1: 8·2 = 16; tap 1 on x1, x2: 7·1 = 7; tap 2 on
     * x2, x3: 9·3 = 27. Filter 1: tap 2: 9·1 = 9. Total 59.
     */
    @Test
    void conv1dValidPaddingByHand() {
        assertThat(costOf(ModelCost.of(conv1d(Padding.VALID)), "c").ebops()).isEqualTo(59);
    }

    /**
     * 2x2 kernel of ones (1 bit each) with stride 2 over a 3x3 input of 4-bit elements. SAME: 2x2 outputs, padding 1
     * after the input on each axis; the windows hold 4, 2, 2 and 1 real elements: 9 multiplications · 4 bits = 36.
     * VALID: one window of 4 elements: 16.
     */
    @Test
    void conv2dCountsOnlyTapsInsideTheInput() {
        for (Padding padding : Padding.values()) {
            FirmwareModel model = FirmwareModel.builder("m")
                    .add(new Input("x", type(FixedType.unsigned(4, 0), 3, 3, 1)))
                    .add(Conv.conv2d("c", "x", constant(FixedType.signed(2, 1), dims(2, 2, 1, 1), 1, 1, 1, 1),
                            FixedTensor.zeros(type(FixedType.ZERO, 1)), 2, 2, padding))
                    .output("c")
                    .build();
            LayerCost c = costOf(ModelCost.of(model), "c");
            assertThat(c.op()).isEqualTo("conv2d");
            assertThat(c.ebops()).as("%s", padding).isEqualTo(padding == Padding.SAME ? 36 : 16);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Models

    /**
     * All weights zero: nothing is multiplied. With bias codes 1 and -1 of fixed<2,0> (LSB 2^-2) the outputs are the
     * constants 0.25 (code 1: 1 bit unsigned, I = 1 - 2 = -1, ufixed<1,-1>) and -0.25 (code -1: 1 bit signed,
     * fixed<1,-1>): 2 output bits.
     */
    @Test
    void aZeroWeightModelHasNoEbops() {
        FirmwareModel model = FirmwareModel.builder("m")
                .add(new Input("x", type(FixedType.signed(8, 3), 3)))
                .add(new Dense("d", "x", FixedTensor.zeros(type(FixedType.signed(4, 2), 3, 2)),
                        constant(FixedType.signed(2, 0), dims(2), 1, -1)))
                .output("d")
                .build();
        ModelCost cost = ModelCost.of(model);
        assertThat(cost.totalEbops()).isZero();
        assertThat(costOf(cost, "d")).isEqualTo(new LayerCost("d", "dense", 0, 6, 0, 0, 2, 2, 1, 1));
        assertThat(cost.totalWeights()).isEqualTo(6);
        assertThat(cost.totalNonZeroWeights()).isZero();
    }

    /** Every layer kind without a multiplication reports no EBOPs and no weights, whatever its inputs. */
    @Test
    void layersWithoutMultiplicationsCostNothing() {
        FixedType u31 = FixedType.unsigned(3, 1);
        FirmwareModel model = FirmwareModel.builder("m")
                .add(new Input("x", type(FixedType.signed(8, 2), 4, 1)))
                .add(new Relu("relu", "x"))
                .add(Pool.pool1d("pool", "relu", Pool.Reduction.AVG, 2, 2, Padding.VALID))
                .add(new Reshape("flat", "pool", Shape.of(2)))
                .add(new Quantize("q", "flat", type(u31, 2)))
                .add(new TableLookup("table", "q", "square", FixedTensor.ofLongs(type(FixedType.unsigned(6, 4), 8),
                        0, 1, 4, 9, 16, 25, 36, 49)))
                .add(new Add("sum", List.of("table", "q")))
                .add(new Concatenate("cat", List.of("sum", "table"), 0))
                .output("cat")
                .build();
        ModelCost cost = ModelCost.of(model);
        assertThat(cost.layers()).extracting(LayerCost::op).containsExactly(
                "input", "relu", "avg_pool1d", "reshape", "quantize", "table", "add", "concatenate");
        assertThat(cost.layers()).allSatisfy(c -> {
            assertThat(c.ebops()).as(c.layer()).isZero();
            assertThat(c.weights()).as(c.layer()).isZero();
            assertThat(c.nonZeroWeights()).as(c.layer()).isZero();
            assertThat(c.weightBits()).as(c.layer()).isZero();
        });
        assertThat(cost.layers()).extracting(LayerCost::outputElements).containsExactly(4, 4, 2, 2, 2, 2, 2, 4);
        // Quantize: 2 elements of ufixed<3,1>; table: 2 elements of ufixed<6,4>.
        assertThat(costOf(cost, "q").outputBits()).isEqualTo(6);
        assertThat(costOf(cost, "table").outputBits()).isEqualTo(12);
        assertThat(cost.totalEbops()).isZero();
        assertThat(cost.totalWeights()).isZero();
    }

    /**
     * A softmax multiplies each e_i by v, two variables: W_E·W_V per element. Rows of 3 over a 2x3 input with 4-bit exp
     * entries and 6-bit inverse entries: 6·4·6 = 144 EBOPs; no weights. An exp table of a zero-width type makes every
     * product the constant zero: no EBOPs.
     */
    @Test
    void aSoftmaxCostsOneVariableProductPerElement() {
        FixedType index = FixedType.unsigned(1, 1);
        FirmwareModel model = FirmwareModel.builder("m")
                .add(new Input("x", type(FixedType.signed(8, 2), 2, 3)))
                .add(new io.hgq4j.model.ir.Softmax("sm", "x", index, constant(FixedType.unsigned(4, 1), dims(2), 8, 3), index,
                        constant(FixedType.unsigned(6, 1), dims(2), 32, 16), FixedType.unsigned(8, 1)))
                .add(new io.hgq4j.model.ir.Softmax("none", "x", index, constant(FixedType.ZERO, dims(2), 0, 0), index,
                        constant(FixedType.unsigned(6, 1), dims(2), 32, 16), FixedType.unsigned(8, 1)))
                .output("sm").output("none")
                .build();
        ModelCost cost = ModelCost.of(model);
        assertThat(costOf(cost, "sm").ebops()).isEqualTo(144);
        assertThat(costOf(cost, "sm").weights()).isZero();
        assertThat(costOf(cost, "sm").outputBits()).isEqualTo(48);
        assertThat(costOf(cost, "none").ebops()).isZero();
    }

    /**
     * d (the 3→2 layer above, 36 EBOPs, 6 weights, 5 non-zero) feeds d2, a 2→1 layer with codes 7 (0b111, 3 bits) and
     * 2 (0b10, 1 bit) reading d's fixed<11,4> and fixed<8,2> outputs: 11·3 + 8·1 = 41 EBOPs, 2 weights, 2 non-zero.
     * Totals: 77 EBOPs, 8 weights, 7 non-zero.
     */
    @Test
    void totalsAreTheSumsOverTheLayers() {
        FirmwareModel model = FirmwareModel.builder("m")
                .add(threeInputs())
                .add(dense3to2())
                .add(Dense.withoutBias("d2", "d", constant(FixedType.signed(4, 1), dims(2, 1), 7, 2)))
                .output("d2")
                .build();
        ModelCost cost = ModelCost.of(model);
        assertThat(cost.layers()).extracting(LayerCost::layer).containsExactly("x", "d", "d2");
        assertThat(costOf(cost, "d2").ebops()).isEqualTo(41);
        assertThat(cost.totalEbops()).isEqualTo(77);
        assertThat(cost.totalWeights()).isEqualTo(8);
        assertThat(cost.totalNonZeroWeights()).isEqualTo(7);
        assertThat(cost.totalEbops()).isEqualTo(cost.layers().stream().mapToLong(LayerCost::ebops).sum());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Properties of a single Dense layer x[features] -> d[units]

    /** Input widths (0 = the zero type) and kernel codes of fixed<8,2> in row-major order. */
    record DenseCase(int[] widths, int units, long[] codes) {

        int features() {
            return widths.length;
        }

        @Override
        public String toString() {
            return "widths " + Arrays.toString(widths) + ", units " + units + ", codes " + Arrays.toString(codes);
        }
    }

    /** The kernel type of {@link DenseCase}: codes [-128, 127] at 2^-6. */
    private static final FixedType KERNEL = FixedType.signed(8, 2);

    @Provide
    Arbitrary<DenseCase> denseCases() {
        Arbitrary<Long> code = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(4, Arbitraries.longs().between(-128, 127)));
        return Arbitraries.integers().between(1, 5).flatMap(features -> Arbitraries.integers().between(1, 4).flatMap(units ->
                Combinators.combine(
                                Arbitraries.integers().between(0, 16).array(int[].class).ofSize(features),
                                code.list().ofSize(features * units))
                        .as((widths, codes) -> new DenseCase(widths, units,
                                codes.stream().mapToLong(Long::longValue).toArray()))));
    }

    /** Element type of width {@code width}: the zero type for 0, else alternately signed and unsigned. */
    private static FixedType inputType(int index, int width) {
        return width == 0 ? FixedType.ZERO : FixedType.of(width, width / 2, index % 2 == 0);
    }

    private static long ebops(int[] widths, int units, FixedType kernelType, long[] codes) {
        FixedType[] types = new FixedType[widths.length];
        for (int i = 0; i < widths.length; i++) {
            types[i] = inputType(i, widths[i]);
        }
        FirmwareModel model = FirmwareModel.builder("p")
                .add(new Input("x", TensorType.of(Shape.of(widths.length), types)))
                .add(Dense.withoutBias("d", "x", FixedTensor.ofLongs(type(kernelType, widths.length, units), codes)))
                .output("d")
                .build();
        return costOf(ModelCost.of(model), "d").ebops();
    }

    /** Highest to lowest set bit of |code|, inclusive, computed with long bit twiddling (0 for 0). */
    private static int span(long code) {
        long m = Math.abs(code);
        return m == 0 ? 0 : 64 - Long.numberOfLeadingZeros(m) - Long.numberOfTrailingZeros(m);
    }

    /** EBOPs match the definition, with the spans computed independently of FixedValue. */
    @Property
    void ebopsAreTheSumOfWidthTimesSpan(@ForAll("denseCases") DenseCase c) {
        long expected = 0;
        for (int i = 0; i < c.features(); i++) {
            for (int j = 0; j < c.units(); j++) {
                expected += (long) c.widths()[i] * span(c.codes()[i * c.units() + j]);
            }
        }
        assertThat(ebops(c.widths(), c.units(), KERNEL, c.codes())).isEqualTo(expected);
    }

    /**
     * Doubling every weight shifts its bits without changing their span, so EBOPs stay the same, whether the doubling
     * is done on the codes (2·code in fixed<9,3>, the same LSB with one more bit so every code still fits) or on the
     * type (the same codes in fixed<8,3>, whose LSB is twice as large).
     */
    @Property
    void doublingEveryWeightLeavesEbopsUnchanged(@ForAll("denseCases") DenseCase c) {
        long original = ebops(c.widths(), c.units(), KERNEL, c.codes());
        long[] doubled = Arrays.stream(c.codes()).map(code -> 2 * code).toArray();
        assertThat(ebops(c.widths(), c.units(), FixedType.signed(9, 3), doubled)).isEqualTo(original);
        assertThat(ebops(c.widths(), c.units(), FixedType.signed(8, 3), c.codes())).isEqualTo(original);
    }

    /**
     * EBOPs are affine in the width w of any one input element, the others fixed: E(w) = E(0) + w·(E(1) − E(0)), and
     * the slope E(1) − E(0) is the total span of that element's kernel row.
     */
    @Property
    void ebopsAreLinearInOneInputWidth(@ForAll("denseCases") DenseCase c, @ForAll @IntRange(min = 0, max = 4) int pick,
                                       @ForAll @IntRange(min = 0, max = 64) int width) {
        int i = pick % c.features();
        long e0 = ebops(withWidth(c.widths(), i, 0), c.units(), KERNEL, c.codes());
        long e1 = ebops(withWidth(c.widths(), i, 1), c.units(), KERNEL, c.codes());
        long ew = ebops(withWidth(c.widths(), i, width), c.units(), KERNEL, c.codes());
        long rowSpan = 0;
        for (int j = 0; j < c.units(); j++) {
            rowSpan += span(c.codes()[i * c.units() + j]);
        }
        assertThat(e1 - e0).isEqualTo(rowSpan);
        assertThat(ew).isEqualTo(e0 + (long) width * (e1 - e0));
    }

    private static int[] withWidth(int[] widths, int index, int width) {
        int[] copy = widths.clone();
        copy[index] = width;
        return copy;
    }
}

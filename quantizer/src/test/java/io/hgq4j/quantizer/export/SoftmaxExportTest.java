package io.hgq4j.quantizer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cost.LayerCost;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import io.hgq4j.quantizer.nn.SoftmaxNode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The precision rule of exported softmax layers ({@link SoftmaxTables}): by hand, its guarantees, and its cost. */
class SoftmaxExportTest {

    /**
     * X = fixed<4,2> (f = 2), rows of 3, output f = 2: g = 2 + ceil(log2 6) = 5, so E = V = ufixed<6,1>. D = ufixed<4,2>;
     * the cutoff ceil(log2(6·ln 2 + 1/4)) = ceil(log2 4.41) = 3 exceeds D's 2 integer bits, so A = ufixed<4,2,RND,SAT>
     * (16 entries, every difference exact), entries round(32·exp(−k/4)) = 32, 25 (24.92), 19 (19.41), 15 (15.12), 12
     * (11.77), ..., 1 (0.75). B: ceil(log2(3 + 1/32)) = 2 integer bits and 5 fractional ones, ufixed<7,2,RND,SAT>,
     * entries round(32/max(k/32, 1)): 32 for k ≤ 32, 16 at k = 64 (2.0), 11 at k = 96 (3.0: 10.67). Y = ufixed<3,1,RND,SAT>.
     */
    @Test
    void aSmallCaseByHand() {
        SoftmaxTables t = SoftmaxTables.of(FixedType.signed(4, 2), 3, 2);
        assertThat(t.exp()).isEqualTo(FixedType.unsigned(6, 1));
        assertThat(t.inverse()).isEqualTo(FixedType.unsigned(6, 1));
        assertThat(t.expIndex()).isEqualTo(new FixedType(4, 2, false, Quantization.RND, Overflow.SAT));
        assertThat(t.expCodes()).startsWith(32, 25, 19, 15, 12).endsWith(1).hasSize(16);
        assertThat(t.invIndex()).isEqualTo(new FixedType(7, 2, false, Quantization.RND, Overflow.SAT));
        assertThat(t.invCodes()).hasSize(128);
        assertThat(t.invCodes()[0]).isEqualTo(32);
        assertThat(t.invCodes()[32]).isEqualTo(32);
        assertThat(t.invCodes()[64]).isEqualTo(16);
        assertThat(t.invCodes()[96]).isEqualTo(11);
        assertThat(t.output()).isEqualTo(new FixedType(3, 1, false, Quantization.RND, Overflow.SAT));
    }

    /**
     * Wide inputs: X = fixed<12,4> (f = 8), rows of 10, output f = 4: g = 4 + 4 = 8; the cutoff ceil(log2(9·ln 2 +
     * 2^−8)) = 3 is below D's 4 integer bits, so A = ufixed<11,3,RND,SAT> saturates differences from 8 on, and its
     * last entry, exp(−(8 − 2^−8)) = 0.00034, is 0 at 2^−8.
     */
    @Test
    void largeDifferencesSaturateOntoAZeroEntry() {
        SoftmaxTables t = SoftmaxTables.of(FixedType.signed(12, 4), 10, 4);
        assertThat(t.expIndex()).isEqualTo(new FixedType(11, 3, false, Quantization.RND, Overflow.SAT));
        assertThat(t.expCodes()[t.expCodes().length - 1]).isZero();
        assertThat(t.expCodes()[0]).isEqualTo(256);
    }

    /**
     * The guarantee: for any input type, row length and output f where neither index drops bits and g is not capped,
     * every output of the exported layer (run by the reference evaluator) is within one output LSB of the exact softmax
     * of the quantized row; exp(0) is exactly 1 and no inverse exceeds 1.
     */
    @Property(tries = 300)
    void withinOneOutputLsbOfTheExactSoftmax(@ForAll @IntRange(min = 1, max = 12) int n,
                                             @ForAll @IntRange(min = -2, max = 8) int inputF,
                                             @ForAll @IntRange(min = -1, max = 4) int inputI,
                                             @ForAll boolean signed, @ForAll @IntRange(min = -2, max = 8) int outputF,
                                             @ForAll long seed) {
        Assume.that((signed ? 1 : 0) + inputI + inputF > 0);
        FixedType x = FixedType.fromKif(signed ? 1 : 0, inputI, inputF, Quantization.RND, Overflow.WRAP);
        SoftmaxTables t = SoftmaxTables.of(x, n, outputF);
        int g = SoftmaxNode.tableFractionBits(outputF, n);
        assertThat(t.expCodes()[0]).as("exp(0) = 1").isEqualTo(1L << g);
        assertThat(java.util.Arrays.stream(t.invCodes()).max().orElseThrow()).as("no inverse above 1").isEqualTo(1L << g);
        Assume.that(t.expIndex().lsbExponent() == x.lsbExponent() && t.invIndex().fracBits() == g);

        FirmwareModel model = FirmwareModel.builder("m")
                .add(new Input("x", TensorType.uniform(Shape.of(n), x)))
                .add(new Softmax("sm", "x", t.expIndex(), table(t.exp(), t.expCodes()), t.invIndex(),
                        table(t.inverse(), t.invCodes()), t.output()))
                .output("sm").build();
        Random random = new Random(seed);
        long[] codes = new long[n];
        long span = x.maxRaw().longValueExact() - x.minRaw().longValueExact() + 1;
        for (int s = 0; s < 10; s++) {
            for (int i = 0; i < n; i++) {
                codes[i] = x.minRaw().longValueExact() + Math.floorMod(random.nextLong(), span);
            }
            FixedTensor in = FixedTensor.ofLongs(TensorType.uniform(Shape.of(n), x), codes);
            double[] y = new ReferenceEvaluator(model).evaluateAllLayers(Map.of("x", in)).get("sm").toDoubles();
            double[] p = softmax(in.toDoubles());
            for (int i = 0; i < n; i++) {
                assertThat(Math.abs(y[i] - p[i])).as("element %d of %s: %s vs %s", i, java.util.Arrays.toString(codes), y[i], p[i])
                        .isLessThanOrEqualTo(Math.scalb(1.0, -outputF) + 1e-12);
            }
        }
    }

    /** The training estimate of a softmax's EBOPs is the exported layer's exact EBOPs. */
    @Test
    void theTrainingEstimateIsTheExportedCost() {
        Network net = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("x", new int[] {4, 6}),
                new LayerSpec.ActivationSpec("s", List.of(), Activation.SOFTMAX))).build(QuantizerSettings.HGQ, 3);
        ((SoftmaxNode) net.node("s")).outputQuantizer().f().value().assign(5);
        Random random = new Random(1);
        double[] values = new double[200 * 24];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(net, SampleArray.of(values, 200, Shape.of(4, 6)), 1.0, 64);
        FirmwareModel model = calibrated.toFirmwareModel("s", Map.of(), Map.of());
        LayerCost cost = ModelCost.of(model).layers().stream().filter(c -> c.layer().equals("s")).findFirst().orElseThrow();
        // g = 5 + ceil(log2 9) = 9: 24 elements of 10 × 10 bits.
        assertThat(cost.ebops()).isEqualTo(2400);
        assertThat(net.node("s").ebops(0)).isEqualTo(2400.0);
    }

    private static FixedTensor table(FixedType entry, long[] codes) {
        return FixedTensor.ofLongs(TensorType.uniform(Shape.of(codes.length), entry), codes);
    }

    private static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i] - max);
            sum += y[i];
        }
        for (int i = 0; i < x.length; i++) {
            y[i] /= sum;
        }
        return y;
    }
}

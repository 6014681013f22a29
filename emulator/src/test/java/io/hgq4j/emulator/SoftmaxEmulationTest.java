package io.hgq4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.HandWorkedSoftmax;
import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The emulator's softmax op: the hand-worked case, random layers with every mode and codes up to the 62-bit limit of
 * the fast path against the reference evaluator, rows that liveness drops, and the clear refusal of intermediates wider
 * than a long holds. (Random models with softmax layers also run in {@link EmulatorEquivalenceTest}.)
 */
class SoftmaxEmulationTest {

    @Test
    void theHandWorkedCase() {
        Emulator emulator = Emulator.of(HandWorkedSoftmax.model(2, 3, HandWorkedSoftmax.Y));
        Emulator.Result result = emulator.run(new double[][] {HandWorkedSoftmax.INPUT});
        assertThat(result.codes(0)).containsExactly(HandWorkedSoftmax.OUTPUT_CODES);
        assertThat(result.overflow().totalEvents()).as("the softmax's own saturation is not an overflow event").isZero();
    }

    /**
     * Random softmax layers whose input codes reach {@code inputWidth} bits and whose tables reach {@code entryWidth}
     * bits (their product up to 62): the emulator gives the reference evaluator's codes on random rows, including
     * rows at the extremes of the input type.
     */
    @Property(tries = 150)
    void equalsTheReferenceEvaluatorUpToTheFastPathLimit(@ForAll long seed, @ForAll @IntRange(min = 1, max = 62) int inputWidth,
                                                         @ForAll @IntRange(min = 1, max = 31) int entryWidth) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(7);
        int rows = 1 + random.nextInt(3);
        FixedType x = new FixedType(inputWidth, random.nextInt(20) - 5, random.nextBoolean(), Quantization.TRN, Overflow.WRAP);
        FixedType entry = FixedType.unsigned(entryWidth, random.nextInt(5) - 1);
        FixedType inverse = FixedType.unsigned(entryWidth, random.nextInt(5) - 1);
        FixedType expIndex = index(random, Softmax.differenceType(x));
        FixedType invIndex = index(random, FixedType.unsigned(entryWidth + 3, entry.intBits() + 3));
        FixedType output = new FixedType(1 + random.nextInt(62), random.nextInt(6) - 2, random.nextBoolean(),
                mode(random, Quantization.values()), mode(random, Overflow.values()));
        FirmwareModel model = FirmwareModel.builder("wide")
                .add(new Input("x", TensorType.uniform(Shape.of(rows, n), x)))
                .add(new Softmax("sm", "x", expIndex, table(random, expIndex, entry), invIndex,
                        table(random, invIndex, inverse), output))
                .output("sm").build();
        Emulator emulator = Emulator.of(model);
        ReferenceEvaluator reference = new ReferenceEvaluator(model);
        long[] codes = new long[rows * n];
        for (int sample = 0; sample < 8; sample++) {
            for (int i = 0; i < codes.length; i++) {
                codes[i] = switch (random.nextInt(4)) {
                    case 0 -> x.minRaw().longValueExact();
                    case 1 -> x.maxRaw().longValueExact();
                    default -> x.minRaw().longValueExact() + Math.floorMod(random.nextLong(),
                            x.maxRaw().subtract(x.minRaw()).add(BigInteger.ONE).longValue());
                };
            }
            FixedTensor in = FixedTensor.ofLongs(TensorType.uniform(Shape.of(rows, n), x), codes);
            FixedTensor expected = reference.evaluateAllLayers(Map.of("x", in)).get("sm");
            // The emulator takes real values: every code of up to 62 bits is an exact double only up to 53 bits, so the
            // inputs go in as values of codes that doubles hold exactly, else the test compares codes from a reference
            // run on the same doubles.
            double[] values = in.toDoubles();
            FixedTensor requantized = FixedTensor.quantize(TensorType.uniform(Shape.of(rows, n), x), values);
            if (!requantized.equals(in)) {
                expected = reference.evaluateAllLayers(Map.of("x", requantized)).get("sm");
            }
            long[] emulated = emulator.run(new double[][] {values}).codes(0);
            assertThat(emulated).as("sample %d of %s", sample, model.layer("sm"))
                    .containsExactly(java.util.Arrays.stream(expected.raws()).mapToLong(BigInteger::longValueExact).toArray());
        }
    }

    /**
     * Pruned quantizer elements after a softmax: a row with some live outputs is computed whole (every output depends
     * on every input of its row), and its live outputs are the hand-worked ones.
     */
    @Test
    void partlyLiveRowsAreComputedWhole() {
        FixedType y = HandWorkedSoftmax.Y;
        FixedType[] targets = {y, FixedType.ZERO, y, FixedType.ZERO, FixedType.ZERO, y};
        FirmwareModel hand = HandWorkedSoftmax.model(2, 3, y);
        FirmwareModel model = FirmwareModel.builder("pruned").add(hand.layer("x")).add(hand.layer("sm"))
                .add(new Quantize("q", "sm", TensorType.of(Shape.of(2, 3), targets)))
                .output("q").build();
        long[] codes = Emulator.of(model).run(new double[][] {HandWorkedSoftmax.INPUT}).codes(0);
        assertThat(codes).containsExactly(4, 0, 1, 0, 0, 1);
    }

    @Test
    void intermediatesBeyondALongAreRefusedNamingTheLayer() {
        FixedType index = FixedType.unsigned(1, 1);
        FixedTensor wide = FixedTensor.ofLongs(TensorType.uniform(Shape.of(2), FixedType.unsigned(40, 1)), 1, 2);
        FirmwareModel model = FirmwareModel.builder("too_wide")
                .add(new Input("x", TensorType.uniform(Shape.of(4), FixedType.signed(8, 3))))
                .add(new Softmax("sm", "x", index, wide, index, wide, FixedType.unsigned(8, 1)))
                .output("sm").build();
        assertThatThrownBy(() -> Emulator.of(model)).isInstanceOf(EmulatorException.class)
                .hasMessage("layer 'sm': a softmax intermediate has type ufixed<80,2>; the emulator holds codes of up to "
                        + "62 bits (use the reference evaluator)");
    }

    /**
     * An index type around the range of {@code source}: its LSB within a few bits of the source's, its width up to 10
     * bits, any modes.
     */
    private static FixedType index(Random random, FixedType source) {
        int width = random.nextInt(11);
        int lsb = source.lsbExponent() + random.nextInt(2 * Math.max(1, source.width()) + 1) - Math.max(1, source.width()) / 2;
        return new FixedType(width, Math.max(-2000, Math.min(2000, lsb + width)), false,
                mode(random, Quantization.values()), mode(random, Overflow.values()));
    }

    private static FixedTensor table(Random random, FixedType index, FixedType entry) {
        long[] codes = new long[1 << index.width()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = random.nextLong() & entry.maxRaw().longValueExact();
        }
        return FixedTensor.ofLongs(TensorType.uniform(Shape.of(codes.length), entry), codes);
    }

    private static <T> T mode(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}

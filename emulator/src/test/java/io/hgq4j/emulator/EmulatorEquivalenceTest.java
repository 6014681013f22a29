package io.hgq4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.RandomModels;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The emulator must equal the reference evaluator code for code, on every layer kind and every input. */
class EmulatorEquivalenceTest {

    private static final int SAMPLES = 24;

    static Stream<Arguments> models() {
        int recipes = RandomModels.RECIPES.size();
        return IntStream.range(0, recipes * 24).mapToObj(i -> Arguments.of(
                RandomModels.RECIPES.get(i % recipes), i % recipes, 31L * i, i % 3 == 0 ? 24 : RandomModels.MAX_WIDTH));
    }

    @ParameterizedTest(name = "{0} seed {2} widths <= {3}")
    @MethodSource("models")
    void emulatorEqualsReferenceEvaluator(String recipe, int index, long seed, int maxWidth) {
        FirmwareModel model = RandomModels.model(index, seed, maxWidth);
        Emulator emulator = Emulator.of(model);
        ReferenceEvaluator reference = new ReferenceEvaluator(model);
        Random random = new Random(seed);
        double[][] samples = new double[SAMPLES][];
        for (int s = 0; s < SAMPLES; s++) {
            samples[s] = IntStream.range(0, model.inputs().size())
                    .mapToObj(k -> RandomModels.sample(model.inputs().get(k), random))
                    .flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        Emulator.Result result = emulator.run(samples);
        long[] expectedEvents = new long[result.overflow().layers().size()];
        for (int s = 0; s < SAMPLES; s++) {
            Map<String, FixedTensor> trace = reference.evaluateAllLayers(quantizedInputs(model, samples[s]));
            long[] expected = model.outputs().stream().map(trace::get)
                    .flatMap(t -> IntStream.range(0, t.size()).mapToObj(t::raw)).mapToLong(BigInteger::longValueExact).toArray();
            assertThat(result.codes(s)).as("%s sample %d", recipe, s).containsExactly(expected);
            countOverflow(model, trace, samples[s], result.overflow().layers().stream().map(l -> l.layer()).toList(), expectedEvents);
        }
        // Overflow is counted over live elements (those that reach an output): exactly the independent count where
        // every element of the layer is live, never more than it where some are dead.
        for (int i = 0; i < expectedEvents.length; i++) {
            OverflowReport.LayerOverflow counted = result.overflow().layers().get(i);
            long elements = model.outputType(counted.layer()).size();
            if (counted.conversions() == elements * SAMPLES) {
                assertThat(counted.events()).as("overflow events of %s", counted.layer()).isEqualTo(expectedEvents[i]);
            } else {
                assertThat(counted.events()).as("overflow events of %s", counted.layer()).isLessThanOrEqualTo(expectedEvents[i]);
            }
        }
    }

    @Test
    void largeBatchesSplitAcrossThreadsGiveTheSameCodes() {
        FirmwareModel model = RandomModels.model(1, 5);
        Emulator emulator = Emulator.of(model);
        Random random = new Random(5);
        int count = 3000;
        double[] inputs = new double[count * emulator.inputSize()];
        for (int s = 0; s < count; s++) {
            double[] sample = RandomModels.sample(model.inputs().get(0), random);
            System.arraycopy(sample, 0, inputs, s * sample.length, sample.length);
        }
        Emulator.Result one = emulator.run(inputs, count, 1);
        Emulator.Result four = emulator.run(inputs, count, 4);
        assertThat(four.codes()).containsExactly(one.codes());
        assertThat(four.overflow()).isEqualTo(one.overflow());
    }

    @Test
    void nonFiniteInputsAreRejectedNamingTheElement() {
        FirmwareModel model = RandomModels.model(0, 2);
        Emulator emulator = Emulator.of(model);
        double[] sample = new double[emulator.inputSize()];
        sample[1] = Double.NaN;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> emulator.run(new double[][] {sample}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 'x', element 1 is NaN");
    }

    private static Map<String, FixedTensor> quantizedInputs(FirmwareModel model, double[] flat) {
        Map<String, FixedTensor> inputs = new LinkedHashMap<>();
        int at = 0;
        for (Input input : model.inputs()) {
            int n = input.type().size();
            inputs.put(input.name(), FixedTensor.quantize(input.type(), java.util.Arrays.copyOfRange(flat, at, at + n)));
            at += n;
        }
        return inputs;
    }

    /** Counts, from the reference trace, the conversions whose rounded value fell outside the target range. */
    private static void countOverflow(FirmwareModel model, Map<String, FixedTensor> trace, double[] flat,
                                      List<String> counted, long[] events) {
        int at = 0;
        for (Layer layer : model.layers()) {
            if (layer instanceof Input input) {
                for (int i = 0; i < input.type().size(); i++) {
                    FixedValue source = FixedValue.fromDouble(flat[at + i], wide(input.type().typeAt(i)));
                    if (overflows(source, input.type().typeAt(i))) {
                        events[counted.indexOf(layer.name())]++;
                    }
                }
                at += input.type().size();
            } else if (layer instanceof Quantize q) {
                FixedTensor in = trace.get(q.input());
                TensorType target = q.target();
                for (int i = 0; i < in.size(); i++) {
                    if (overflows(in.get(i), target.typeAt(i))) {
                        events[counted.indexOf(layer.name())]++;
                    }
                }
            }
        }
    }

    /** A type with the target's LSB and rounding that no double of these tests can overflow. */
    private static FixedType wide(FixedType target) {
        return new FixedType(400, target.lsbExponent() + 400, true, target.quantization(), Overflow.WRAP);
    }

    private static boolean overflows(FixedValue source, FixedType target) {
        if (target.isZero() || source.isZero()) {
            return false;
        }
        BigInteger rounded = source.castTo(wide(target)).raw();
        boolean symmetric = target.overflow() == Overflow.SAT_SYM && target.signed() && target.width() > 1;
        BigInteger min = symmetric ? target.maxRaw().negate() : target.minRaw();
        return rounded.compareTo(min) < 0 || rounded.compareTo(target.maxRaw()) > 0;
    }
}

package io.hgq4j.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.RandomModels;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceEvaluatorTest {

    /** A 2→1 dense layer worked by hand: values and the derived accumulator type. */
    @Test
    void denseLayerByHand() {
        FixedType x = FixedType.signed(4, 1);          // LSB 1/8, range [-1, 0.875]
        FixedType w = FixedType.signed(4, 2);          // LSB 1/4
        FixedType b = FixedType.signed(4, 0);          // LSB 1/16
        FirmwareModel model = FirmwareModel.builder("by_hand")
                .add(new Input("x", TensorType.uniform(Shape.of(2), x)))
                .add(new Dense("dense", "x",
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(2, 1), w), 3, 6),   // 0.75, 1.5
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(1), b), 2)))        // 0.125
                .output("dense")
                .build();
        // Products at LSB 2^-5: x·0.75 in [-24, 21], x·1.5 in [-48, 42]; bias 4. Sum in [-68, 67]: 8 bits, I = 8 - 5.
        assertThat(model.outputType("dense")).isEqualTo(TensorType.uniform(Shape.of(1), FixedType.signed(8, 3)));
        FixedTensor y = new ReferenceEvaluator(model).evaluate(new double[] {0.5, -0.25});
        assertThat(y.toDoubles()).containsExactly(0.5 * 0.75 - 0.25 * 1.5 + 0.125);
        FixedTensor extreme = new ReferenceEvaluator(model).evaluate(new double[] {-1, -1});
        assertThat(extreme.raw(0).intValueExact()).isEqualTo(-68);
    }

    static Stream<Arguments> randomModels() {
        return Stream.iterate(0, i -> i + 1).limit(RandomModels.RECIPES.size() * 30L)
                .map(i -> Arguments.of(RandomModels.RECIPES.get(i % RandomModels.RECIPES.size()), i % RandomModels.RECIPES.size(), 1000L + i));
    }

    /** Every layer of every random model agrees exactly with the independent double-arithmetic oracle. */
    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("randomModels")
    void agreesWithAnIndependentDoubleComputation(String recipe, int index, long seed) {
        FirmwareModel model = RandomModels.model(index, seed);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        Random random = new Random(seed);
        for (int sample = 0; sample < 4; sample++) {
            Map<String, double[]> samples = new LinkedHashMap<>();
            Map<String, FixedTensor> quantized = new LinkedHashMap<>();
            for (Input input : model.inputs()) {
                double[] values = RandomModels.sample(input, random);
                samples.put(input.name(), values);
                quantized.put(input.name(), FixedTensor.quantize(input.type(), values));
            }
            Map<String, FixedTensor> trace = evaluator.evaluateAllLayers(quantized);
            Map<String, double[]> expected = DoubleOracle.run(model, samples);
            for (Layer layer : model.layers()) {
                assertThat(trace.get(layer.name()).toDoubles())
                        .as("layer %s (%s) of %s", layer.name(), layer.op(), recipe)
                        .containsExactly(expected.get(layer.name()));
            }
        }
    }

    @Test
    void randomModelsCoverEveryLayerKind() {
        Set<String> ops = new HashSet<>();
        for (int i = 0; i < RandomModels.RECIPES.size() * 4; i++) {
            RandomModels.model(i, i).layers().forEach(l -> ops.add(l.op()));
        }
        assertThat(ops).contains("input", "dense", "conv1d", "conv2d", "max_pool1d", "max_pool2d", "avg_pool2d",
                "reshape", "relu", "add", "concatenate", "table", "softmax", "quantize");
    }

    @Test
    void inputsAreQuantizedWithTheirOwnModes() {
        FixedType sat = new FixedType(4, 2, true, Quantization.RND, Overflow.SAT);
        FirmwareModel model = FirmwareModel.builder("q")
                .add(new Input("x", TensorType.of(Shape.of(2), new FixedType[] {sat, sat.withModes(Quantization.TRN, Overflow.WRAP)})))
                .add(new Quantize("y", "x", TensorType.uniform(Shape.of(2), FixedType.signed(8, 4))))
                .output("y")
                .build();
        assertThat(new ReferenceEvaluator(model).evaluate(new double[] {2.5, 2.5}).toDoubles()).containsExactly(1.75, -1.5);
    }

    @Test
    void badSamplesAreRejectedWithTheInputName() {
        FirmwareModel model = RandomModels.model(0, 1);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(model);
        int size = model.inputs().get(0).type().size();
        assertThatThrownBy(() -> evaluator.evaluate(new double[size + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 'x'");
        double[] nan = new double[size];
        nan[0] = Double.NaN;
        assertThatThrownBy(() -> evaluator.evaluate(nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element 0").hasMessageContaining("NaN");
    }
}

package io.hgq4j.quantizer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.Param;
import io.hgq4j.quantizer.nn.Pass;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exported firmware model, run by the emulator (and by the reference evaluator), gives exactly the quantizer's own
 * inference on every sample, for networks of every layer kind, including samples outside the calibrated ranges.
 */
class ExportBitExactnessTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("mlp with batch norm", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("x", new int[] {12}),
                        new LayerSpec.DenseSpec("d1", List.of(), 10, true, Activation.RELU),
                        new LayerSpec.DropoutSpec("drop", List.of(), 0.2),
                        new LayerSpec.DenseSpec("d2", List.of(), 8, false, Activation.RELU),
                        new LayerSpec.DenseSpec("out", List.of(), 4, false, Activation.LINEAR))), new int[] {12}),
                Arguments.of("cnn 2-D", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("img", new int[] {9, 8, 2}),
                        new LayerSpec.ConvSpec("c1", List.of(), 3, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false,
                                Activation.RELU),
                        new LayerSpec.PoolSpec("p1", List.of(), true, new int[] {2, 2}, null, Padding.VALID),
                        new LayerSpec.ConvSpec("c2", List.of(), 4, new int[] {2, 2}, new int[] {1, 1}, Padding.SAME, true,
                                Activation.RELU),
                        new LayerSpec.PoolSpec("p2", List.of(), false, new int[] {2, 2}, null, Padding.SAME),
                        new LayerSpec.FlattenSpec("flat", List.of()),
                        new LayerSpec.DenseSpec("out", List.of(), 5, false, Activation.LINEAR))), new int[] {9, 8, 2}),
                Arguments.of("cnn 1-D, strided", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("sig", new int[] {16, 3}),
                        new LayerSpec.ConvSpec("c", List.of(), 4, new int[] {3}, new int[] {2}, Padding.SAME, false,
                                Activation.RELU),
                        new LayerSpec.PoolSpec("p", List.of(), true, new int[] {2}, null, Padding.VALID),
                        new LayerSpec.FlattenSpec("flat", List.of()),
                        new LayerSpec.DenseSpec("out", List.of(), 3, false, Activation.LINEAR))), new int[] {16, 3}),
                Arguments.of("branches, tables", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("x", new int[] {6}),
                        new LayerSpec.DenseSpec("a", List.of("x"), 5, false, Activation.LINEAR),
                        new LayerSpec.DenseSpec("b", List.of("x"), 5, false, Activation.RELU),
                        new LayerSpec.AddSpec("sum", List.of("a", "b"), Activation.RELU),
                        new LayerSpec.ActivationSpec("t", List.of("a"), Activation.TANH),
                        new LayerSpec.ActivationSpec("s", List.of("b"), Activation.SIGMOID),
                        new LayerSpec.ConcatSpec("cat", List.of("sum", "t", "s"), -1),
                        new LayerSpec.DenseSpec("out", List.of(), 3, false, Activation.LINEAR))), new int[] {6}),
                Arguments.of("mlp ending in softmax", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("x", new int[] {8}),
                        new LayerSpec.DenseSpec("d1", List.of(), 12, false, Activation.RELU),
                        new LayerSpec.DenseSpec("logits", List.of(), 6, false, Activation.LINEAR),
                        new LayerSpec.ActivationSpec("probs", List.of(), Activation.SOFTMAX))), new int[] {8}),
                Arguments.of("softmax over channels, then more layers", new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("sig", new int[] {10, 2}),
                        new LayerSpec.ConvSpec("c", List.of(), 5, new int[] {3}, new int[] {1}, Padding.SAME, false,
                                Activation.LINEAR),
                        new LayerSpec.ActivationSpec("attention", List.of(), Activation.SOFTMAX),
                        new LayerSpec.FlattenSpec("flat", List.of()),
                        new LayerSpec.DenseSpec("out", List.of(), 3, false, Activation.LINEAR))), new int[] {10, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void emulatorReproducesTheQuantizersInferenceBitForBit(String label, NetworkSpec spec, int[] inputShape) {
        Network net = spec.build(QuantizerSettings.HGQ, 5);
        Random random = new Random(9);
        for (Param p : net.params()) {
            if (p.kind() == Param.Kind.BITS) {
                p.value().addi(Nd4j.rand(DataType.FLOAT, p.value().shape()).muli(4).subi(1)); // varied precisions
            } else if (!p.name().endsWith("/kernel")) {
                p.value().addi(Nd4j.rand(DataType.FLOAT, p.value().shape()).subi(0.5f));
            }
        }
        int size = IntStream.of(inputShape).reduce(1, (a, b) -> a * b);
        int count = 600;
        double[] values = new double[count * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * (i < values.length / 2 ? 1 : 2.5);
        }
        SampleArray all = SampleArray.of(values, count, Shape.of(inputShape));
        // batch-norm moving statistics that differ from the defaults
        long[] batchShape = new long[inputShape.length + 1];
        batchShape[0] = count / 2;
        for (int i = 0; i < inputShape.length; i++) {
            batchShape[i + 1] = inputShape[i];
        }
        for (int i = 0; i < 50; i++) {
            net.forward(Nd4j.createFromArray(toFloats(all.samples(0, count / 2).toArray())).reshape(batchShape), Pass.TRAIN);
        }

        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(net, all.samples(0, count / 2), 1.0, 128);
        FirmwareModel model = calibrated.toFirmwareModel("exported", Map.of(), Map.of());
        double[] exact = calibrated.infer(all);

        Emulator.Result emulated = Emulator.of(model).run(values, count, 2);
        int outputs = emulated.program().outputSize();
        long mismatches = IntStream.range(0, count).filter(s -> {
            double[] e = emulated.values(s);
            for (int j = 0; j < outputs; j++) {
                if (Double.compare(e[j], exact[s * outputs + j]) != 0) {
                    return true;
                }
            }
            return false;
        }).count();
        assertThat(mismatches).as("%s: samples where the emulator differs from the quantizer", label).isZero();
        assertThat(emulated.overflow().totalEvents()).as("the uncalibrated half wraps somewhere").isPositive();

        ReferenceEvaluator reference = new ReferenceEvaluator(model);
        for (int s = 0; s < 20; s++) {
            FixedTensor y = reference.evaluate(all.sample(s));
            assertThat(y.toDoubles()).containsExactly(java.util.Arrays.copyOfRange(exact, s * outputs, (s + 1) * outputs));
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}

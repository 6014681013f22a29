package io.hgq4j.quantizer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.data.Datasets;
import io.hgq4j.quantizer.data.Split;
import io.hgq4j.quantizer.data.Splits;
import io.hgq4j.quantizer.data.StandardScaler;
import io.hgq4j.quantizer.export.CalibratedNetwork;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train → calibrate → export → emulate on the bundled digits, in seconds. */
class DigitsEndToEndTest {

    @TempDir
    Path run;

    @Test
    void trainedCheckpointsRunBitExactlyInTheEmulator() throws Exception {
        Split digits = digits();
        Dataset train = digits.train();
        Dataset validation = digits.validation();
        Dataset test = digits.test();
        NetworkSpec spec = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("in", new int[] {64}),
                new LayerSpec.DenseSpec("d1", List.of(), 32, false, Activation.RELU),
                new LayerSpec.DenseSpec("out", List.of(), 10, false, Activation.LINEAR)));
        Network network = spec.build(QuantizerSettings.HGQ, 7);
        TrainingOptions options = new TrainingOptions("digits", 30, 64, LearningRate.constant(3e-3),
                BetaSchedule.constant(1e-6), 0, 0, 7, true, run, 1.0, 10_000);
        Trainer.Result result = new Trainer(options).train(network, train, validation, new Trainer.Listener() { }, () -> false);

        assertThat(result.epochs()).hasSize(30);
        assertThat(result.front()).as("Pareto checkpoints").isNotEmpty();
        for (ParetoFront.Point<Path> point : result.front()) {
            FirmwareModel model = HgqFile.read(point.item());
            assertThat(model.metrics().get("ebops")).isEqualTo(point.ebops());
            assertThat(accuracy(Emulator.of(model).run(validation.features().toArray(), validation.count(), 1), validation))
                    .as("the emulated accuracy of checkpoint %s is the one recorded", point.item().getFileName())
                    .isEqualTo(point.metric());
        }

        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, train.features(), 1.0, 256);
        FirmwareModel model = calibrated.toFirmwareModel("digits", Map.of(), Map.of());
        double[] exact = calibrated.infer(test.features());
        Emulator.Result emulated = Emulator.of(model).run(test.features().toArray(), test.count(), 2);
        int outputs = emulated.program().outputSize();
        int mismatches = 0;
        for (int s = 0; s < test.count(); s++) {
            if (!Arrays.equals(emulated.values(s), Arrays.copyOfRange(exact, s * outputs, (s + 1) * outputs))) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("test samples where the emulator differs from the quantizer's inference").isZero();
        assertThat(accuracy(emulated, test)).as("test accuracy of the exported model").isGreaterThan(0.9);
    }

    @Test
    void aNetworkEndingInSoftmaxTrainsOnItsProbabilitiesAndExportsBitExactly() {
        Split digits = digits();
        Dataset train = digits.train();
        Dataset test = digits.test();
        NetworkSpec spec = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("in", new int[] {64}),
                new LayerSpec.DenseSpec("d1", List.of(), 32, false, Activation.RELU),
                new LayerSpec.DenseSpec("logits", List.of(), 10, false, Activation.LINEAR),
                new LayerSpec.ActivationSpec("probabilities", List.of(), Activation.SOFTMAX)));
        Network network = spec.build(QuantizerSettings.HGQ, 5);
        TrainingOptions options = new TrainingOptions("digits", 15, 64, LearningRate.constant(3e-3),
                BetaSchedule.constant(1e-7), 0, 0, 5, true, null, 1.0, 10_000);
        new Trainer(options).train(network, train, test, new Trainer.Listener() { }, () -> false);

        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, train.features(), 1.0, 256);
        FirmwareModel model = calibrated.toFirmwareModel("digits", Map.of(), Map.of());
        double[] exact = calibrated.infer(test.features());
        Emulator.Result emulated = Emulator.of(model).run(test.features().toArray(), test.count(), 2);
        for (int s = 0; s < test.count(); s++) {
            assertThat(emulated.values(s)).as("sample %d", s).containsExactly(Arrays.copyOfRange(exact, s * 10, s * 10 + 10));
        }
        assertThat(accuracy(emulated, test)).as("test accuracy through the softmax tables").isGreaterThan(0.9);
    }

    @Test
    void theUniformBaselineKeepsItsBitsFrozen() {
        Split digits = digits();
        Dataset train = digits.train();
        Dataset test = digits.test();
        NetworkSpec spec = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("in", new int[] {64}),
                new LayerSpec.DenseSpec("d1", List.of(), 32, false, Activation.RELU),
                new LayerSpec.DenseSpec("out", List.of(), 10, false, Activation.LINEAR)));
        Network network = spec.build(QuantizerSettings.uniform(4, 3), 5);
        TrainingOptions options = new TrainingOptions("digits", 8, 64, LearningRate.constant(3e-3),
                BetaSchedule.constant(1e-4), 0, 1e-3, 5, true, null, 1.0, 10_000);
        new Trainer(options).train(network, train, test, new Trainer.Listener() { }, () -> false);

        for (var q : network.quantizers()) {
            float expected = q.name().endsWith("kernel") ? 4 : 3;
            assertThat(io.hgq4j.quantizer.nn.NdCopy.floats(q.f().value())).as(q.name()).containsOnly(expected);
        }
        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, train.features(), 1.0, 256);
        Emulator.Result emulated = Emulator.of(calibrated.toFirmwareModel("digits", Map.of(), Map.of()))
                .run(test.features().toArray(), test.count(), 2);
        assertThat(accuracy(emulated, test)).isGreaterThan(0.9);
    }

    /** The bundled digits split 70/10/20 and standard-scaled on the training part. */
    private static Split digits() {
        Split split = Splits.stratified(Datasets.digits(), 0.7, 0.1, 0.2, 1);
        StandardScaler scaler = StandardScaler.fit(split.train());
        return new Split(scaler.apply(split.train()), scaler.apply(split.validation()), scaler.apply(split.test()));
    }

    private static double accuracy(Emulator.Result result, Dataset data) {
        int correct = 0;
        for (int s = 0; s < data.count(); s++) {
            double[] y = result.values(s);
            int best = 0;
            for (int j = 1; j < y.length; j++) {
                if (y[j] > y[best]) {
                    best = j;
                }
            }
            correct += best == data.label(s) ? 1 : 0;
        }
        return (double) correct / data.count();
    }
}

package io.hgq4j.quantizer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.data.Datasets;
import io.hgq4j.quantizer.data.Split;
import io.hgq4j.quantizer.data.Splits;
import io.hgq4j.quantizer.data.StandardScaler;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.NdCopy;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A run stopped after an epoch and resumed from its state ends exactly where an uninterrupted run ends. */
class ResumeTest {

    private static Dataset train;
    private static Dataset validation;

    private static final NetworkSpec SPEC = new NetworkSpec(List.of(
            new LayerSpec.InputSpec("in", new int[] {64}),
            new LayerSpec.DenseSpec("d1", List.of(), 16, true, Activation.RELU),
            new LayerSpec.DropoutSpec("drop", List.of(), 0.1),
            new LayerSpec.DenseSpec("out", List.of(), 10, false, Activation.LINEAR)));

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        Split split = Splits.stratified(Datasets.digits(), 0.5, 0.2, 0.3, 3);
        StandardScaler scaler = StandardScaler.fit(split.train());
        train = scaler.apply(split.train());
        validation = scaler.apply(split.validation());
    }

    private static TrainingOptions options(Path runDir) {
        return new TrainingOptions("digits", 5, 128, new LearningRate(3e-3, 2, 1, 0.9, 0.01),
                BetaSchedule.ramp(1e-6, 1e-4, 0, 5, true), 0, 1e-6, 11, true, runDir, 1.0, 10_000);
    }

    @Test
    void resumedRunMatchesUninterruptedRun() throws IOException {
        Path straight = dir.resolve("straight");
        Network a = SPEC.build(QuantizerSettings.HGQ, 11);
        new Trainer(options(straight)).train(a, train, validation, new Trainer.Listener() { }, () -> false);

        Path interrupted = dir.resolve("interrupted");
        Network b = SPEC.build(QuantizerSettings.HGQ, 11);
        AtomicBoolean stop = new AtomicBoolean();
        new Trainer(options(interrupted)).train(b, train, validation, new Trainer.Listener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double loss) {
                stop.set(epoch == 2 && batch == 1); // stopped inside the third epoch: two stand
            }
        }, stop::get);
        Network c = SPEC.build(QuantizerSettings.HGQ, 11); // same seed (dropout's stream), scrambled values:
        c.state().values().forEach(v -> v.addi(0.25)); // every value must come from the state file
        TrainingProgress progress = CheckpointFile.readProgress(interrupted.resolve(Trainer.STATE), c,
                options(interrupted), interrupted);
        assertThat(progress.epochsDone()).isEqualTo(2);
        new Trainer(options(interrupted)).train(c, train, validation, progress, new Trainer.Listener() { }, () -> false);

        assertThat(withoutTimings(interrupted.resolve(Trainer.METRICS)))
                .isEqualTo(withoutTimings(straight.resolve(Trainer.METRICS)))
                .hasSize(6);
        assertThat(values(c)).containsExactlyEntriesOf(values(a));
        assertThat(files(interrupted.resolve(Trainer.PARETO))).isEqualTo(files(straight.resolve(Trainer.PARETO)))
                .isNotEmpty();
    }

    @Test
    void networkCheckpointRoundTripsAndRejectsAnotherNetwork() throws IOException {
        Network a = SPEC.build(QuantizerSettings.HGQ, 1);
        Path file = dir.resolve("net.ckpt");
        CheckpointFile.writeNetwork(file, a);
        Network b = SPEC.build(QuantizerSettings.HGQ, 2);
        assertThat(values(b)).isNotEqualTo(values(a));
        CheckpointFile.readNetwork(file, b);
        assertThat(values(b)).containsExactlyEntriesOf(values(a));

        Network other = new NetworkSpec(List.of(new LayerSpec.InputSpec("in", new int[] {64}),
                new LayerSpec.DenseSpec("d1", List.of(), 8, false, Activation.RELU))).build(QuantizerSettings.HGQ, 1);
        assertThatThrownBy(() -> CheckpointFile.readNetwork(file, other)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString()).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> CheckpointFile.readProgress(file, b, options(dir), dir))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("cannot be resumed");
    }

    @Test
    void corruptCheckpointsGiveOneLineErrors() throws IOException {
        Network a = SPEC.build(QuantizerSettings.HGQ, 1);
        Path file = dir.resolve("net.ckpt");
        CheckpointFile.writeNetwork(file, a);
        byte[] good = Files.readAllBytes(file);
        Random random = new Random(5);
        Path bad = dir.resolve("bad.ckpt");
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = trial < 100
                    ? java.util.Arrays.copyOf(good, random.nextInt(good.length))
                    : flip(good, random);
            Files.write(bad, bytes);
            Network b = SPEC.build(QuantizerSettings.HGQ, 2);
            try {
                CheckpointFile.readNetwork(bad, b);
            } catch (CheckpointException e) {
                assertThat(e.getMessage()).contains(bad.toString()).doesNotContain("\n");
            }
        }
    }

    private static byte[] flip(byte[] good, Random random) {
        byte[] bytes = good.clone();
        int i = random.nextInt(bytes.length);
        bytes[i] ^= (byte) (1 << random.nextInt(8));
        return bytes;
    }

    private static Map<String, List<Double>> values(Network n) {
        return n.state().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> {
            INDArray v = e.getValue();
            return java.util.Arrays.stream(NdCopy.doubles(v)).boxed().toList();
        }, (x, y) -> x, java.util.TreeMap::new));
    }

    private static List<String> withoutTimings(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(line -> {
            String[] f = line.split(",", -1);
            f[6] = "";
            return String.join(",", f);
        }).toList();
    }

    private static List<String> files(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

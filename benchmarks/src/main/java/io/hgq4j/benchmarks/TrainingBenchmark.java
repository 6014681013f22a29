package io.hgq4j.benchmarks;

import io.hgq4j.model.ir.Padding;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.NativeThreads;
import io.hgq4j.quantizer.nn.NdCopy;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import io.hgq4j.quantizer.train.Adam;
import io.hgq4j.quantizer.train.TrainingStep;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput, HGQ against plain float training of the same network in the same run, on the networks of the
 * PyTorch anchor ({@code ../shared/research/torch_anchor.md}): the jet MLP (16 → 64 → 32 → 32 → 5, batch norm on the
 * hidden layers, 200,000 random samples) at batch 1,024 and 33,200, and the MNIST CNN (28×28 → conv 4×3×3 → pool →
 * conv 4×3×3 → pool → 32 → 10, random pixels) at batch 256. One operation is one {@link TrainingStep} (the step the
 * trainer runs) on a batch gathered from a shuffled order, as an epoch does; the {@code samples} counter gives
 * training samples per second.
 *
 * <p>Run from the project root: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar TrainingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TrainingBenchmark {

    /** The network and batch size. */
    @Param({"jet-1024", "jet-33200", "mnist_cnn-256"})
    public String workload;

    /** HGQ or float training. */
    @Param({"hgq", "float"})
    public String mode;

    /** Threads of ND4J's native ops and BLAS. */
    @Param({"1", "2"})
    public int threads;

    private TrainingStep step;
    private float[] features;
    private int[] labels;
    private int[] order;
    private int sampleSize;
    private long[] batchShape;
    private int batch;
    private int next;

    /** Samples trained, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Samples trained in this iteration. */
        public long samples;
    }

    @Setup(Level.Trial)
    public void build() {
        NativeThreads.limit(threads);
        boolean jet = workload.startsWith("jet");
        batch = Integer.parseInt(workload.substring(workload.indexOf('-') + 1));
        NetworkSpec spec = jet ? jet() : mnistCnn();
        boolean hgq = mode.equals("hgq");
        QuantizerSettings bits = jet ? QuantizerSettings.HGQ
                : QuantizerSettings.hgq(QuantizerSettings.HGQ.weightGranularity(),
                        QuantizerSettings.HGQ.activationGranularity(), 6, 6);
        Network network = spec.build(bits, 1);
        step = new TrainingStep(network, hgq, 2e-6, new Adam());
        int count = jet ? 200_000 : 60_000;
        sampleSize = jet ? 16 : 28 * 28;
        batchShape = jet ? new long[] {batch, 16} : new long[] {batch, 28, 28};
        SplittableRandom random = new SplittableRandom(7);
        features = new float[count * sampleSize];
        for (int i = 0; i < features.length; i++) {
            features[i] = jet ? (float) gaussian(random) : (float) random.nextDouble();
        }
        labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(jet ? 5 : 10);
        }
        order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** One training step on the next batch of the shuffled order. */
    @Benchmark
    public double step(Counters counters) {
        if (next + batch > order.length) {
            next = 0;
        }
        float[] rows = new float[batch * sampleSize];
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            int s = order[next + i];
            System.arraycopy(features, s * sampleSize, rows, i * sampleSize, sampleSize);
            y[i] = labels[s];
        }
        next += batch;
        INDArray x = NdCopy.of(rows, batchShape);
        counters.samples += batch;
        return step.classify(x, y, workload.startsWith("jet") ? 5e-3 : 1e-3, 1e-6);
    }

    private static NetworkSpec jet() {
        return new NetworkSpec(List.of(
                new LayerSpec.InputSpec("input", new int[] {16}),
                new LayerSpec.DenseSpec("dense_1", List.of(), 64, true, Activation.RELU),
                new LayerSpec.DenseSpec("dense_2", List.of(), 32, true, Activation.RELU),
                new LayerSpec.DenseSpec("dense_3", List.of(), 32, true, Activation.RELU),
                new LayerSpec.DenseSpec("dense_4", List.of(), 5, false, Activation.LINEAR)));
    }

    private static NetworkSpec mnistCnn() {
        return new NetworkSpec(List.of(
                new LayerSpec.InputSpec("input", new int[] {28, 28}),
                new LayerSpec.ReshapeSpec("reshape", List.of(), new int[] {28, 28, 1}),
                new LayerSpec.ConvSpec("conv_1", List.of(), 4, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false,
                        Activation.RELU),
                new LayerSpec.PoolSpec("pool_1", List.of(), true, new int[] {2, 2}, new int[] {2, 2}, Padding.VALID),
                new LayerSpec.ConvSpec("conv_2", List.of(), 4, new int[] {3, 3}, new int[] {1, 1}, Padding.VALID, false,
                        Activation.RELU),
                new LayerSpec.PoolSpec("pool_2", List.of(), true, new int[] {2, 2}, new int[] {2, 2}, Padding.VALID),
                new LayerSpec.FlattenSpec("flatten", List.of()),
                new LayerSpec.DenseSpec("dense_1", List.of(), 32, false, Activation.RELU),
                new LayerSpec.DenseSpec("dense_2", List.of(), 10, false, Activation.LINEAR)));
    }
}

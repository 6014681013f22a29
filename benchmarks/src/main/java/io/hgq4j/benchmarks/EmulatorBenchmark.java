package io.hgq4j.benchmarks;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.emulator.program.Program;
import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Emulator throughput, in inferences per second, on the two peer HGQ models imported from {@code ../shared/peers}:
 * the jet tagger on 10,000 rows of N(0, 1.5²) inputs and the MNIST CNN on the 10,000 MNIST test images (pixel/256).
 * Batch 1 is one {@link Program#run} call per operation (per thread, on its own workspace); batch 10,000 is one
 * {@link Emulator#run(double[], int, long[], int)} call, into a reused output buffer, on one thread or split across
 * all processors.
 *
 * <p>Run from the project root: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar}. Set {@code -Dhgq4j.shared.dir=...} (passed on to the forks with
 * {@code -jvmArgsAppend}) when the fixtures are elsewhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmulatorBenchmark {

    private static final int BATCH = 10_000;

    @Param({"jet", "mnist"})
    public String model;

    Emulator emulator;
    Program program;
    double[] inputs;
    long[] outputs;
    int processors;

    @Setup
    public void load() throws IOException {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        if (!Files.isDirectory(shared)) {
            shared = Path.of("..", "shared");
        }
        FirmwareModel firmware = KerasHgqImporter.read(shared.resolve("peers").resolve(
                model.equals("jet") ? "hgq_jet_classifier.h5" : "hgq_mnist_homogeneous.h5"));
        emulator = Emulator.of(firmware);
        program = emulator.program();
        processors = Runtime.getRuntime().availableProcessors();
        outputs = new long[BATCH * emulator.outputSize()];
        if (model.equals("jet")) {
            Random random = new Random(12345);
            inputs = new double[BATCH * emulator.inputSize()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = random.nextGaussian() * 1.5;
            }
        } else {
            inputs = SampleArrays.read(shared.resolve("data/mnist/t10k-images-idx3-ubyte.gz"), 1.0 / 256).toArray();
        }
    }

    /** One thread's workspace and position in the inputs. */
    @State(Scope.Thread)
    public static class Worker {
        long[] workspace;
        long[] overflow;
        long[] output;
        int next;

        @Setup
        public void allocate(EmulatorBenchmark b) {
            workspace = b.program.newWorkspace();
            overflow = b.program.newOverflowCounts();
            output = new long[b.program.outputSize()];
            next = (int) (Thread.currentThread().getId() * 7919 % BATCH);
        }
    }

    private long[] one(Worker w) {
        int sample = w.next;
        w.next = sample + 1 == BATCH ? 0 : sample + 1;
        program.run(inputs, sample * program.inputSize(), w.workspace, w.overflow, w.output, 0);
        return w.output;
    }

    /** Batch 1, one thread. */
    @Benchmark
    @Threads(1)
    public long[] batch1OneThread(Worker w) {
        return one(w);
    }

    /** Batch 1 on every processor, each thread with its own workspace. */
    @Benchmark
    @Threads(Threads.MAX)
    public long[] batch1AllThreads(Worker w) {
        return one(w);
    }

    /** Batch 10,000 on one thread. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public Emulator.Result batch10000OneThread() {
        return emulator.run(inputs, BATCH, outputs, 1);
    }

    /** Batch 10,000 split across every processor. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public Emulator.Result batch10000AllThreads() {
        return emulator.run(inputs, BATCH, outputs, processors);
    }
}

package io.hgq4j.benchmarks;

import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.Devices;
import io.hgq4j.runtime.EmulatedAccelerator;
import io.hgq4j.runtime.SampleCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host runtime's cost per batch on the jet tagger (built for a PYNQ-Z2), in µs per batch of 1 and 1,000 samples:
 * <ul>
 *   <li>{@code pack}: quantize and pack the inputs into bus words, and unpack the output words (the codec alone);</li>
 *   <li>{@code accelerator}: the emulated accelerator computing the batch on words (what the FPGA would do);</li>
 *   <li>{@code zynqEmulated}: the whole Zynq path — pack, the AXI DMA driver against the register-level emulated DMA
 *       (arm, start, poll, check), the accelerator, unpack;</li>
 *   <li>{@code emulator}: the emulator device (pack, accelerator, unpack; no DMA).</li>
 * </ul>
 * The host overhead of a batch is {@code zynqEmulated − accelerator}, taken in the same run.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * HostOverhead}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostOverheadBenchmark {

    @Param({"1", "1000"})
    public int batch;

    Path folder;
    Device zynq;
    Device emulator;
    EmulatedAccelerator accelerator;
    SampleCodec codec;
    float[] inputs;
    long[] codes;
    ByteBuffer inputWords;
    ByteBuffer outputWords;

    @Setup
    public void build() throws IOException {
        Path shared = Path.of(System.getProperty("hgq4j.shared.dir", "../shared"));
        FirmwareModel model = KerasHgqImporter.read(shared.resolve("peers/hgq_jet_classifier.h5"));
        folder = Files.createTempDirectory("hgq4j-bench");
        var board = BoardCatalog.builtIn().get("pynq-z2");
        new AcceleratorProject(model, board, Optional.empty(),
                new AcceleratorProject.Settings("jet", board.defaultClockPeriodNs(), 64, 4096))
                .write(folder, new double[][] {new double[16]}, HgqFile.toBytes(model));
        Artifact artifact = Artifact.open(folder);
        DeviceOptions quiet = DeviceOptions.defaults().withLog(line -> { });
        zynq = Devices.standard().open(artifact, quiet.withKind(DeviceKind.ZYNQ_EMULATED));
        emulator = Devices.standard().open(artifact, quiet.withKind(DeviceKind.EMULATOR));
        codec = emulator.codec();
        accelerator = new EmulatedAccelerator(artifact, codec);
        Random random = new Random(12345);
        inputs = new float[batch * codec.inputSize()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) (random.nextGaussian() * 1.5);
        }
        codes = new long[batch * codec.outputSize()];
        inputWords = codec.newInputBuffer(batch);
        outputWords = codec.newOutputBuffer(batch);
        codec.encode(inputs, 0, batch, inputWords);
        accelerator.process(inputWords, 0, outputWords, 0, batch);
    }

    @TearDown
    public void close() {
        zynq.close();
        emulator.close();
    }

    @Benchmark
    public long[] pack() {
        codec.encode(inputs, 0, batch, inputWords);
        codec.decode(outputWords, batch, codes, 0);
        return codes;
    }

    @Benchmark
    public ByteBuffer accelerator() {
        accelerator.process(inputWords, 0, outputWords, 0, batch);
        return outputWords;
    }

    @Benchmark
    public long[] zynqEmulated() {
        zynq.infer(inputs, batch, codes);
        return codes;
    }

    @Benchmark
    public long[] emulator() {
        emulator.infer(inputs, batch, codes);
        return codes;
    }
}

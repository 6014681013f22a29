package io.hgq4j.cli;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.Devices;
import io.hgq4j.runtime.Outputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j run BUILD --input X --output Y [--device ...]}: runs samples on a board, or on the emulator. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run samples through a compiled model on the best device available: an Alveo card (XRT), a",
            "Zynq board (PYNQ-style), or the bit-exact emulator; prints the device chosen and the latency.",
            "Inputs: .npy, .csv or IDX (optionally .gz), first axis = samples. Outputs: .npy or .csv."})
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "BUILD", description = "A build folder of hgq4j compile (or its hgq4j-build.json).")
    Path artifactPath;

    @Mixin
    SampleFileOptions files;

    @Option(names = "--device", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, xrt, zynq, zynq-emulated or emulator (default: ${DEFAULT-VALUE}: XRT, then Zynq, then the emulator).")
    String device;

    @Option(names = "--require-hardware", description = "Fail with the reasons instead of falling back to the emulator.")
    boolean requireHardware;

    @Option(names = "--xrt-device", paramLabel = "ID", defaultValue = "0",
            description = "XRT device index or PCIe BDF (default: ${DEFAULT-VALUE}).")
    String xrtDevice;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1024",
            description = "Samples per transfer (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "How long one batch may take on the device (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--check", description = "Also run the emulator and compare every output code (bit for bit).")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + ": expected at least 1");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("--timeout-ms " + timeoutMs + ": expected at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Artifact artifact = Artifact.open(artifactPath);
        SampleArray samples = files.read();
        DeviceOptions options = DeviceOptions.defaults()
                .withKind(device.equals("auto") ? null : DeviceKind.parse(device))
                .withRequireHardware(requireHardware).withXrtDevice(xrtDevice)
                .withTimeout(Duration.ofMillis(timeoutMs)).withLog(line -> {
                    out.println(line);
                    out.flush();
                });
        try (Device d = Devices.standard().open(artifact, options)) {
            int n = d.codec().inputSize();
            int m = d.codec().outputSize();
            if (samples.sampleSize() != n) {
                throw new IllegalArgumentException(files.input + ": samples have shape " + samples.sampleShape() + " ("
                        + samples.sampleSize() + " values); " + artifactPath + " takes " + n + " values per sample");
            }
            int count = samples.count();
            double[] inputs = samples.toArray();
            long[] codes = new long[count * m];
            int full = Math.min(batch, count);
            double[] batchInputs = new double[full * n];
            long[] batchCodes = new long[full * m];
            long start = System.nanoTime();
            for (int from = 0; from < count; from += batch) {
                int size = Math.min(batch, count - from);
                if (size < full) { // the last, shorter batch: the device takes arrays of exactly its length
                    batchInputs = new double[size * n];
                    batchCodes = new long[size * m];
                }
                System.arraycopy(inputs, from * n, batchInputs, 0, size * n);
                d.infer(batchInputs, size, batchCodes);
                System.arraycopy(batchCodes, 0, codes, from * m, size * m);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "ran %,d samples in %.3f s on %s: %.2f µs per sample on the host (batches of %d),"
                            + " %.1f ns per sample on the accelerator (%d cycles at %.1f MHz)%n", count, seconds,
                    d.info().kind(), seconds * 1e6 / count, Math.min(batch, count), d.info().latencyNs(),
                    d.info().latencyCycles(), d.info().clockMhz());
            if (check) {
                long[] expected = Emulator.of(artifact.model()).run(inputs, count,
                        Runtime.getRuntime().availableProcessors()).codes();
                long mismatches = 0;
                for (int i = 0; i < codes.length; i++) {
                    if (codes[i] != expected[i]) {
                        mismatches++;
                    }
                }
                out.printf(Locale.ROOT, "check against the emulator: %,d of %,d output codes differ%n", mismatches,
                        codes.length);
                if (mismatches > 0) {
                    out.flush();
                    return 1;
                }
            }
            if (files.output != null) {
                Outputs result = new Outputs(d.codec(), count, codes);
                double[] values = new double[codes.length];
                for (int s = 0; s < count; s++) {
                    System.arraycopy(result.values(s), 0, values, s * m, m);
                }
                var model = artifact.model();
                Shape shape = model.outputs().size() == 1 ? model.outputType(model.outputs().get(0)).shape() : Shape.of(m);
                SampleArrays.write(files.output, SampleArray.of(values, count, shape));
                out.printf("outputs written to %s%n", files.output);
            }
        }
        out.flush();
        return 0;
    }
}

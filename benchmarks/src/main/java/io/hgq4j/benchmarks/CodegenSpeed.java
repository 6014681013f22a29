package io.hgq4j.benchmarks;

import io.hgq4j.codegen.hls.HlsOptions;
import io.hgq4j.codegen.hls.HlsProject;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * How long the HLS backend takes on a large model, and how long g++ takes to build its C simulation: a
 * 16→500→500→500→500→500→5 dense network (1,011,000 weights of 4 to 8 bits, half of them zero). Prints the median of
 * {@code runs} generations (model to files on disk), then builds the testbench once with {@code g++ -O1} and runs it
 * on 100 random samples (it must report 0 mismatches against the emulator).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hgq4j.benchmarks.CodegenSpeed [runs] [folder]}.
 */
public final class CodegenSpeed {

    private CodegenSpeed() {
    }

    /** Builds the model, times generation and the g++ build. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("hgq4j-codegen-speed");
        FirmwareModel model = wideMlp(new SplittableRandom(42));
        SplittableRandom random = new SplittableRandom(7);
        double[][] samples = new double[100][16];
        for (double[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextDouble(-5, 5);
            }
        }
        double[] seconds = new double[runs];
        HlsProject project = null;
        for (int r = 0; r < runs; r++) {
            Path out = dir.resolve("run" + r);
            long start = System.nanoTime();
            project = HlsProject.generate(model, new HlsOptions("wide_mlp", HlsOptions.Target.ZYNQ_AXI_STREAM, 64));
            project.write(out, samples);
            seconds[r] = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "generation %d: %.2f s%n", r + 1, seconds[r]);
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "generation of a %,d-weight model: median %.2f s over %d runs%n", weights(model),
                seconds[runs / 2], runs);
        Path hls = dir.resolve("run0");
        long bytes;
        try (Stream<Path> files = Files.walk(hls.resolve("firmware"))) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "firmware sources: %,d bytes%n", bytes);
        List<String> command = new ArrayList<>(List.of("g++", "-std=c++14", "-O1", "-Iinclude", "-Ifirmware", "-o", "csim"));
        project.firmwareFiles().stream().filter(f -> f.endsWith(".cpp")).forEach(command::add);
        command.add(project.testbenchFile());
        long start = System.nanoTime();
        int status = run(command, hls);
        System.out.printf(Locale.ROOT, "g++ -O1 build: %.1f s (exit %d)%n", (System.nanoTime() - start) / 1e9, status);
        if (status == 0) {
            start = System.nanoTime();
            status = run(List.of("./csim"), hls);
            System.out.printf(Locale.ROOT, "testbench: %.1f s (exit %d)%n", (System.nanoTime() - start) / 1e9, status);
        }
        if (args.length < 2) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(status);
    }

    private static int run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        System.out.print(output.length() > 2000 ? output.substring(output.length() - 2000) : output);
        return status;
    }

    private static long weights(FirmwareModel model) {
        return model.layers().stream().filter(l -> l instanceof Dense).mapToLong(l -> ((Dense) l).kernel().size()).sum();
    }

    /** The network of the issue: random 4–8-bit weights, half zero; 8-bit activations after each ReLU. */
    static FirmwareModel wideMlp(SplittableRandom random) {
        int[] widths = {16, 500, 500, 500, 500, 500, 5};
        FirmwareModel.Builder b = FirmwareModel.builder("wide_mlp");
        FixedType in = FixedType.fromKif(1, 3, 4, Quantization.RND, Overflow.SAT);
        b.add(new Input("x", TensorType.uniform(Shape.of(16), in)));
        String previous = "x";
        for (int k = 1; k < widths.length; k++) {
            int n = widths[k - 1];
            int m = widths[k];
            FixedType[] types = new FixedType[n * m];
            BigInteger[] raw = new BigInteger[n * m];
            for (int i = 0; i < raw.length; i++) {
                boolean zero = random.nextBoolean();
                int bits = 4 + random.nextInt(5);
                types[i] = zero ? FixedType.ZERO : FixedType.signed(bits, 1);
                long code = zero ? 0 : random.nextLong(-(1L << (bits - 1)), 1L << (bits - 1));
                raw[i] = BigInteger.valueOf(code);
            }
            FixedTensor kernel = FixedTensor.of(TensorType.of(Shape.of(n, m), types), raw);
            BigInteger[] biasRaw = new BigInteger[m];
            Arrays.fill(biasRaw, BigInteger.ZERO);
            FixedTensor bias = FixedTensor.of(TensorType.uniform(Shape.of(m), FixedType.ZERO), biasRaw);
            String dense = "dense" + k;
            b.add(new Dense(dense, previous, kernel, bias));
            if (k + 1 < widths.length) {
                b.add(new Relu("relu" + k, dense));
                b.add(new Quantize("act" + k, "relu" + k, TensorType.uniform(Shape.of(m),
                        FixedType.fromKif(0, 4, 4, Quantization.RND, Overflow.SAT))));
                previous = "act" + k;
            } else {
                b.output(dense);
            }
        }
        return b.build();
    }
}

package io.hgq4j.cli;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.emulator.OverflowReport;
import io.hgq4j.emulator.timing.ModelTiming;
import io.hgq4j.emulator.timing.TimingModel;
import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j emulate MODEL.hgq --input X --output Y}: runs samples through the bit-exact emulator. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = {"Run samples through the bit-exact emulator of a .hgq model.",
            "Inputs and labels: .npy, .csv or IDX files (optionally .gz); the first axis is the sample axis.",
            "Outputs: .npy (float64, one row per sample) or .csv."})
final class EmulateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL.hgq", description = "The model file.")
    Path modelFile;

    @Mixin
    SampleFileOptions files;

    @Option(names = "--labels", paramLabel = "L", description = "Class labels, one per sample: prints the accuracy of the argmax.")
    Path labels;

    @Option(names = "--threads", paramLabel = "N", description = "Threads to use (default: all processors).")
    Integer threads;

    @Mixin
    ClockOptions clock;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FirmwareModel model = HgqFile.read(modelFile);
        Emulator emulator = Emulator.of(model);
        SampleArray samples = files.read();
        checkShape(model, emulator, samples);
        int[] expected = labels == null ? null : readLabels(samples.count());

        long start = System.nanoTime();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Emulator.Result result = emulator.run(samples.toArray(), samples.count(), threadCount);
        double seconds = (System.nanoTime() - start) / 1e9;

        PrintWriter out = spec.commandLine().getOut();
        out.printf("emulated %,d samples of %s in %.3f s (%,.0f samples/s, %d thread%s)%n", samples.count(), model.name(),
                seconds, samples.count() / seconds, result.threads(), result.threads() == 1 ? "" : "s");
        ModelTiming timing = new TimingModel(clock.clock()).estimate(model);
        out.printf("latency on the FPGA (estimate): %d cycles = %.1f ns per sample at %.0f MHz, II %d%n",
                timing.latencyCycles(), timing.latencyNs(), timing.clock().frequencyMhz(), timing.initiationInterval());
        reportOverflow(out, result.overflow());
        if (expected != null) {
            int correct = 0;
            for (int s = 0; s < samples.count(); s++) {
                if (result.argmax(s) == expected[s]) {
                    correct++;
                }
            }
            out.printf("accuracy: %,d of %,d correct (%.2f %%)%n", correct, samples.count(), 100.0 * correct / samples.count());
        }
        if (files.output != null) {
            double[] values = new double[result.codes().length];
            for (int s = 0; s < samples.count(); s++) {
                System.arraycopy(result.values(s), 0, values, s * emulator.outputSize(), emulator.outputSize());
            }
            SampleArrays.write(files.output, SampleArray.of(values, samples.count(), outputShape(model, emulator)));
            out.printf("outputs written to %s%n", files.output);
        }
        out.flush();
        return 0;
    }

    private void checkShape(FirmwareModel model, Emulator emulator, SampleArray samples) {
        if (samples.sampleSize() != emulator.inputSize()) {
            String expected = model.inputs().stream().map(i -> "'" + i.name() + "' " + i.type().shape())
                    .collect(Collectors.joining(" + "));
            throw new IllegalArgumentException(files.input + ": samples have shape " + samples.sampleShape() + " ("
                    + samples.sampleSize() + " values), but model '" + model.name() + "' takes " + expected + " ("
                    + emulator.inputSize() + " values)");
        }
    }

    private int[] readLabels(int count) throws IOException {
        SampleArray l = SampleArrays.read(labels);
        if (l.count() != count || l.sampleSize() != 1) {
            throw new ArrayFormatException(labels + ": expected " + count + " labels (one per input sample), found "
                    + l.count() + " samples of shape " + l.sampleShape());
        }
        int[] classes = new int[count];
        for (int s = 0; s < count; s++) {
            double v = l.value(s, 0);
            if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new ArrayFormatException(labels + ": label " + s + " is " + v + "; expected a class index 0, 1, 2, ...");
            }
            classes[s] = (int) v;
        }
        return classes;
    }

    private static Shape outputShape(FirmwareModel model, Emulator emulator) {
        List<String> outputs = model.outputs();
        return outputs.size() == 1 ? model.outputType(outputs.get(0)).shape() : Shape.of(emulator.outputSize());
    }

    private static void reportOverflow(PrintWriter out, OverflowReport report) {
        List<OverflowReport.LayerOverflow> fired = report.layers().stream().filter(l -> l.events() > 0).toList();
        if (fired.isEmpty()) {
            out.println("overflow: none (no input or quantizer had to wrap or saturate)");
            return;
        }
        out.println("overflow (conversions where WRAP or SAT acted):");
        for (OverflowReport.LayerOverflow l : fired) {
            out.printf("  %-24s %,12d of %,14d (%.4f %%)%n", l.layer(), l.events(), l.conversions(), 100 * l.rate());
        }
    }
}

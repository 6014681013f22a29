package io.hgq4j.cli;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.run.CheckpointExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hgq4j export CHECKPOINT -o MODEL.hgq}: calibrates a training checkpoint on the run's training data, writes the
 * firmware model, and proves it: the emulator runs the whole test set and must match the quantizer's own exact
 * inference on every output of every sample.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Calibrate a checkpoint of a training run and export it as a .hgq firmware model, verified",
            "bit for bit against the quantizer's inference on the run's test set.",
            "CHECKPOINT: a run folder (its last epoch), RUN_DIR/state.ckpt, or RUN_DIR/pareto/epoch-N.hgq|.ckpt."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    CheckpointSource source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.hgq", description = "The model file to write.")
    Path output;

    @Option(names = "--cover", paramLabel = "F", description = "Widen the calibrated ranges by F (default: the run's).")
    Double cover;

    @Option(names = "--threads", paramLabel = "N", description = "Emulator threads (default: all processors).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointExport checkpoint = source.open();
        CheckpointExport.Exported exported = checkpoint.calibrate(cover, source.samples);
        HgqFile.write(exported.model(), output);
        out.printf(Locale.ROOT, "%s -> %s: model %s, EBOPs %,.0f%n", checkpoint.checkpoint(), output, exported.model().name(),
                exported.ebops());

        Dataset test = checkpoint.data().test();
        Verification v = Verification.of(exported, test, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        out.printf(Locale.ROOT, "test set: %,d samples, %s%n", test.count(), v.metricText(test));
        out.printf(Locale.ROOT, "bit-exactness: %,d of %,d samples differ between the emulator and the quantizer%n",
                v.mismatches(), test.count());
        if (v.overflows() > 0) {
            out.printf(Locale.ROOT, "note: %,d values overflowed their calibrated range on the test set (they wrap, "
                    + "identically in the quantizer and the emulator)%n", v.overflows());
        }
        out.flush();
        if (v.mismatches() > 0) {
            throw new IllegalStateException("the exported model is not bit-exact with the quantizer on " + v.mismatches()
                    + " test samples (first: sample " + v.firstMismatch() + ")");
        }
        return 0;
    }

    /** The comparison of the emulated export with the quantizer's exact inference on a data set. */
    record Verification(long mismatches, int firstMismatch, long overflows, double metric) {

        static Verification of(CheckpointExport.Exported exported, Dataset data, int threads) {
            double[] exact = exported.calibrated().infer(data.features());
            Emulator.Result emulated = Emulator.of(exported.model()).run(data.features().toArray(), data.count(), threads);
            int outputs = emulated.program().outputSize();
            long mismatches = 0;
            int first = -1;
            double[] predictions = new double[data.count() * outputs];
            for (int s = 0; s < data.count(); s++) {
                double[] e = emulated.values(s);
                System.arraycopy(e, 0, predictions, s * outputs, outputs);
                if (!Arrays.equals(e, Arrays.copyOfRange(exact, s * outputs, (s + 1) * outputs))) {
                    mismatches++;
                    first = first < 0 ? s : first;
                }
            }
            return new Verification(mismatches, first, emulated.overflow().totalEvents(), metric(predictions, data));
        }

        /** The accuracy (classification) or MSE of emulated outputs on {@code data}. */
        static double metric(Emulator.Result result, Dataset data) {
            int outputs = result.program().outputSize();
            double[] predictions = new double[data.count() * outputs];
            for (int s = 0; s < data.count(); s++) {
                System.arraycopy(result.values(s), 0, predictions, s * outputs, outputs);
            }
            return metric(predictions, data);
        }

        String metricText(Dataset data) {
            return data.isClassification() ? String.format(Locale.ROOT, "accuracy %.2f %%", 100 * metric)
                    : String.format(Locale.ROOT, "MSE %.5g", metric);
        }

        private static double metric(double[] outputs, Dataset data) {
            int width = outputs.length / Math.max(1, data.count());
            double sum = 0;
            if (data.isClassification()) {
                for (int s = 0; s < data.count(); s++) {
                    int best = 0;
                    for (int j = 1; j < width; j++) {
                        if (outputs[s * width + j] > outputs[s * width + best]) {
                            best = j;
                        }
                    }
                    sum += best == data.label(s) ? 1 : 0;
                }
                return sum / data.count();
            }
            double[] targets = data.targets().toArray();
            for (int i = 0; i < outputs.length; i++) {
                sum += (outputs[i] - targets[i]) * (outputs[i] - targets[i]);
            }
            return sum / data.count();
        }
    }
}

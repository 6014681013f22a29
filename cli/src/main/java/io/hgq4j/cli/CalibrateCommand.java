package io.hgq4j.cli;

import io.hgq4j.model.format.HgqFile;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.run.CheckpointExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hgq4j calibrate CHECKPOINT --cover 1,1.1,1.25}: compares calibrations of a checkpoint. A wider cover factor
 * costs bits (EBOPs) and saves the samples whose values would otherwise wrap; this prints both for each factor.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate a checkpoint of a training run with one or more cover factors and print, for each,",
            "the EBOPs, the test metric of the exact inference and the values that leave their range.",
            "CHECKPOINT: a run folder, RUN_DIR/state.ckpt, or RUN_DIR/pareto/epoch-N.hgq|.ckpt."})
final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    CheckpointSource source;

    @Option(names = "--cover", paramLabel = "F", split = ",", description = "Cover factors to try (default: the run's).")
    List<Double> covers;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.hgq",
            description = "Write the model of the (last) cover factor; `hgq4j export` also verifies it.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        CheckpointExport checkpoint = source.open();
        Dataset test = checkpoint.data().test();
        out.printf("%s, test set of %,d samples%n", checkpoint.checkpoint(), test.count());
        out.printf("  %8s  %12s  %12s  %10s%n", "cover", "EBOPs", test.isClassification() ? "accuracy" : "MSE", "overflows");
        List<Double> factors = covers == null || covers.isEmpty() ? java.util.Collections.singletonList(null) : covers;
        CheckpointExport.Exported last = null;
        for (Double cover : factors) {
            last = checkpoint.calibrate(cover, source.samples);
            ExportCommand.Verification v = ExportCommand.Verification.of(last, test, Runtime.getRuntime().availableProcessors());
            String metric = test.isClassification() ? String.format(Locale.ROOT, "%.2f %%", 100 * v.metric())
                    : String.format(Locale.ROOT, "%.5g", v.metric());
            out.printf(Locale.ROOT, "  %8.3f  %,12.0f  %12s  %,10d%n", cover == null ? checkpoint.config().training().coverFactor()
                    : cover, last.ebops(), metric, v.overflows());
            out.flush();
        }
        if (output != null) {
            HgqFile.write(last.model(), output);
            out.printf("written: %s%n", output);
        }
        out.flush();
        return 0;
    }
}

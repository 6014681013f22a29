package io.hgq4j.cli;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.run.ConfigException;
import io.hgq4j.quantizer.run.DataConfig;
import io.hgq4j.quantizer.run.RunConfig;
import io.hgq4j.quantizer.run.TrainingRun;
import io.hgq4j.quantizer.train.Trainer;
import io.hgq4j.quantizer.nn.NativeThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hgq4j pareto RUN_DIR...}: the Pareto checkpoints of one or more runs, each exported model run by the emulator
 * on its run's test set, as one table sorted by EBOPs; with several runs (HGQ against uniform baselines, say), the
 * models no other run beats are marked.
 */
@Command(name = "pareto", mixinStandardHelpOptions = true,
        description = {"List the Pareto checkpoints of training runs with their test metric (the exported model run by",
            "the emulator on the run's test set) and exact EBOPs; '*' marks the models on the joint front."})
final class ParetoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run folders written by hgq4j train.")
    List<Path> runs;

    @Option(names = "--markdown", description = "Print a Markdown table.")
    boolean markdown;

    @Spec
    CommandSpec spec;

    /** One exported checkpoint with its figures. */
    record Row(String run, Path model, int epoch, double validation, double test, double ebops, boolean classification) {
    }

    @Override
    public Integer call() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path run : runs) {
            rows.addAll(rows(run));
        }
        rows.sort(Comparator.comparingDouble(Row::ebops));
        NativeThreads.defaultToOne();
        PrintWriter out = spec.commandLine().getOut();
        String metric = rows.isEmpty() || rows.get(0).classification() ? "accuracy" : "MSE";
        if (markdown) {
            out.printf("| run | epoch | EBOPs | validation %s | test %s | joint front |%n|---|---:|---:|---:|---:|:-:|%n",
                    metric, metric);
        } else {
            out.printf("%-24s %6s %12s %12s %12s  %s%n", "run", "epoch", "EBOPs", "val " + metric, "test " + metric, "front");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            double score = r.classification() ? r.test() : -r.test();
            boolean front = score > best;
            best = Math.max(best, score);
            String val = format(r.validation(), r.classification());
            String test = format(r.test(), r.classification());
            if (markdown) {
                out.printf(Locale.ROOT, "| %s | %d | %,.0f | %s | %s | %s |%n", r.run(), r.epoch(), r.ebops(), val, test,
                        front ? "*" : "");
            } else {
                out.printf(Locale.ROOT, "%-24s %6d %,12.0f %12s %12s  %s%n", r.run(), r.epoch(), r.ebops(), val, test,
                        front ? "*" : "");
            }
        }
        out.flush();
        return 0;
    }

    private static String format(double metric, boolean classification) {
        return classification ? String.format(Locale.ROOT, "%.2f %%", 100 * metric) : String.format(Locale.ROOT, "%.5g", metric);
    }

    private static List<Row> rows(Path run) throws IOException {
        Path configFile = run.resolve(TrainingRun.CONFIG);
        if (!Files.exists(configFile)) {
            throw new ConfigException(run + ": not a run folder (no " + TrainingRun.CONFIG + ")");
        }
        RunConfig config = RunConfig.read(configFile);
        DataConfig.Prepared data = config.data().prepare(run);
        Dataset test = data.test();
        double[] features = test.features().toArray();
        List<Row> rows = new ArrayList<>();
        Path pareto = run.resolve(Trainer.PARETO);
        if (!Files.isDirectory(pareto)) {
            return rows;
        }
        List<Path> models;
        try (Stream<Path> files = Files.list(pareto)) {
            models = files.filter(p -> p.getFileName().toString().endsWith(".hgq")).sorted().toList();
        }
        for (Path file : models) {
            FirmwareModel model = HgqFile.read(file);
            Emulator.Result result = Emulator.of(model).run(features, test.count(), Runtime.getRuntime().availableProcessors());
            double metric = ExportCommand.Verification.metric(result, test);
            rows.add(new Row(run.getFileName().toString(), file, model.metrics().getOrDefault("epoch", Double.NaN).intValue(),
                    model.metrics().getOrDefault("validation_metric", Double.NaN), metric,
                    model.metrics().getOrDefault("ebops", Double.NaN), test.isClassification()));
        }
        return rows;
    }
}

package io.hgq4j.report;

import io.hgq4j.codegen.report.LayerEstimate;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the report page of a training run folder or of a {@code .hgq} model.
 *
 * <p>For a run, the page shows the Pareto front (with any baselines) and the training curves, then describes one
 * checkpoint: the one {@link ReportOptions#checkpoint()} names, else the Pareto checkpoint with the best validation
 * metric. For a model file, the training sections are left out and the page says so. The model sections are a
 * header table, bit-width histograms and heat maps, per-layer EBOPs/LUT/FF/latency and the fit on the board.
 */
public final class ReportGenerator {

    private ReportGenerator() {
    }

    /**
     * What was written.
     *
     * @param output     the page
     * @param model      the model described (null: the run has no checkpoint)
     * @param checkpoint the run's checkpoint described (null for a .hgq file or a run without checkpoints)
     * @param figures    how many images the page embeds
     * @param training   whether the page has the training sections
     */
    public record Summary(Path output, String model, String checkpoint, int figures, boolean training) {
    }

    /**
     * Writes the report of {@code input} (a run folder or a .hgq file) to {@code output}.
     *
     * @throws NoSuchFileException if {@code input} does not exist
     * @throws ReportException     if a run's files are malformed or the checkpoint is unknown
     * @throws IOException         if a file cannot be read or the page cannot be written
     */
    public static Summary write(Path input, Path output, ReportOptions options) throws IOException {
        if (!Files.exists(input)) {
            throw new NoSuchFileException(input.toString());
        }
        int[] figures = {0};
        if (Files.isDirectory(input)) {
            RunHistory run = RunHistory.read(input);
            List<RunHistory> runs = new ArrayList<>();
            runs.add(run);
            for (Path b : options.baselines()) {
                runs.add(RunHistory.read(b));
            }
            Optional<RunHistory.Checkpoint> chosen = run.choose(options.checkpoint());
            FirmwareModel model = chosen.isPresent() ? HgqFile.read(chosen.get().file()) : null;
            HtmlReport page = new HtmlReport("hgq4j report: run " + run.name());
            page.paragraph("Run folder " + input + " (quantizer mode " + run.mode() + ", " + run.epochs().size()
                    + " epochs, " + run.checkpoints().size() + " Pareto checkpoints)"
                    + (options.baselines().isEmpty() ? "." : "; baselines: " + String.join(", ",
                            runs.subList(1, runs.size()).stream().map(RunHistory::label).toList()) + "."));
            ModelAnalysis analysis = model == null ? null : ModelAnalysis.of(model, options.board(), options.effectiveClock());
            if (analysis != null) {
                summary(page, analysis, chosen.get().file(), chosen.get(),
                        (options.checkpoint() == null ? "the Pareto checkpoint with the best validation metric: "
                                : "the checkpoint asked for: ") + chosen.get().name());
            } else {
                page.section("summary", "Summary", "").note("The run has no Pareto checkpoint yet (" + RunHistory.PARETO
                        + "/ is empty or missing), so there is no model to describe; only the training sections follow.")
                        .endSection();
            }
            training(page, runs, chosen.orElse(null), figures);
            if (analysis != null) {
                modelSections(page, analysis, figures);
            }
            page.write(output);
            return new Summary(output, model == null ? null : model.name(), chosen.map(RunHistory.Checkpoint::name).orElse(null),
                    figures[0], true);
        }
        if (!options.baselines().isEmpty() || options.checkpoint() != null) {
            throw new ReportException(input + ": --baseline and --checkpoint need a run folder, not a model file");
        }
        FirmwareModel model = HgqFile.read(input);
        ModelAnalysis analysis = ModelAnalysis.of(model, options.board(), options.effectiveClock());
        HtmlReport page = new HtmlReport("hgq4j report: model " + model.name());
        page.paragraph("Model file " + input + ".");
        summary(page, analysis, input, null, null);
        page.note("No training history: this report was made from a .hgq file alone, so it has no Pareto front and no "
                + "training curves. Run hgq4j report on the run folder written by hgq4j train to see them.");
        modelSections(page, analysis, figures);
        page.write(output);
        return new Summary(output, model.name(), null, figures[0], false);
    }

    private static void summary(HtmlReport page, ModelAnalysis a, Path file, RunHistory.Checkpoint checkpoint,
                                String chosenBy) {
        FirmwareModel m = a.model();
        LayerEstimate t = a.total();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", m.name()));
        rows.add(List.of("file", file.toString()));
        if (chosenBy != null) {
            rows.add(List.of("checkpoint", chosenBy));
        }
        rows.add(List.of("layers", Integer.toString(m.layers().size())));
        rows.add(List.of("EBOPs", group(a.cost().totalEbops())));
        rows.add(metricRow(m, checkpoint));
        rows.add(List.of("estimated LUT", group(t.lut())));
        rows.add(List.of("estimated FF", group(t.ff())));
        rows.add(List.of("estimated DSP", group(t.dsp())));
        rows.add(List.of("latency", a.timing().latencyCycles() + " cycles"));
        rows.add(List.of("latency at " + number(a.timing().clock().frequencyMhz()) + " MHz",
                number(a.timing().latencyNs()) + " ns"));
        rows.add(List.of("initiation interval", a.timing().initiationInterval() + " cycles"));
        rows.add(List.of("board", a.board().name() + " (" + a.board().part() + ")"
                + (a.report().fits() ? ": fits" : ": does NOT fit")));
        page.section("summary", "Summary", "The model the page describes, its cost and its estimated implementation on "
                + "the board (estimates as hgq4j compile makes them, not synthesis results).");
        page.table(List.of(), rows);
        page.endSection();
    }

    /** The test metric when the model records one, else the checkpoint's exact validation metric, else unknown. */
    private static List<String> metricRow(FirmwareModel m, RunHistory.Checkpoint checkpoint) {
        Double test = m.metrics().get("test_metric");
        if (test != null) {
            return List.of("test metric", number(test));
        }
        double validation = checkpoint != null ? checkpoint.metric() : m.metrics().getOrDefault("validation_metric", Double.NaN);
        if (!Double.isNaN(validation)) {
            return List.of("validation metric (exact, at training)", number(validation));
        }
        return List.of("test metric", "unknown (not recorded in the model; hgq4j pareto RUN_DIR measures it)");
    }

    private static void training(HtmlReport page, List<RunHistory> runs, RunHistory.Checkpoint chosen, int[] figures) {
        page.section("pareto", "Pareto front", "The trade-off the run found between accuracy and hardware cost: the "
                + "Pareto checkpoints, each no worse in both EBOPs and validation metric than any checkpoint before it.");
        Optional<Figure> pareto = ParetoChart.of(runs, chosen);
        if (pareto.isPresent()) {
            add(page, pareto.get(), false, figures);
        } else {
            page.note("No Pareto checkpoint with a known metric and positive EBOPs to draw.");
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunHistory run : runs) {
            for (RunHistory.Checkpoint c : run.checkpoints()) {
                rows.add(List.of(run.label(), c.name(), group(Math.round(c.ebops())), number(c.metric()),
                        c.equals(chosen) ? "described below" : ""));
            }
        }
        if (!rows.isEmpty()) {
            page.table(List.of("run", "checkpoint", "EBOPs", "validation metric", ""), rows);
        }
        page.endSection();
        page.section("training-curves", "Training curves", "How the run's figures moved epoch by epoch (from "
                + RunHistory.METRICS + ").");
        List<Figure> curves = TrainingCurves.of(runs.get(0));
        if (curves.isEmpty()) {
            page.note(RunHistory.METRICS + " has no epochs yet.");
        }
        curves.forEach(f -> add(page, f, true, figures));
        page.endSection();
    }

    private static void modelSections(HtmlReport page, ModelAnalysis a, int[] figures) {
        FirmwareModel m = a.model();
        page.section("bitwidths", "Bit widths", "The widths of the fixed-point types of the firmware model: what HGQ "
                + "chose per weight and per activation (from the model's types, not from training logs).");
        BitwidthCharts.weightHistogram(m).ifPresent(f -> add(page, f, false, figures));
        BitwidthCharts.activationHistogram(m).ifPresent(f -> add(page, f, false, figures));
        List<Figure> heat = BitwidthCharts.weightHeatMaps(m);
        heat.forEach(f -> add(page, f, false, figures));
        if (heat.isEmpty()) {
            page.note("The model has no Dense or Conv layer, so no weights.");
        }
        int omitted = BitwidthCharts.omittedHeatMaps(m);
        if (omitted > 0) {
            page.note(omitted + " further weight layer(s) have no heat map (the page shows the first "
                    + BitwidthCharts.MAX_HEAT_MAPS + ").");
        }
        page.endSection();

        page.section("resources", "Resources and latency per layer", "Where the cost sits: EBOPs, estimated LUT/FF/DSP "
                + "and pipeline latency of each layer at " + number(a.timing().clock().frequencyMhz()) + " MHz.");
        ResourceCharts.of(a).forEach(f -> add(page, f, false, figures));
        List<List<String>> rows = new ArrayList<>();
        for (LayerEstimate l : a.report().layers()) {
            rows.add(List.of(l.layer(), l.op(), group(l.ebops()), group(l.lut()), group(l.ff()), group(l.dsp()),
                    Integer.toString(l.latency()), Integer.toString(l.ii())));
        }
        LayerEstimate t = a.total();
        rows.add(List.of("total", "", group(t.ebops()), group(t.lut()), group(t.ff()), group(t.dsp()),
                Integer.toString(t.latency()), Integer.toString(t.ii())));
        page.table(List.of("layer", "op", "EBOPs", "LUT", "FF", "DSP", "latency (cycles)", "II"), rows);
        page.endSection();

        page.section("board", "Fit on " + a.board().name(), "The estimated resources against those of "
                + a.board().name() + " (" + a.board().description() + "); choose another board with --board.");
        add(page, BoardFit.chart(a), false, figures);
        List<List<String>> fit = new ArrayList<>();
        for (BoardFit.Usage u : BoardFit.usage(a)) {
            fit.add(List.of(u.name(), group(u.used()), group(u.available()),
                    Double.isInfinite(u.percent()) ? "∞" : String.format(Locale.ROOT, "%.1f %%", u.percent())));
        }
        page.table(List.of("resource", "used (estimate)", "available", "share"), fit);
        page.endSection();
    }

    private static void add(HtmlReport page, Figure f, boolean small, int[] figures) {
        page.figure(f, small);
        figures[0]++;
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** A figure without needless decimals. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "unknown";
        }
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.4g", x);
    }
}

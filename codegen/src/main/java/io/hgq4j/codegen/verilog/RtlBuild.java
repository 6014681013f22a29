package io.hgq4j.codegen.verilog;

import io.hgq4j.boards.Board;
import io.hgq4j.emulator.timing.RtlTimingModel;
import io.hgq4j.model.cmvm.AdderGraph;
import io.hgq4j.model.cmvm.LayerProblem;
import io.hgq4j.model.cost.LayerCost;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Verilog project as {@code hgq4j compile --target verilog} writes it: the design and testbench ({@link RtlProject}),
 * the build manifest, and a report of EBOPs, adders, adder depth and latency per layer, with Yosys cell counts when
 * asked ({@code synth/}).
 *
 * @param model         the model
 * @param board         the board (its part and clock go into the manifest; the Verilog itself is board-independent)
 * @param options       design options
 * @param clockPeriodNs the target clock period, for latencies in ns
 */
public record RtlBuild(FirmwareModel model, Board board, RtlOptions options, double clockPeriodNs) {

    /** What was written. */
    public record Written(RtlProject project, BuildManifest manifest, String report, List<Path> files) {
    }

    /** Per-layer figures of the report. */
    public record LayerFigures(String layer, String op, long ebops, long adders, long naiveAdders, int depth, int latency) {
    }

    /**
     * Writes the project into {@code out}; with {@code synth} also runs yosys (its files in {@code out/synth}).
     *
     * @param samples   testbench inputs (real values, one row per sample)
     * @param modelFile the model file's bytes: stored as {@value BuildManifest#MODEL_FILE}, their SHA-256 recorded in
     *                  the manifest
     */
    public Written write(Path out, double[][] samples, byte[] modelFile, boolean synth) throws IOException {
        RtlProject project = RtlProject.generate(model, options);
        String modelSha256 = BuildManifest.storeModel(out, modelFile);
        List<Path> files = new ArrayList<>(project.write(out, samples));
        files.add(out.resolve(BuildManifest.MODEL_FILE));
        List<LayerFigures> figures = figures();
        StringBuilder report = new StringBuilder(table(project, figures));
        long lut = -1;
        long ff = -1;
        long dsp = -1;
        if (synth) {
            Synthesis s = Synthesis.run(project, out, figures);
            report.append(s.text());
            lut = s.lut();
            ff = s.ff();
            dsp = s.dsp();
            files.addAll(s.files());
        }
        long ebops = figures.stream().mapToLong(LayerFigures::ebops).sum();
        BuildManifest manifest = new BuildManifest(BuildManifest.FORMAT, BuildManifest.VERSION, options.project(),
                model.name(), modelSha256, board.name(), board.part(), "verilog-axi-stream", clockPeriodNs,
                BuildManifest.Port.of(String.join(",", model.inputs().stream().map(Input::name).toList()),
                        project.inputLayout()),
                BuildManifest.Port.of(String.join(",", model.outputs()), project.outputLayout()),
                project.latency(), 1, new BuildManifest.Estimate(ebops, lut, ff, dsp, 0),
                Map.of("model", BuildManifest.MODEL_FILE));
        files.add(manifest.write(out));
        Path reportFile = out.resolve("report.txt");
        Files.writeString(reportFile, report.toString());
        files.add(reportFile);
        return new Written(project, manifest, report.toString(), files);
    }

    /** EBOPs, adders (shared and naive), depth and latency per layer. */
    public List<LayerFigures> figures() {
        RtlTimingModel timing = new RtlTimingModel(options.pipelineEvery(), options.cmvm());
        ModelCost cost = ModelCost.of(model);
        List<LayerFigures> rows = new ArrayList<>();
        for (int k = 0; k < model.layers().size(); k++) {
            Layer layer = model.layers().get(k);
            if (layer instanceof Input) {
                continue;
            }
            LayerCost c = cost.layers().get(k);
            long adders = 0;
            long naive = 0;
            int depth = 0;
            if (layer instanceof Dense || layer instanceof Conv) {
                Map<LayerProblem, AdderGraph> graphs = timing.graphs(model, layer);
                Map<LayerProblem, AdderGraph> naiveGraphs = new LinkedHashMap<>();
                for (LayerProblem p : LayerProblem.of(model, layer)) {
                    AdderGraph g = graphs.get(p);
                    adders += g.adderCount();
                    depth = Math.max(depth, RtlTimingModel.levels(g));
                    naive += naiveGraphs.computeIfAbsent(p, q -> AdderGraph.naive(q.matrix(), q.inputLo(), q.inputHi()))
                            .adderCount();
                }
            }
            rows.add(new LayerFigures(layer.name(), layer.op(), c.ebops(), adders, naive, depth,
                    timing.latency(model, layer)));
        }
        return rows;
    }

    private String table(RtlProject project, List<LayerFigures> rows) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "model %s as Verilog (%s), registers every %d adder level(s)%n", model.name(),
                options.project(), options.pipelineEvery()));
        int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.layer().length()).max().orElse(5));
        String format = "%-" + nameWidth + "s %-12s %10s %10s %12s %6s %8s%n";
        s.append(String.format(Locale.ROOT, format, "layer", "op", "EBOPs", "adders", "naive adders", "depth", "latency"));
        for (LayerFigures r : rows) {
            s.append(String.format(Locale.ROOT, format, r.layer(), r.op(), group(r.ebops()), group(r.adders()),
                    group(r.naiveAdders()), r.depth(), r.latency()));
        }
        long adders = rows.stream().mapToLong(LayerFigures::adders).sum();
        long naive = rows.stream().mapToLong(LayerFigures::naiveAdders).sum();
        s.append(String.format(Locale.ROOT, format, "total", "", group(rows.stream().mapToLong(LayerFigures::ebops).sum()),
                group(adders), group(naive), "", project.latency()));
        if (naive > 0) {
            s.append(String.format(Locale.ROOT, "shared subexpressions: %,d adders instead of %,d (%.1f %% fewer)%n",
                    adders, naive, 100.0 * (naive - adders) / naive));
        }
        s.append(String.format(Locale.ROOT, "latency %d cycles = %.1f ns at %.1f MHz on %s, II 1; through the AXI-Stream "
                        + "wrapper %d cycles from the last input word to the first output word%n", project.latency(),
                project.latency() * clockPeriodNs, 1000 / clockPeriodNs, board.name(), project.wrapperLatency()));
        return s.toString();
    }

    static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}

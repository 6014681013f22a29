package io.hgq4j.cli;

import io.hgq4j.boards.Board;
import io.hgq4j.emulator.timing.Clock;
import io.hgq4j.report.ReportGenerator;
import io.hgq4j.report.ReportOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hgq4j report RUN_DIR|MODEL.hgq -o report.html}: one self-contained HTML page with the Pareto front and
 * training curves of a run, and the bit widths, per-layer cost and board fit of a model (see
 * {@link io.hgq4j.report.ReportGenerator}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (charts embedded as PNG) about a training run or a model:",
            "Pareto front and training curves (run folders), bit-width histograms and heat maps, per-layer EBOPs,",
            "LUT/FF and latency, and the fit on a board. For a run, the page describes the Pareto checkpoint with",
            "the best validation metric, or the one --checkpoint names."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR|MODEL.hgq", description = "A run folder written by hgq4j train, or a .hgq model.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "REPORT.html", required = true, description = "The page to write.")
    Path output;

    @Option(names = "--baseline", paramLabel = "RUN_DIR", arity = "1..*",
            description = "Further run folders (e.g. uniform-precision baselines) drawn on the Pareto front.")
    List<Path> baselines = new ArrayList<>();

    @Option(names = "--checkpoint", paramLabel = "epoch-NNNN",
            description = "The run's Pareto checkpoint to describe (default: the one with the best validation metric).")
    String checkpoint;

    @Option(names = "--clock-ns", paramLabel = "T", description = "Clock period for latencies in ns (default: the board's default clock).")
    Double clockNs;

    @Mixin
    BoardOptions board;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Board b = board.resolve();
        Clock clock = clockNs == null ? null : new Clock(clockNs, Clock.DEFAULT.uncertainty());
        ReportGenerator.Summary s = ReportGenerator.write(input, output, new ReportOptions(b, clock, baselines, checkpoint));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("report written to %s (%d charts%s%s)%n", s.output(), s.figures(),
                s.model() == null ? "" : ", model " + s.model(),
                s.checkpoint() == null ? "" : ", checkpoint " + s.checkpoint());
        out.flush();
        return 0;
    }
}

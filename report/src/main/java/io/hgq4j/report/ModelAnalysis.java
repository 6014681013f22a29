package io.hgq4j.report;

import io.hgq4j.boards.Board;
import io.hgq4j.codegen.report.CompileReport;
import io.hgq4j.codegen.report.LayerEstimate;
import io.hgq4j.codegen.report.ResourceEstimator;
import io.hgq4j.emulator.timing.Clock;
import io.hgq4j.emulator.timing.ModelTiming;
import io.hgq4j.emulator.timing.TimingModel;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.ir.FirmwareModel;
import java.util.Objects;

/**
 * A model's figures for a report, computed the way {@code hgq4j compile} computes them: exact EBOPs per layer
 * ({@link ModelCost}), LUT/FF/DSP per layer ({@link ResourceEstimator}) and latency at the clock
 * ({@link TimingModel}), for a board.
 *
 * @param model  the model
 * @param cost   its EBOPs and weights per layer
 * @param report the per-layer estimates, totals and fit on {@code board} (as {@code hgq4j compile} reports them)
 */
public record ModelAnalysis(FirmwareModel model, ModelCost cost, CompileReport report) {

    /** Checks the fields. */
    public ModelAnalysis {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(report, "report");
    }

    /** Analyses {@code model} for {@code board} at {@code clock}. */
    public static ModelAnalysis of(FirmwareModel model, Board board, Clock clock) {
        TimingModel timing = new TimingModel(clock);
        ModelTiming times = timing.estimate(model);
        return new ModelAnalysis(model, ModelCost.of(model),
                new CompileReport(model.name(), board, times, ResourceEstimator.estimate(model, timing)));
    }

    /** The board. */
    public Board board() {
        return report.board();
    }

    /** The timing at the clock. */
    public ModelTiming timing() {
        return report.timing();
    }

    /** Σ over the layers (latency and II of the whole model). */
    public LayerEstimate total() {
        return report.total();
    }
}

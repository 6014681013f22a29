package io.hgq4j.report;

import io.hgq4j.boards.Board;
import io.hgq4j.emulator.timing.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a report is made for.
 *
 * @param board      the board whose resources the fit is measured against
 * @param clock      the clock for latencies; null: the board's default clock with the default uncertainty
 * @param baselines  further run folders drawn on the Pareto front (e.g. uniform-precision baselines)
 * @param checkpoint the run's checkpoint to describe ({@code epoch-NNNN}); null: the Pareto checkpoint with the best
 *                   validation metric (the fewest EBOPs among equals)
 */
public record ReportOptions(Board board, Clock clock, List<Path> baselines, String checkpoint) {

    /** Checks and copies. */
    public ReportOptions {
        Objects.requireNonNull(board, "board");
        baselines = List.copyOf(baselines);
    }

    /** The options for {@code board} alone. */
    public static ReportOptions forBoard(Board board) {
        return new ReportOptions(board, null, List.of(), null);
    }

    /** The clock latencies are given at. */
    public Clock effectiveClock() {
        return clock != null ? clock : new Clock(board.defaultClockPeriodNs(), Clock.DEFAULT.uncertainty());
    }
}

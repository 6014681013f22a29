package io.hgq4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A run's training curves against the epoch, as four small charts: loss, validation metric, EBOPs (log) and β (log).
 * The metric and EBOPs charts add the exact figures of the exported checkpoints as points.
 */
public final class TrainingCurves {

    private TrainingCurves() {
    }

    /** The charts of {@code run} (none when it has no epochs). */
    public static List<Figure> of(RunHistory run) {
        List<RunHistory.Epoch> epochs = run.epochs();
        List<Figure> figures = new ArrayList<>();
        if (epochs.isEmpty()) {
            return figures;
        }
        figures.add(curve(epochs, "Training loss", "loss", RunHistory.Epoch::loss, null, false,
                "The training loss (task loss plus β·EBOPs) per epoch."));
        figures.add(curve(epochs, "Validation metric", "metric", RunHistory.Epoch::metric, RunHistory.Epoch::exactMetric,
                false, "The validation metric (accuracy, or −MSE for regression) during training; points: the exact "
                        + "metric of the exported checkpoints."));
        figures.add(curve(epochs, "EBOPs", "EBOPs (log scale)", RunHistory.Epoch::ebops, RunHistory.Epoch::exactEbops,
                true, "EBOPs estimated during training (log scale); points: the exact EBOPs of the exported checkpoints."));
        figures.add(curve(epochs, "β (EBOPs weight)", "β (log scale)", RunHistory.Epoch::beta, null, true,
                "The regulariser weight β per epoch (log scale): how hard training pushed EBOPs down."));
        return figures;
    }

    private static Figure curve(List<RunHistory.Epoch> epochs, String title, String yTitle,
                                ToDoubleFunction<RunHistory.Epoch> value, ToDoubleFunction<RunHistory.Epoch> exact,
                                boolean log, String caption) {
        XYChart chart = Charts.xy(Charts.SMALL, 280, title, "epoch", yTitle);
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setLegendVisible(exact != null);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(6);
        int[] skipped = {0};
        double[][] line = points(epochs, value, log, skipped);
        if (line[0].length == 0) {
            // nothing drawable (all values ≤ 0 on a log axis): an empty linear axis instead of XChart's error
            chart.getStyler().setYAxisLogarithmic(false);
            line = new double[][] {{epochs.get(0).epoch()}, {0}};
            caption += " (No positive values to draw on a log scale.)";
        }
        XYSeries s = chart.addSeries("training", line[0], line[1]);
        s.setMarker(line[0].length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (exact != null) {
            double[][] pts = points(epochs, exact, log, new int[1]);
            if (pts[0].length > 0) {
                XYSeries e = chart.addSeries("checkpoints (exact)", pts[0], pts[1]);
                e.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                e.setMarker(SeriesMarkers.DIAMOND);
            }
        }
        if (log && chart.getStyler().isYAxisLogarithmic()) {
            decades(chart, line[1], exact == null ? new double[0] : points(epochs, exact, true, new int[1])[1]);
        }
        if (skipped[0] > 0 && log) {
            caption += " " + skipped[0] + " epoch(s) with a value ≤ 0 are left out of the log scale.";
        }
        return Charts.figure(chart, caption);
    }

    /** Whole decades on the log axis: XChart labels only powers of ten and mis-scales a range within one decade. */
    private static void decades(XYChart chart, double[] a, double[] b) {
        double min = Math.min(java.util.Arrays.stream(a).min().orElse(1), java.util.Arrays.stream(b).min().orElse(Double.MAX_VALUE));
        double max = Math.max(java.util.Arrays.stream(a).max().orElse(1), java.util.Arrays.stream(b).max().orElse(0));
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        chart.getStyler().setYAxisMin(low);
        chart.getStyler().setYAxisMax(high > low ? high : low * 10);
    }

    /** The finite (and, on a log axis, positive) points. */
    private static double[][] points(List<RunHistory.Epoch> epochs, ToDoubleFunction<RunHistory.Epoch> value, boolean log,
                                     int[] skipped) {
        List<double[]> kept = new ArrayList<>();
        for (RunHistory.Epoch e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            if (log && v <= 0) {
                skipped[0]++;
                continue;
            }
            kept.add(new double[] {e.epoch(), v});
        }
        return new double[][] {kept.stream().mapToDouble(p -> p[0]).toArray(), kept.stream().mapToDouble(p -> p[1]).toArray()};
    }
}

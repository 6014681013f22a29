package io.hgq4j.report;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The Pareto front of one or more runs: each Pareto checkpoint a point at (EBOPs, validation metric), EBOPs on a log
 * axis, one series per run (the HGQ run and any baselines), the chosen checkpoint ringed.
 */
public final class ParetoChart {

    private ParetoChart() {
    }

    /**
     * The chart, or empty when no run has a checkpoint with a known metric and positive EBOPs.
     *
     * @param runs   the runs, the main one first
     * @param chosen the checkpoint the model sections describe, if any
     */
    public static Optional<Figure> of(List<RunHistory> runs, RunHistory.Checkpoint chosen) {
        XYChart chart = Charts.xy(Charts.WIDE, 380, "Pareto front: validation metric vs EBOPs", "EBOPs (log scale)",
                "validation metric");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        Set<String> labels = new HashSet<>();
        int series = 0;
        int dropped = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (RunHistory run : runs) {
            List<RunHistory.Checkpoint> points = run.checkpoints().stream()
                    .filter(c -> c.ebops() > 0 && !Double.isNaN(c.metric()))
                    .sorted(java.util.Comparator.comparingDouble(RunHistory.Checkpoint::ebops)).toList();
            dropped += run.checkpoints().size() - points.size();
            if (points.isEmpty()) {
                continue;
            }
            min = Math.min(min, points.get(0).ebops());
            max = Math.max(max, points.get(points.size() - 1).ebops());
            String label = unique(labels, run.label() + (series == 0 ? "" : " [baseline]"));
            XYSeries s = chart.addSeries(label, points.stream().mapToDouble(RunHistory.Checkpoint::ebops).toArray(),
                    points.stream().mapToDouble(RunHistory.Checkpoint::metric).toArray());
            s.setMarker(series == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            series++;
        }
        if (series == 0) {
            return Optional.empty();
        }
        // whole decades: XChart's log axis labels only powers of ten and mis-scales a range within one decade
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        chart.getStyler().setXAxisMin(low);
        chart.getStyler().setXAxisMax(high > low ? high : low * 10);
        if (chosen != null && chosen.ebops() > 0 && !Double.isNaN(chosen.metric())) {
            XYSeries s = chart.addSeries(unique(labels, "chosen: " + chosen.name()), new double[] {chosen.ebops()},
                    new double[] {chosen.metric()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(java.awt.Color.BLACK);
        }
        String caption = "Each point is a Pareto checkpoint (pareto/epoch-NNNN.hgq): its exact EBOPs (log scale) and "
                + "its exact validation metric (accuracy, or −MSE for regression) as recorded at training. "
                + (runs.size() > 1 ? "Baseline runs (--baseline, e.g. mode uniform) are drawn as further series. " : "")
                + (chosen != null ? "The black point is the checkpoint described below." : "")
                + (dropped > 0 ? " " + dropped + " checkpoint(s) without a known metric or with zero EBOPs are not drawn." : "");
        return Optional.of(Charts.figure(chart, caption));
    }

    /** XChart needs distinct series names. */
    static String unique(Set<String> used, String label) {
        String l = label;
        for (int i = 2; !used.add(l); i++) {
            l = label + " #" + i;
        }
        return l;
    }
}

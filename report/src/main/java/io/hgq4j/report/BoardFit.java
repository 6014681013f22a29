package io.hgq4j.report;

import io.hgq4j.boards.Board;
import io.hgq4j.codegen.report.LayerEstimate;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * How a model's estimated resources fit a board: LUT, FF, DSP and BRAM used against what the board has, as a
 * percentage of the board.
 */
public final class BoardFit {

    private BoardFit() {
    }

    /**
     * One resource.
     *
     * @param name      LUT, FF, DSP or BRAM18
     * @param used      the estimate
     * @param available what the board has
     */
    public record Usage(String name, long used, long available) {

        /** Used as a percentage of available (infinite when the board has none and some is used). */
        public double percent() {
            return available == 0 ? (used == 0 ? 0 : Double.POSITIVE_INFINITY) : 100.0 * used / available;
        }
    }

    /** The usage of each resource (BRAM: the design keeps every constant in logic, so none is used). */
    public static List<Usage> usage(ModelAnalysis analysis) {
        LayerEstimate t = analysis.total();
        Board.Resources r = analysis.board().resources();
        List<Usage> rows = new ArrayList<>();
        rows.add(new Usage("LUT", t.lut(), r.lut()));
        rows.add(new Usage("FF", t.ff(), r.ff()));
        rows.add(new Usage("DSP", t.dsp(), r.dsp()));
        rows.add(new Usage("BRAM18", 0, r.bram18()));
        return rows;
    }

    /** The chart: per resource, a grey bar for the board (100 %) and the estimate in front of it. */
    public static Figure chart(ModelAnalysis analysis) {
        List<Usage> rows = usage(analysis);
        Board board = analysis.board();
        List<String> names = rows.stream().map(Usage::name).toList();
        CategoryChart chart = Charts.bars(Charts.SMALL + 120, Charts.HEIGHT, "Fit on " + board.name(), "resource",
                "% of the board", names.size());
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        CategorySeries available = chart.addSeries("available", names, rows.stream().map(u -> (Number) 100.0).toList());
        available.setFillColor(new Color(0xd9d9d9));
        CategorySeries used = chart.addSeries("used", names,
                rows.stream().map(u -> (Number) (Double.isInfinite(u.percent()) ? 1000.0 : u.percent())).toList());
        used.setFillColor(analysis.report().fits() ? new Color(0x3182bd) : new Color(0xde2d26));
        StringBuilder caption = new StringBuilder(String.format(Locale.ROOT,
                "Estimated use of %s (%s) resources as a percentage of what the board has (grey = 100 %%): ",
                board.name(), board.part()));
        for (int i = 0; i < rows.size(); i++) {
            Usage u = rows.get(i);
            caption.append(String.format(Locale.ROOT, "%s%s %,d of %,d (%.1f %%)", i == 0 ? "" : ", ", u.name(), u.used(),
                    u.available(), u.percent()));
        }
        caption.append(analysis.report().fits() ? ". It fits." : ". It does NOT fit (red).");
        return Charts.figure(chart, caption.toString());
    }
}

package io.hgq4j.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The common look of the report's charts and their rendering to PNG. AWT runs headless: the report is written on
 * servers without a display.
 */
public final class Charts {

    /** Width of a full-width chart, pixels. */
    public static final int WIDE = 900;
    /** Width of a small chart (two side by side), pixels. */
    public static final int SMALL = 440;
    /** Height of the charts, pixels. */
    public static final int HEIGHT = 320;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A line/scatter chart with the report's style. */
    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        return chart;
    }

    /** A bar chart with the report's style; the category labels are turned when there are many. */
    public static CategoryChart bars(int width, int height, String title, String xTitle, String yTitle, int categories) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        if (categories > 6) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        return chart;
    }

    /** White backgrounds, a legend outside the plot, readable fonts. */
    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        if (!(styler instanceof org.knowm.xchart.style.HeatMapStyler)) {
            styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        }
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            axes.setPlotGridLinesColor(new Color(0xe0e0e0));
        }
    }

    /** Renders {@code chart} to a PNG figure of the chart's size. */
    public static Figure figure(Chart<?, ?> chart, String caption) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return new Figure(chart.getTitle(), caption, png, chart.getWidth(), chart.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + chart.getTitle() + "' to PNG", e);
        }
    }
}

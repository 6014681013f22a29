package io.hgq4j.report;

import io.hgq4j.codegen.report.LayerEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.knowm.xchart.CategoryChart;

/**
 * Per-layer cost of a model as bar charts: exact EBOPs, the LUT (and FF) estimate, and latency in cycles. Input
 * layers are left out (they cost nothing); the estimates are those of {@code hgq4j compile}.
 */
public final class ResourceCharts {

    private ResourceCharts() {
    }

    /** The three charts of {@code analysis}. */
    public static List<Figure> of(ModelAnalysis analysis) {
        List<LayerEstimate> layers = analysis.report().layers().stream().filter(l -> !"input".equals(l.op())).toList();
        List<Figure> figures = new ArrayList<>();
        if (layers.isEmpty()) {
            return figures;
        }
        List<String> names = layers.stream().map(LayerEstimate::layer).toList();
        figures.add(bars(names, "EBOPs per layer", "EBOPs", List.of("EBOPs"), List.of(layers(layers, LayerEstimate::ebops)),
                "Exact effective bit operations of each layer (Σ input bits × constant bits over the multiplications "
                        + "built in hardware; 0 for layers without multiplications)."));
        figures.add(bars(names, "LUT and FF estimate per layer", "count", List.of("LUT", "FF"),
                List.of(layers(layers, LayerEstimate::lut), layers(layers, LayerEstimate::ff)),
                "Estimated look-up tables (from EBOPs ≈ LUT + 55·DSP, plus quantizer, ReLU and table logic) and "
                        + "flip-flops (pipeline registers) of each layer, as hgq4j compile reports them; expect ±30 %."));
        figures.add(bars(names, "Latency per layer", "cycles", List.of("latency"),
                List.of(layers(layers, l -> l.latency())),
                String.format(java.util.Locale.ROOT, "Pipeline cycles each layer adds at %.1f MHz (the emulator's "
                        + "timing model; fully unrolled design); the model's latency is %d cycles along its longest path.",
                        analysis.timing().clock().frequencyMhz(), analysis.timing().latencyCycles())));
        return figures;
    }

    private static List<Number> layers(List<LayerEstimate> layers, ToLongFunction<LayerEstimate> value) {
        return layers.stream().map(l -> (Number) value.applyAsLong(l)).toList();
    }

    private static Figure bars(List<String> names, String title, String yTitle, List<String> series,
                               List<List<Number>> values, String caption) {
        CategoryChart chart = Charts.bars(Charts.WIDE, Charts.HEIGHT, title, "layer", yTitle, names.size());
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (int s = 0; s < series.size(); s++) {
            chart.addSeries(series.get(s), names, values.get(s));
        }
        return Charts.figure(chart, caption);
    }
}

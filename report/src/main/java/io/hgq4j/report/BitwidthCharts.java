package io.hgq4j.report;

import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Bit widths of a firmware model, read from its fixed-point types: histograms of the weights' and the activations'
 * widths (stacked by layer) and a heat map of the weight widths of each Dense and Conv layer.
 *
 * <p>Weights are the kernel elements of Dense and Conv layers (a width of 0 is a pruned weight). Activations are the
 * elements of the model's inputs and of its Quantize layers, the tensors HGQ gives trainable widths.
 */
public final class BitwidthCharts {

    /** At most this many rows and columns per heat map; larger kernels are shown as block means. */
    public static final int MAX_CELLS = 48;
    /** At most this many heat maps (the first weight layers). */
    public static final int MAX_HEAT_MAPS = 8;

    private BitwidthCharts() {
    }

    /** The histogram of weight widths, or empty when the model has no Dense or Conv layer. */
    public static Optional<Figure> weightHistogram(FirmwareModel model) {
        List<String> names = new ArrayList<>();
        List<TensorType> types = new ArrayList<>();
        for (Layer layer : model.layers()) {
            FixedTensor kernel = kernel(layer);
            if (kernel != null) {
                names.add(layer.name());
                types.add(kernel.type());
            }
        }
        return histogram(names, types, "Weight bit widths", "weights",
                "How many weights of each Dense/Conv layer have each bit width (stacked by layer; 0 bits = pruned).");
    }

    /** The histogram of activation widths (inputs and Quantize layers), or empty when there are none. */
    public static Optional<Figure> activationHistogram(FirmwareModel model) {
        List<String> names = new ArrayList<>();
        List<TensorType> types = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Input in) {
                names.add(in.name());
                types.add(in.type());
            } else if (layer instanceof Quantize q) {
                names.add(q.name());
                types.add(model.outputType(q.name()));
            }
        }
        return histogram(names, types, "Activation bit widths", "activations",
                "How many activation elements (model inputs and Quantize layers) have each bit width, stacked by layer.");
    }

    private static Optional<Figure> histogram(List<String> names, List<TensorType> types, String title, String what,
                                              String caption) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        int max = types.stream().mapToInt(TensorType::maxWidth).max().orElse(0);
        List<String> bits = IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
        CategoryChart chart = Charts.bars(Charts.WIDE, Charts.HEIGHT, title, "bit width", what, bits.size());
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        for (int k = 0; k < names.size(); k++) {
            long[] counts = new long[max + 1];
            TensorType t = types.get(k);
            for (int i = 0; i < t.size(); i++) {
                counts[t.typeAt(i).width()]++;
            }
            List<Number> y = new ArrayList<>();
            for (long c : counts) {
                y.add(c);
            }
            chart.addSeries(names.get(k), bits, y);
        }
        return Optional.of(Charts.figure(chart, caption));
    }

    /**
     * One heat map per Dense/Conv layer (at most {@value #MAX_HEAT_MAPS}): rows are the output units (filters),
     * columns the input features (for a convolution, the kernel positions × input channels, flattened in kernel
     * order); the colour is the weight's bit width. Kernels larger than {@value #MAX_CELLS} × {@value #MAX_CELLS} are
     * shown as means over blocks.
     */
    public static List<Figure> weightHeatMaps(FirmwareModel model) {
        List<Figure> figures = new ArrayList<>();
        int max = Math.max(1, model.layers().stream().map(BitwidthCharts::kernel).filter(k -> k != null)
                .mapToInt(k -> k.type().maxWidth()).max().orElse(1));
        for (Layer layer : model.layers()) {
            FixedTensor kernel = kernel(layer);
            if (kernel == null || figures.size() == MAX_HEAT_MAPS) {
                continue;
            }
            int outputs = kernel.shape().dim(kernel.shape().rank() - 1);
            int inputs = kernel.size() / outputs;
            figures.add(heatMap(layer, kernel, inputs, outputs, max));
        }
        return figures;
    }

    /** Weight layers beyond {@value #MAX_HEAT_MAPS} that get no heat map. */
    public static int omittedHeatMaps(FirmwareModel model) {
        return (int) Math.max(0, model.layers().stream().filter(l -> kernel(l) != null).count() - MAX_HEAT_MAPS);
    }

    private static Figure heatMap(Layer layer, FixedTensor kernel, int inputs, int outputs, int maxBits) {
        // the kernel is row-major with the output axis last: element (in, out) is at in * outputs + out
        int colBlock = (inputs + MAX_CELLS - 1) / MAX_CELLS;
        int rowBlock = (outputs + MAX_CELLS - 1) / MAX_CELLS;
        int cols = (inputs + colBlock - 1) / colBlock;
        int rows = (outputs + rowBlock - 1) / rowBlock;
        double[][] sum = new double[cols][rows];
        int[][] count = new int[cols][rows];
        TensorType type = kernel.type();
        for (int in = 0; in < inputs; in++) {
            for (int out = 0; out < outputs; out++) {
                sum[in / colBlock][out / rowBlock] += type.typeAt(in * outputs + out).width();
                count[in / colBlock][out / rowBlock]++;
            }
        }
        List<Number[]> cells = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                cells.add(new Number[] {c, r, sum[c][r] / count[c][r]});
            }
        }
        boolean blocked = colBlock > 1 || rowBlock > 1;
        String what = layer instanceof Conv conv
                ? "input (ky, kx, channel) of " + conv.kernelHeight() + "×" + conv.kernelWidth() + "×" + conv.inputChannels()
                : "input feature";
        int size = Math.min(Charts.WIDE, Math.max(360, 160 + 14 * Math.max(cols, rows)));
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 120).height(size).title("Weight bits: " + layer.name())
                .xAxisTitle(what + (colBlock > 1 ? " (blocks of " + colBlock + ")" : ""))
                .yAxisTitle((layer instanceof Conv ? "filter" : "output unit") + (rowBlock > 1 ? " (blocks of " + rowBlock + ")" : ""))
                .build();
        Charts.style(chart.getStyler());
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(maxBits);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setDrawBorder(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        chart.getStyler().setXAxisMaxLabelCount(16);
        List<Integer> x = IntStream.range(0, cols).map(c -> c * colBlock).boxed().toList();
        List<Integer> y = IntStream.range(0, rows).map(r -> r * rowBlock).boxed().toList();
        chart.addSeries("bits", x, y, cells);
        String caption = "Bit width of each weight of " + layer.op() + " layer '" + layer.name() + "' (" + inputs + " × "
                + outputs + "): rows are " + (layer instanceof Conv ? "filters" : "output units") + ", columns "
                + (layer instanceof Conv ? "kernel positions × input channels, flattened" : "input features")
                + "; white = 0 bits (pruned), darkest = " + maxBits + " bits (the model's widest weight)."
                + (blocked ? " The kernel is larger than " + MAX_CELLS + " × " + MAX_CELLS + ", so each cell is the mean "
                        + "over a block of " + colBlock + " × " + rowBlock + " weights." : "");
        return Charts.figure(chart, caption);
    }

    /** The kernel of a Dense or Conv layer, else null. */
    static FixedTensor kernel(Layer layer) {
        if (layer instanceof Dense d) {
            return d.kernel();
        }
        if (layer instanceof Conv c) {
            return c.kernel();
        }
        return null;
    }
}

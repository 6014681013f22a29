package io.hgq4j.model.eval;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.LayerVisitor;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, independent implementation of the layer semantics in plain double arithmetic, written from the Keras
 * definitions (its own padding and index arithmetic, nothing shared with the evaluator but the conversion of a real
 * value into a fixed-point type). Exact only while every value fits a double's 53-bit significand, which holds for
 * the models of {@link io.hgq4j.model.testing.RandomModels}.
 */
final class DoubleOracle implements LayerVisitor<double[]> {

    private final FirmwareModel model;
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, double[]> samples;

    private DoubleOracle(FirmwareModel model, Map<String, double[]> samples) {
        this.model = model;
        this.samples = samples;
    }

    /** The output of every layer for real-valued input samples. */
    static Map<String, double[]> run(FirmwareModel model, Map<String, double[]> samples) {
        DoubleOracle oracle = new DoubleOracle(model, samples);
        for (Layer layer : model.layers()) {
            oracle.values.put(layer.name(), layer.accept(oracle));
        }
        return oracle.values;
    }

    private Shape shapeOf(String layer) {
        return model.outputType(layer).shape();
    }

    private double quantize(double x, FixedType type) {
        return FixedValue.fromDouble(x, type).toDouble();
    }

    @Override
    public double[] visitInput(Input layer) {
        double[] x = samples.get(layer.name());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = quantize(x[i], layer.type().typeAt(i));
        }
        return y;
    }

    @Override
    public double[] visitDense(Dense layer) {
        double[] x = values.get(layer.input());
        double[] w = layer.kernel().toDoubles();
        double[] b = layer.bias().toDoubles();
        int n = layer.inputFeatures();
        int m = layer.units();
        int rows = x.length / n;
        double[] y = new double[rows * m];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < m; j++) {
                double acc = b[j];
                for (int i = 0; i < n; i++) {
                    acc += x[r * n + i] * w[i * m + j];
                }
                y[r * m + j] = acc;
            }
        }
        return y;
    }

    @Override
    public double[] visitConv(Conv layer) {
        double[] x = values.get(layer.input());
        Shape in = shapeOf(layer.input());
        boolean twoD = layer.kernel().shape().rank() == 4;
        int height = twoD ? in.dim(0) : 1;
        int width = in.dim(twoD ? 1 : 0);
        int channels = in.lastDim();
        int[] k = layer.kernel().shape().dims();
        int kh = twoD ? k[0] : 1;
        int kw = twoD ? k[1] : k[0];
        int filters = k[k.length - 1];
        double[] w = layer.kernel().toDoubles();
        double[] b = layer.bias().toDoubles();
        Window rows = new Window(height, kh, layer.strideHeight(), layer.padding());
        Window cols = new Window(width, kw, layer.strideWidth(), layer.padding());
        double[] y = new double[rows.out * cols.out * filters];
        for (int oy = 0; oy < rows.out; oy++) {
            for (int ox = 0; ox < cols.out; ox++) {
                for (int f = 0; f < filters; f++) {
                    double acc = b[f];
                    for (int dy = 0; dy < kh; dy++) {
                        for (int dx = 0; dx < kw; dx++) {
                            int iy = rows.position(oy, dy);
                            int ix = cols.position(ox, dx);
                            if (iy < 0 || ix < 0) {
                                continue;
                            }
                            for (int c = 0; c < channels; c++) {
                                acc += x[(iy * width + ix) * channels + c] * w[((dy * kw + dx) * channels + c) * filters + f];
                            }
                        }
                    }
                    y[(oy * cols.out + ox) * filters + f] = acc;
                }
            }
        }
        return y;
    }

    @Override
    public double[] visitPool(Pool layer) {
        double[] x = values.get(layer.input());
        Shape in = shapeOf(layer.input());
        boolean twoD = layer.spatialRank() == 2;
        int height = twoD ? in.dim(0) : 1;
        int width = in.dim(twoD ? 1 : 0);
        int channels = in.lastDim();
        Window rows = new Window(height, layer.poolHeight(), layer.strideHeight(), layer.padding());
        Window cols = new Window(width, layer.poolWidth(), layer.strideWidth(), layer.padding());
        double[] y = new double[rows.out * cols.out * channels];
        for (int oy = 0; oy < rows.out; oy++) {
            for (int ox = 0; ox < cols.out; ox++) {
                for (int c = 0; c < channels; c++) {
                    double max = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int count = 0;
                    for (int dy = 0; dy < layer.poolHeight(); dy++) {
                        for (int dx = 0; dx < layer.poolWidth(); dx++) {
                            int iy = rows.position(oy, dy);
                            int ix = cols.position(ox, dx);
                            if (iy >= 0 && ix >= 0) {
                                double v = x[(iy * width + ix) * channels + c];
                                max = Math.max(max, v);
                                sum += v;
                                count++;
                            }
                        }
                    }
                    y[(oy * cols.out + ox) * channels + c] = layer.reduction() == Pool.Reduction.MAX ? max : sum / count;
                }
            }
        }
        return y;
    }

    @Override
    public double[] visitReshape(Reshape layer) {
        return values.get(layer.input()).clone();
    }

    @Override
    public double[] visitRelu(Relu layer) {
        double[] x = values.get(layer.input());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 ? x[i] : 0.0;
        }
        return y;
    }

    @Override
    public double[] visitAdd(Add layer) {
        double[] y = new double[values.get(layer.inputs().get(0)).length];
        for (String input : layer.inputs()) {
            double[] x = values.get(input);
            for (int i = 0; i < y.length; i++) {
                y[i] += x[i];
            }
        }
        return y;
    }

    @Override
    public double[] visitConcatenate(Concatenate layer) {
        List<String> inputs = layer.inputs();
        Shape first = shapeOf(inputs.get(0));
        int outer = 1;
        for (int a = 0; a < layer.axis(); a++) {
            outer *= first.dim(a);
        }
        int inner = 1;
        for (int a = layer.axis() + 1; a < first.rank(); a++) {
            inner *= first.dim(a);
        }
        double[] y = new double[model.outputType(layer.name()).size()];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (String input : inputs) {
                int block = shapeOf(input).dim(layer.axis()) * inner;
                System.arraycopy(values.get(input), o * block, y, at, block);
                at += block;
            }
        }
        return y;
    }

    @Override
    public double[] visitTableLookup(TableLookup layer) {
        double[] x = values.get(layer.input());
        FixedType in = model.outputType(layer.input()).uniformType();
        double[] table = layer.table().toDoubles();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            long code = (long) Math.scalb(x[i], -in.lsbExponent());
            y[i] = table[(int) Math.floorMod(code, (long) table.length)];
        }
        return y;
    }

    /**
     * The softmax steps on real values: the differences are exact, the two indices are real values converted into
     * their index types, and an entry is found by dividing the index value by its LSB.
     */
    @Override
    public double[] visitSoftmax(Softmax layer) {
        double[] x = values.get(layer.input());
        int n = shapeOf(layer.input()).lastDim();
        double[] exp = layer.expTable().toDoubles();
        double[] inverse = layer.invTable().toDoubles();
        double[] y = new double[x.length];
        double[] e = new double[n];
        for (int row = 0; row < x.length; row += n) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[row + i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                e[i] = exp[entry(quantize(max - x[row + i], layer.expIndex()), layer.expIndex())];
                sum += e[i];
            }
            double v = inverse[entry(quantize(sum, layer.invIndex()), layer.invIndex())];
            for (int i = 0; i < n; i++) {
                y[row + i] = quantize(e[i] * v, layer.output());
            }
        }
        return y;
    }

    private static int entry(double index, FixedType type) {
        return (int) Math.scalb(index, -type.lsbExponent());
    }

    @Override
    public double[] visitQuantize(Quantize layer) {
        double[] x = values.get(layer.input());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = quantize(x[i], layer.target().typeAt(i));
        }
        return y;
    }

    /** Keras window placement along one axis. */
    private static final class Window {
        final int out;
        final int before;
        final int stride;
        final int extent;

        Window(int extent, int size, int stride, Padding padding) {
            this.extent = extent;
            this.stride = stride;
            if (padding == Padding.SAME) {
                out = (extent + stride - 1) / stride;
                before = Math.max((out - 1) * stride + size - extent, 0) / 2;
            } else {
                out = (extent - size) / stride + 1;
                before = 0;
            }
        }

        /** The input position of tap {@code d} of output {@code o}, or −1 on padding. */
        int position(int o, int d) {
            int p = o * stride - before + d;
            return p >= 0 && p < extent ? p : -1;
        }
    }
}

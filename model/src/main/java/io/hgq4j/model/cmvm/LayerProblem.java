package io.hgq4j.model.cmvm;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One integer constant-matrix–vector multiplication inside a Dense or Conv layer: the codes of some output elements
 * as y_j = Σ_i M[i][j]·a_i over the codes a_i of some input elements and, as the last input, the constant 1 whose row
 * holds the bias codes. Every term is brought to its output element's LSB (the model derived the output types so
 * that no term is finer), so M is an integer matrix and y_j is exactly the output element's code. A Dense layer has
 * one problem per row of its input (usually one), a convolution one per output position, over the window's taps.
 *
 * @param matrix         M, [inputs + 1][outputs]; the last row is the bias
 * @param inputLo        the smallest code of each input (the bias input is [1, 1]; a zero-width input [0, 0])
 * @param inputHi        the largest code of each input
 * @param inputElements  the flat index of each input element in the layer's input tensor (−1 for the bias, and for a
 *                       window tap on padding)
 * @param outputElements the flat index of each output in the layer's output tensor
 */
public record LayerProblem(long[][] matrix, long[] inputLo, long[] inputHi, int[] inputElements, int[] outputElements) {

    /**
     * The problems of a Dense or Conv layer of {@code model}.
     *
     * @throws IllegalArgumentException if a scaled constant does not fit 63 bits, or {@code layer} is of another kind
     */
    public static List<LayerProblem> of(FirmwareModel model, Layer layer) {
        TensorType in = model.outputType(layer.inputs().get(0));
        TensorType out = model.outputType(layer.name());
        List<LayerProblem> problems = new ArrayList<>();
        if (layer instanceof Dense d) {
            int features = d.inputFeatures();
            int units = d.units();
            for (int row = 0; row < in.size() / features; row++) {
                int[] inputs = new int[features];
                int[] outputs = new int[units];
                for (int i = 0; i < features; i++) {
                    inputs[i] = row * features + i;
                }
                for (int j = 0; j < units; j++) {
                    outputs[j] = row * units + j;
                }
                int r = row;
                problems.add(build(layer, in, out, inputs, outputs, (i, j) -> d.kernel().get(i * units + j),
                        j -> d.bias().get(j - r * units)));
            }
        } else if (layer instanceof Conv c) {
            SpatialGeometry g = c.geometry(in.shape());
            int taps = g.windowHeight() * g.windowWidth() * g.channels();
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int[] inputs = new int[taps];
                    int[] kernelIndex = new int[taps];
                    int t = 0;
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            for (int ci = 0; ci < g.channels(); ci++) {
                                inputs[t] = g.inputIndex(oy, ox, ky, kx, ci);
                                kernelIndex[t] = c.kernelIndex(ky, kx, ci, 0);
                                t++;
                            }
                        }
                    }
                    int[] outputs = new int[c.filters()];
                    int base = (oy * g.outWidth() + ox) * c.filters();
                    for (int co = 0; co < outputs.length; co++) {
                        outputs[co] = base + co;
                    }
                    problems.add(build(layer, in, out, inputs, outputs,
                            (i, j) -> c.kernel().get(kernelIndex[i] + j), j -> c.bias().get(j - base)));
                }
            }
        } else {
            throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.op()
                    + ") is not a constant matrix multiplication");
        }
        return problems;
    }

    private interface Weight {
        FixedValue at(int input, int output);
    }

    private interface Bias {
        FixedValue at(int outputElement);
    }

    private static LayerProblem build(Layer layer, TensorType in, TensorType out, int[] inputs, int[] outputs,
                                      Weight weight, Bias bias) {
        int n = inputs.length;
        long[][] matrix = new long[n + 1][outputs.length];
        long[] lo = new long[n + 1];
        long[] hi = new long[n + 1];
        int[] elements = Arrays.copyOf(inputs, n + 1);
        elements[n] = -1;
        for (int i = 0; i < n; i++) {
            FixedType t = inputs[i] < 0 ? FixedType.ZERO : in.typeAt(inputs[i]);
            if (t.isZero()) {
                continue;
            }
            lo[i] = t.minRaw().longValueExact();
            hi[i] = t.maxRaw().longValueExact();
        }
        lo[n] = 1;
        hi[n] = 1;
        for (int j = 0; j < outputs.length; j++) {
            FixedType y = out.typeAt(outputs[j]);
            if (y.isZero()) {
                continue; // the output is always 0: so is every term
            }
            for (int i = 0; i < n; i++) {
                if (lo[i] != 0 || hi[i] != 0) {
                    FixedValue w = weight.at(i, j);
                    if (!w.isZero()) {
                        matrix[i][j] = scaled(layer, w.raw().longValueExact(),
                                in.typeAt(inputs[i]).lsbExponent() + w.type().lsbExponent() - y.lsbExponent());
                    }
                }
            }
            FixedValue b = bias.at(outputs[j]);
            if (!b.isZero()) {
                matrix[n][j] = scaled(layer, b.raw().longValueExact(), b.type().lsbExponent() - y.lsbExponent());
            }
        }
        return new LayerProblem(matrix, lo, hi, elements, outputs.clone());
    }

    private static long scaled(Layer layer, long code, int shift) {
        if (shift < 0 || shift > 62 || Long.numberOfLeadingZeros(Math.abs(code)) <= shift + 1) {
            throw new IllegalArgumentException("layer '" + layer.name() + "': a constant scaled by 2^" + shift
                    + " to its output's LSB does not fit 63 bits");
        }
        return code << shift;
    }

    /** Value equality (the arrays' contents), so that equal problems share one adder graph. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LayerProblem p && Arrays.deepEquals(matrix, p.matrix) && Arrays.equals(inputLo, p.inputLo)
                && Arrays.equals(inputHi, p.inputHi);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(matrix) + Arrays.hashCode(inputLo) * 7 + Arrays.hashCode(inputHi);
    }

    /** The adder graph of this problem. */
    public AdderGraph graph(CmvmOptions options) {
        return AdderGraph.optimize(matrix, inputLo, inputHi, options);
    }
}

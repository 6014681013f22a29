package io.hgq4j.model.eval;

import io.hgq4j.model.fixed.FixedCast;
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
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link FirmwareModel} on exact values: the oracle every other executor (emulator, HLS C simulation,
 * Verilog simulation, boards) is compared with, code for code.
 *
 * <p>Deliberately plain: every element is computed from the definition of its layer with arbitrary-precision
 * integers, and every result is checked to be a valid code of the type the model derived for it. Speed is the
 * emulator's job.
 */
public final class ReferenceEvaluator {

    private final FirmwareModel model;

    /** An evaluator for {@code model}. */
    public ReferenceEvaluator(FirmwareModel model) {
        this.model = model;
    }

    /**
     * Quantizes one sample of real values with the model's single input quantizer and returns the single output.
     *
     * @throws IllegalArgumentException if the model has several inputs or outputs, or the sample has the wrong size
     *                                  or holds a non-finite value
     */
    public FixedTensor evaluate(double[] sample) {
        String input = single(model.inputs().stream().map(Input::name).toList(), "input");
        String output = single(model.outputs(), "output");
        return evaluate(Map.of(input, sample)).get(output);
    }

    /** {@link #evaluate(double[])} for every sample of a batch. */
    public List<FixedTensor> evaluateBatch(double[][] samples) {
        List<FixedTensor> outputs = new ArrayList<>(samples.length);
        for (double[] sample : samples) {
            outputs.add(evaluate(sample));
        }
        return outputs;
    }

    /**
     * Quantizes real values for every input layer (by name) and returns every model output (by layer name).
     *
     * @throws IllegalArgumentException if an input is missing or malformed
     */
    public Map<String, FixedTensor> evaluate(Map<String, double[]> samples) {
        Map<String, FixedTensor> quantized = new LinkedHashMap<>();
        for (Input input : model.inputs()) {
            double[] values = samples.get(input.name());
            if (values == null) {
                throw new IllegalArgumentException("no values for input '" + input.name() + "'");
            }
            try {
                quantized.put(input.name(), FixedTensor.quantize(input.type(), values));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input '" + input.name() + "': " + e.getMessage(), e);
            }
        }
        return outputsOf(evaluateAllLayers(quantized));
    }

    /**
     * Runs already quantized inputs (codes of exactly each input layer's type) and returns the output of every
     * layer, in topological order: a trace for locating the first layer where two executors disagree.
     *
     * @throws IllegalArgumentException if an input is missing or not of its input layer's type
     */
    public Map<String, FixedTensor> evaluateAllLayers(Map<String, FixedTensor> inputs) {
        Map<String, FixedTensor> values = new LinkedHashMap<>();
        LayerEvaluation evaluation = new LayerEvaluation(values, inputs);
        for (Layer layer : model.layers()) {
            FixedTensor out = layer.accept(evaluation);
            if (!out.type().equals(model.outputType(layer.name()))) {
                throw new IllegalStateException("layer '" + layer.name() + "' produced " + out.type()
                        + " instead of its derived type " + model.outputType(layer.name()));
            }
            values.put(layer.name(), out);
        }
        return values;
    }

    /** The model outputs out of a trace of every layer. */
    public Map<String, FixedTensor> outputsOf(Map<String, FixedTensor> allLayers) {
        Map<String, FixedTensor> outputs = new LinkedHashMap<>();
        for (String name : model.outputs()) {
            outputs.put(name, allLayers.get(name));
        }
        return outputs;
    }

    private static <T> T single(List<T> items, String what) {
        if (items.size() != 1) {
            throw new IllegalArgumentException("the model has " + items.size() + " " + what + "s; pass them by name");
        }
        return items.get(0);
    }

    /** Computes one layer from the values of the layers before it. */
    private final class LayerEvaluation implements LayerVisitor<FixedTensor> {

        private final Map<String, FixedTensor> values;
        private final Map<String, FixedTensor> inputs;

        LayerEvaluation(Map<String, FixedTensor> values, Map<String, FixedTensor> inputs) {
            this.values = values;
            this.inputs = inputs;
        }

        private FixedTensor in(String layer) {
            return values.get(layer);
        }

        private TensorType outType(Layer layer) {
            return model.outputType(layer.name());
        }

        @Override
        public FixedTensor visitInput(Input layer) {
            FixedTensor given = inputs.get(layer.name());
            if (given == null) {
                throw new IllegalArgumentException("no values for input '" + layer.name() + "'");
            }
            if (!given.type().equals(layer.type())) {
                throw new IllegalArgumentException("input '" + layer.name() + "' must have type " + layer.type()
                        + ", got " + given.type());
            }
            return given;
        }

        @Override
        public FixedTensor visitDense(Dense layer) {
            FixedTensor x = in(layer.input());
            TensorType out = outType(layer);
            int features = layer.inputFeatures();
            int units = layer.units();
            BigInteger[] result = new BigInteger[out.size()];
            for (int flat = 0; flat < result.length; flat++) {
                int row = flat / units;
                int unit = flat % units;
                ExactSum sum = new ExactSum(out.typeAt(flat));
                sum.add(layer.bias().get(unit));
                for (int i = 0; i < features; i++) {
                    sum.addProduct(x.get(row * features + i), layer.kernel().get(i * units + unit));
                }
                result[flat] = sum.raw(layer, flat);
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitConv(Conv layer) {
            FixedTensor x = in(layer.input());
            SpatialGeometry g = layer.geometry(x.shape());
            TensorType out = outType(layer);
            int filters = layer.filters();
            BigInteger[] result = new BigInteger[out.size()];
            for (int flat = 0; flat < result.length; flat++) {
                int co = flat % filters;
                int oy = (flat / filters) / g.outWidth();
                int ox = (flat / filters) % g.outWidth();
                ExactSum sum = new ExactSum(out.typeAt(flat));
                sum.add(layer.bias().get(co));
                for (int ky = 0; ky < g.windowHeight(); ky++) {
                    for (int kx = 0; kx < g.windowWidth(); kx++) {
                        for (int ci = 0; ci < g.channels(); ci++) {
                            int index = g.inputIndex(oy, ox, ky, kx, ci);
                            if (index >= 0) {
                                sum.addProduct(x.get(index), layer.kernel().get(layer.kernelIndex(ky, kx, ci, co)));
                            }
                        }
                    }
                }
                result[flat] = sum.raw(layer, flat);
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitPool(Pool layer) {
            FixedTensor x = in(layer.input());
            SpatialGeometry g = layer.geometry(x.shape());
            TensorType out = outType(layer);
            int channels = g.channels();
            BigInteger[] result = new BigInteger[out.size()];
            for (int flat = 0; flat < result.length; flat++) {
                int c = flat % channels;
                int oy = (flat / channels) / g.outWidth();
                int ox = (flat / channels) % g.outWidth();
                List<FixedValue> window = new ArrayList<>();
                for (int ky = 0; ky < g.windowHeight(); ky++) {
                    for (int kx = 0; kx < g.windowWidth(); kx++) {
                        int index = g.inputIndex(oy, ox, ky, kx, c);
                        if (index >= 0) {
                            window.add(x.get(index));
                        }
                    }
                }
                FixedType type = out.typeAt(flat);
                if (layer.reduction() == Pool.Reduction.MAX) {
                    FixedValue max = window.stream().max(FixedValue::compareTo).orElseThrow();
                    result[flat] = exactly(max, type, layer, flat);
                } else {
                    // mean = sum · 2^-k: the sum's code, read at an LSB k positions lower.
                    int shift = layer.averageShift(g, oy, ox);
                    ExactSum sum = new ExactSum(shiftedLsb(type, shift));
                    window.forEach(sum::add);
                    result[flat] = sum.raw(layer, flat);
                }
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitReshape(Reshape layer) {
            return in(layer.input()).reshape(layer.shape());
        }

        @Override
        public FixedTensor visitRelu(Relu layer) {
            FixedTensor x = in(layer.input());
            TensorType out = outType(layer);
            BigInteger[] result = new BigInteger[out.size()];
            for (int i = 0; i < result.length; i++) {
                FixedValue v = x.get(i);
                result[i] = v.signum() > 0 ? exactly(v, out.typeAt(i), layer, i) : BigInteger.ZERO;
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitAdd(Add layer) {
            TensorType out = outType(layer);
            BigInteger[] result = new BigInteger[out.size()];
            for (int i = 0; i < result.length; i++) {
                ExactSum sum = new ExactSum(out.typeAt(i));
                for (String input : layer.inputs()) {
                    sum.add(in(input).get(i));
                }
                result[i] = sum.raw(layer, i);
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitConcatenate(Concatenate layer) {
            List<FixedTensor> parts = layer.inputs().stream().map(this::in).toList();
            List<Shape> shapes = parts.stream().map(FixedTensor::shape).toList();
            TensorType out = outType(layer);
            BigInteger[] result = new BigInteger[out.size()];
            for (int i = 0; i < result.length; i++) {
                int[] from = layer.source(shapes, i);
                result[i] = parts.get(from[0]).raw(from[1]);
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitTableLookup(TableLookup layer) {
            FixedTensor x = in(layer.input());
            TensorType out = outType(layer);
            BigInteger[] result = new BigInteger[out.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = layer.table().raw(layer.entryIndex(x.raw(i)));
            }
            return FixedTensor.of(out, result);
        }

        /** Row by row, step by step as {@link Softmax} defines it, each intermediate checked against its type. */
        @Override
        public FixedTensor visitSoftmax(Softmax layer) {
            FixedTensor x = in(layer.input());
            TensorType out = outType(layer);
            int n = x.shape().lastDim();
            FixedType difference = Softmax.differenceType(x.type().uniformType());
            FixedType sumType = layer.sumType(n);
            FixedType product = layer.productType();
            BigInteger[] result = new BigInteger[out.size()];
            BigInteger[] e = new BigInteger[n];
            for (int row = 0; row < out.size(); row += n) {
                BigInteger max = x.raw(row);
                for (int i = 1; i < n; i++) {
                    max = max.max(x.raw(row + i));
                }
                BigInteger sum = BigInteger.ZERO;
                for (int i = 0; i < n; i++) {
                    BigInteger d = checked(max.subtract(x.raw(row + i)), difference, layer, "max - x", row + i);
                    BigInteger a = FixedCast.convert(d, difference, layer.expIndex());
                    e[i] = layer.expTable().raw(a.intValueExact());
                    sum = sum.add(e[i]);
                }
                checked(sum, sumType, layer, "sum", row);
                BigInteger b = FixedCast.convert(sum, sumType, layer.invIndex());
                BigInteger inverse = layer.invTable().raw(b.intValueExact());
                for (int i = 0; i < n; i++) {
                    BigInteger p = checked(e[i].multiply(inverse), product, layer, "product", row + i);
                    result[row + i] = FixedCast.convert(p, product, layer.output());
                }
            }
            return FixedTensor.of(out, result);
        }

        @Override
        public FixedTensor visitQuantize(Quantize layer) {
            FixedTensor x = in(layer.input());
            TensorType out = outType(layer);
            BigInteger[] result = new BigInteger[out.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = x.get(i).castTo(out.typeAt(i)).raw();
            }
            return FixedTensor.of(out, result);
        }
    }

    /** {@code value} as a code of {@code type}, which must hold it exactly. */
    private static BigInteger exactly(FixedValue value, FixedType type, Layer layer, int element) {
        ExactSum sum = new ExactSum(type);
        sum.add(value);
        return sum.raw(layer, element);
    }

    /** {@code code}, after checking that it is a code of the derived intermediate {@code type}. */
    private static BigInteger checked(BigInteger code, FixedType type, Layer layer, String what, int element) {
        if (!type.holdsRaw(code)) {
            throw new IllegalStateException("layer '" + layer.name() + "', element " + element + ": " + what + " code "
                    + code + " does not fit the derived type " + type);
        }
        return code;
    }

    /** A type with the same width whose LSB is {@code shift} positions lower than that of {@code type}. */
    private static FixedType shiftedLsb(FixedType type, int shift) {
        return type.isZero() ? type : FixedType.of(type.width(), type.intBits() + shift, type.signed());
    }

    /**
     * An exact sum kept as a code at the LSB of the type it must end in. Every term's LSB lies on or above that
     * LSB (the model derived the type from the terms), so no term is ever rounded.
     */
    private static final class ExactSum {

        private final FixedType type;
        private BigInteger raw = BigInteger.ZERO;

        ExactSum(FixedType type) {
            this.type = type;
        }

        void add(FixedValue term) {
            if (term.isZero()) {
                return;
            }
            int shift = term.type().lsbExponent() - type.lsbExponent();
            if (shift < 0 || type.isZero()) {
                throw new IllegalStateException("term " + term + " is finer than the derived type " + type);
            }
            raw = raw.add(term.raw().shiftLeft(shift));
        }

        void addProduct(FixedValue a, FixedValue b) {
            if (!a.isZero() && !b.isZero()) {
                add(a.multiply(b));
            }
        }

        BigInteger raw(Layer layer, int element) {
            if (!type.holdsRaw(raw)) {
                throw new IllegalStateException("layer '" + layer.name() + "', element " + element + ": exact result code "
                        + raw + " does not fit the derived type " + type);
            }
            return raw;
        }
    }
}

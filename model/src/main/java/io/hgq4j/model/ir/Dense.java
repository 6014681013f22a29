package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * A fully connected layer over the last axis: out[..., j] = Σ_i in[..., i]·kernel[i, j] + bias[j], computed exactly.
 * Zero weights take no part. The output type of each element is the exact accumulator type; rounding to a narrower
 * type is the job of a following {@link Quantize}.
 *
 * @param name   the layer name
 * @param input  the layer read
 * @param kernel the weights, shape [inputs, units] (Keras order)
 * @param bias   the biases, shape [units] (zeros of the zero-width type when the layer has none)
 */
public record Dense(String name, String input, FixedTensor kernel, FixedTensor bias) implements Layer {

    /** Validates the name and that kernel and bias are stored constants of matching shapes. */
    public Dense {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.constant(name, "kernel", kernel);
        LayerChecks.constant(name, "bias", bias);
        LayerChecks.require(kernel.shape().rank() == 2, name, "kernel must have shape [inputs, units], got " + kernel.shape());
        LayerChecks.require(bias.shape().rank() == 1 && bias.size() == kernel.shape().dim(1), name,
                "bias must have shape [" + kernel.shape().dim(1) + "], got " + bias.shape());
    }

    /** A dense layer without bias. */
    public static Dense withoutBias(String name, String input, FixedTensor kernel) {
        Shape units = Shape.of(kernel.shape().dim(kernel.shape().rank() - 1));
        return new Dense(name, input, kernel, FixedTensor.zeros(TensorType.uniform(units, FixedType.ZERO)));
    }

    /** The number of input features. */
    public int inputFeatures() {
        return kernel.shape().dim(0);
    }

    /** The number of output features. */
    public int units() {
        return kernel.shape().dim(1);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "dense";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        int features = inputFeatures();
        int units = units();
        LayerChecks.require(in.shape().lastDim() == features, name,
                "kernel expects " + features + " input features, but input '" + input + "' has shape " + in.shape());
        Shape outShape = in.shape().withLastDim(units);
        AccumulatorTypes accumulators = new AccumulatorTypes(name);
        return TensorType.build(outShape, flat -> {
            int row = flat / units;
            int unit = flat % units;
            ExactRange sum = AccumulatorTypes.rangeOf(bias, unit);
            for (int i = 0; i < features; i++) {
                int w = i * units + unit;
                if (kernel.raw(w).signum() != 0) {
                    sum = sum.plus(accumulators.rangeOf(in, row * features + i).times(AccumulatorTypes.rangeOf(kernel, w)));
                }
            }
            return accumulators.typeOf(sum);
        });
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitDense(this);
    }
}

package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import java.util.Optional;

/**
 * Keras {@code Dense}: kernel [inputs, units] and bias [units], float values HGQ has already quantized, converted
 * exactly ({@link ExactFloats}); {@code use_bias: false} gives a zero-width bias. A {@code BatchNormalization} directly
 * after it is folded in first ({@link BatchNormFolding}). Activation relu adds a {@code Relu}.
 */
final class DenseHandler implements LayerHandler {

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        int units = ConfigValues.positiveInt(layer, "units");
        boolean useBias = ConfigValues.bool(layer, "use_bias", true);
        String input = context.input(layer);
        Shape inputShape = context.type(input).shape();
        int features = inputShape.lastDim();
        H5Weights weights = context.weights();
        double[] kernel = weights.require(layer, "kernel").requireShape(features, units).read();
        double[] bias = useBias ? weights.require(layer, "bias").requireShape(units).read() : null;
        Optional<KerasLayer> batchNorm = context.foldedBatchNorm(layer);
        if (batchNorm.isPresent()) {
            BatchNormFolding.Folded folded = BatchNormFolding.fold(batchNorm.get(), weights, inputShape.rank(), units,
                    kernel, bias);
            kernel = folded.kernel();
            bias = folded.bias();
        }
        FixedTensor k = ExactFloats.tensor(layer, "kernel", Shape.of(features, units), kernel);
        String name = context.nameOf(layer);
        Dense dense = bias == null ? Dense.withoutBias(name, input, k)
                : new Dense(name, input, k, ExactFloats.tensor(layer, "bias", Shape.of(units), bias));
        context.add(dense);
        context.produce(layer, ActivationHandlers.applyBuiltIn(layer, context, name));
    }
}

package io.hgq4j.interop.keras;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.Optional;

/**
 * Keras {@code Conv1D} / {@code Conv2D}, channels_last, with strides and valid/same padding; dilation and groups must
 * be 1. The kernel layout [k, in, filters] / [kh, kw, in, filters] is the firmware model's. Weights are converted
 * exactly, a following BatchNormalization is folded in, activation relu adds a {@code Relu}.
 */
final class ConvHandler implements LayerHandler {

    private final int rank;

    ConvHandler(int rank) {
        this.rank = rank;
    }

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        SpatialConfig.requireChannelsLast(layer);
        SpatialConfig.requireOnes(layer, "dilation_rate");
        SpatialConfig.requireOnes(layer, "groups");
        int filters = ConfigValues.positiveInt(layer, "filters");
        int[] size = ConfigValues.requiredPositiveInts(layer, "kernel_size", rank);
        int[] strides = ConfigValues.positiveInts(layer, "strides", rank);
        if (strides == null) {
            strides = rank == 2 ? new int[] {1, 1} : new int[] {1};
        }
        Padding padding = SpatialConfig.padding(layer);
        boolean useBias = ConfigValues.bool(layer, "use_bias", true);

        String input = context.input(layer);
        Shape inputShape = context.type(input).shape();
        if (inputShape.rank() != rank + 1) {
            throw KerasProblem.at(layer, "a " + rank + "-D convolution needs an input of rank " + (rank + 1)
                    + " (channels last), but '" + input + "' has shape " + inputShape);
        }
        int channels = inputShape.lastDim();
        int[] kernelShape = rank == 2 ? new int[] {size[0], size[1], channels, filters}
                : new int[] {size[0], channels, filters};
        H5Weights weights = context.weights();
        double[] kernel = weights.require(layer, "kernel").requireShape(kernelShape).read();
        double[] bias = useBias ? weights.require(layer, "bias").requireShape(filters).read() : null;
        Optional<KerasLayer> batchNorm = context.foldedBatchNorm(layer);
        if (batchNorm.isPresent()) {
            BatchNormFolding.Folded folded = BatchNormFolding.fold(batchNorm.get(), weights, rank + 1, filters,
                    kernel, bias);
            kernel = folded.kernel();
            bias = folded.bias();
        }
        FixedTensor k = ExactFloats.tensor(layer, "kernel", Shape.of(kernelShape), kernel);
        FixedTensor b = bias == null ? FixedTensor.zeros(TensorType.uniform(Shape.of(filters), FixedType.ZERO))
                : ExactFloats.tensor(layer, "bias", Shape.of(filters), bias);
        String name = context.nameOf(layer);
        Conv conv = rank == 2 ? Conv.conv2d(name, input, k, b, strides[0], strides[1], padding)
                : Conv.conv1d(name, input, k, b, strides[0], padding);
        context.add(conv);
        context.produce(layer, ActivationHandlers.applyBuiltIn(layer, context, name));
    }
}

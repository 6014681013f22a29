package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * A 1-D or 2-D convolution, channels last, as Keras Conv1D/Conv2D (no dilation, no groups), computed exactly:
 * out[oy, ox, co] = Σ in[y, x, ci]·kernel[ky, kx, ci, co] + bias[co] over the taps inside the input. Zero weights
 * and padded taps take no part. The output type of each element is its exact accumulator type.
 *
 * @param name         the layer name
 * @param input        the layer read: shape [length, channels] (1-D) or [height, width, channels] (2-D)
 * @param kernel       the weights: [k, in channels, filters] (1-D) or [kh, kw, in channels, filters] (2-D)
 * @param bias         the biases, shape [filters]
 * @param strideHeight the step between rows (1 for 1-D)
 * @param strideWidth  the step between columns (the stride of a 1-D convolution)
 * @param padding      border handling
 */
public record Conv(String name, String input, FixedTensor kernel, FixedTensor bias, int strideHeight, int strideWidth,
                   Padding padding) implements Layer {

    /** Validates the name, the kernel and bias shapes and the strides. */
    public Conv {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.constant(name, "kernel", kernel);
        LayerChecks.constant(name, "bias", bias);
        int rank = kernel.shape().rank();
        LayerChecks.require(rank == 3 || rank == 4, name,
                "kernel must have shape [k, channels, filters] or [kh, kw, channels, filters], got " + kernel.shape());
        int filters = kernel.shape().lastDim();
        LayerChecks.require(bias.shape().rank() == 1 && bias.size() == filters, name,
                "bias must have shape [" + filters + "], got " + bias.shape());
        LayerChecks.require(strideHeight >= 1 && strideWidth >= 1, name, "strides must be at least 1");
        LayerChecks.require(rank == 4 || strideHeight == 1, name, "a 1-D convolution has no row stride");
        LayerChecks.require(padding != null, name, "missing padding");
    }

    /** A 1-D convolution. */
    public static Conv conv1d(String name, String input, FixedTensor kernel, FixedTensor bias, int stride, Padding padding) {
        return new Conv(name, input, kernel, bias, 1, stride, padding);
    }

    /** A 2-D convolution. */
    public static Conv conv2d(String name, String input, FixedTensor kernel, FixedTensor bias, int strideHeight,
                              int strideWidth, Padding padding) {
        return new Conv(name, input, kernel, bias, strideHeight, strideWidth, padding);
    }

    /** 1 or 2. */
    public int spatialRank() {
        return kernel.shape().rank() - 2;
    }

    /** The number of output channels. */
    public int filters() {
        return kernel.shape().lastDim();
    }

    /** The number of input channels the kernel expects. */
    public int inputChannels() {
        return kernel.shape().dim(kernel.shape().rank() - 2);
    }

    /** Kernel rows (1 for 1-D). */
    public int kernelHeight() {
        return spatialRank() == 2 ? kernel.shape().dim(0) : 1;
    }

    /** Kernel columns (the kernel length for 1-D). */
    public int kernelWidth() {
        return kernel.shape().dim(spatialRank() == 2 ? 1 : 0);
    }

    /** The row-major index of kernel element (ky, kx, ci, co), whatever the rank. */
    public int kernelIndex(int ky, int kx, int ci, int co) {
        return ((ky * kernelWidth() + kx) * inputChannels() + ci) * filters() + co;
    }

    /**
     * The window geometry over an input of shape {@code inputShape}.
     *
     * @throws InvalidModelException if the input's rank or channel count does not fit the kernel, or a VALID
     *                               window does not fit in the input
     */
    public SpatialGeometry geometry(Shape inputShape) {
        int rank = spatialRank();
        LayerChecks.require(inputShape.rank() == rank + 1, name, "a " + rank + "-D convolution needs an input of rank "
                + (rank + 1) + ", but '" + input + "' has shape " + inputShape);
        LayerChecks.require(inputShape.lastDim() == inputChannels(), name, "kernel expects " + inputChannels()
                + " input channels, but '" + input + "' has shape " + inputShape);
        int height = rank == 2 ? inputShape.dim(0) : 1;
        int width = inputShape.dim(rank == 2 ? 1 : 0);
        LayerChecks.require(padding == Padding.SAME || (height >= kernelHeight() && width >= kernelWidth()), name,
                "a " + kernelHeight() + "x" + kernelWidth() + " kernel does not fit in input " + inputShape + " without padding");
        return new SpatialGeometry(height, width, inputChannels(), kernelHeight(), kernelWidth(), strideHeight, strideWidth, padding);
    }

    /** The output shape for {@code geometry}: [outW, filters] (1-D) or [outH, outW, filters] (2-D). */
    Shape outputShape(SpatialGeometry geometry) {
        return spatialRank() == 2 ? Shape.of(geometry.outHeight(), geometry.outWidth(), filters())
                : Shape.of(geometry.outWidth(), filters());
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return "conv" + spatialRank() + "d";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        SpatialGeometry g = geometry(in.shape());
        int filters = filters();
        AccumulatorTypes accumulators = new AccumulatorTypes(name);
        return TensorType.build(outputShape(g), flat -> {
            int co = flat % filters;
            int position = flat / filters;
            int oy = position / g.outWidth();
            int ox = position % g.outWidth();
            ExactRange sum = AccumulatorTypes.rangeOf(bias, co);
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    for (int ci = 0; ci < g.channels(); ci++) {
                        int x = g.inputIndex(oy, ox, ky, kx, ci);
                        int w = kernelIndex(ky, kx, ci, co);
                        if (x >= 0 && kernel.raw(w).signum() != 0) {
                            sum = sum.plus(accumulators.rangeOf(in, x).times(AccumulatorTypes.rangeOf(kernel, w)));
                        }
                    }
                }
            }
            return accumulators.typeOf(sum);
        });
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitConv(this);
    }
}

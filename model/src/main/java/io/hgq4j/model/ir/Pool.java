package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;
import java.util.Locale;

/**
 * 1-D or 2-D max or average pooling, channels last, as Keras MaxPooling/AveragePooling. Padded positions take no
 * part (Keras semantics). Averages are exact: the sum of the window is scaled by 2^−k, so every window must hold a
 * power-of-two number of elements inside the input; other window counts are rejected when the model is built.
 *
 * @param name         the layer name
 * @param input        the layer read: shape [length, channels] (1-D) or [height, width, channels] (2-D)
 * @param reduction    maximum or average
 * @param spatialRank  1 or 2
 * @param poolHeight   window rows (1 for 1-D)
 * @param poolWidth    window columns (the pool size for 1-D)
 * @param strideHeight step between rows (1 for 1-D)
 * @param strideWidth  step between columns
 * @param padding      border handling
 */
public record Pool(String name, String input, Reduction reduction, int spatialRank, int poolHeight, int poolWidth,
                   int strideHeight, int strideWidth, Padding padding) implements Layer {

    /** How a window is reduced to one value. */
    public enum Reduction {
        /** The largest element. */
        MAX,
        /** The mean of the elements inside the input. */
        AVG;

        /** {@code max} or {@code avg}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the name, rank, window and strides. */
    public Pool {
        LayerChecks.name(name);
        LayerChecks.input(name, input);
        LayerChecks.require(reduction != null, name, "missing reduction (max or avg)");
        LayerChecks.require(spatialRank == 1 || spatialRank == 2, name, "spatial rank must be 1 or 2, got " + spatialRank);
        LayerChecks.require(poolHeight >= 1 && poolWidth >= 1, name, "pool size must be at least 1");
        LayerChecks.require(strideHeight >= 1 && strideWidth >= 1, name, "strides must be at least 1");
        LayerChecks.require(spatialRank == 2 || (poolHeight == 1 && strideHeight == 1), name,
                "a 1-D pooling has no row window or stride");
        LayerChecks.require(padding != null, name, "missing padding");
    }

    /** A 1-D pooling. */
    public static Pool pool1d(String name, String input, Reduction reduction, int size, int stride, Padding padding) {
        return new Pool(name, input, reduction, 1, 1, size, 1, stride, padding);
    }

    /** A 2-D pooling. */
    public static Pool pool2d(String name, String input, Reduction reduction, int poolHeight, int poolWidth,
                              int strideHeight, int strideWidth, Padding padding) {
        return new Pool(name, input, reduction, 2, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }

    /**
     * The window geometry over an input of shape {@code inputShape}.
     *
     * @throws InvalidModelException if the rank does not fit or a VALID window does not fit in the input
     */
    public SpatialGeometry geometry(Shape inputShape) {
        LayerChecks.require(inputShape.rank() == spatialRank + 1, name, "a " + spatialRank + "-D pooling needs an input of rank "
                + (spatialRank + 1) + ", but '" + input + "' has shape " + inputShape);
        int height = spatialRank == 2 ? inputShape.dim(0) : 1;
        int width = inputShape.dim(spatialRank == 2 ? 1 : 0);
        LayerChecks.require(padding == Padding.SAME || (height >= poolHeight && width >= poolWidth), name,
                "a " + poolHeight + "x" + poolWidth + " window does not fit in input " + inputShape + " without padding");
        return new SpatialGeometry(height, width, inputShape.lastDim(), poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }

    /**
     * log2 of the number of input elements in window (oy, ox), the shift an average applies.
     *
     * @throws InvalidModelException if the count is not a power of two
     */
    public int averageShift(SpatialGeometry geometry, int oy, int ox) {
        int count = geometry.tapsInside(oy, ox);
        LayerChecks.require(Integer.bitCount(count) == 1, name, "the window at output (" + oy + ", " + ox + ") averages "
                + count + " elements; exact averaging needs a power-of-two count (use e.g. 2x2 windows, or VALID padding)");
        return Integer.numberOfTrailingZeros(count);
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public String op() {
        return reduction.keyword() + "_pool" + spatialRank + "d";
    }

    @Override
    public TensorType outputType(List<TensorType> inputTypes) {
        LayerChecks.inputCount(name, inputTypes, 1);
        TensorType in = inputTypes.get(0);
        SpatialGeometry g = geometry(in.shape());
        int channels = g.channels();
        Shape outShape = spatialRank == 2 ? Shape.of(g.outHeight(), g.outWidth(), channels) : Shape.of(g.outWidth(), channels);
        AccumulatorTypes accumulators = new AccumulatorTypes(name);
        return TensorType.build(outShape, flat -> {
            int c = flat % channels;
            int position = flat / channels;
            int oy = position / g.outWidth();
            int ox = position % g.outWidth();
            ExactRange range = null;
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    int x = g.inputIndex(oy, ox, ky, kx, c);
                    if (x >= 0) {
                        ExactRange element = accumulators.rangeOf(in, x);
                        range = range == null ? element : reduction == Reduction.MAX ? range.max(element) : range.plus(element);
                    }
                }
            }
            if (reduction == Reduction.AVG) {
                range = range.scaledByPowerOfTwo(-averageShift(g, oy, ox));
            }
            return accumulators.typeOf(range);
        });
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visitPool(this);
    }
}

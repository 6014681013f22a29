package io.hgq4j.interop.keras;

import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;

/**
 * Keras {@code MaxPooling1D/2D} and {@code AveragePooling1D/2D}, channels_last; strides null means the pool size.
 * Averages are exact in the firmware model, so every window must hold a power-of-two number of input elements.
 */
final class PoolHandler implements LayerHandler {

    private final int rank;
    private final Pool.Reduction reduction;

    PoolHandler(int rank, Pool.Reduction reduction) {
        this.rank = rank;
        this.reduction = reduction;
    }

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        SpatialConfig.requireChannelsLast(layer);
        int[] size = ConfigValues.positiveInts(layer, "pool_size", rank);
        if (size == null) {
            size = rank == 2 ? new int[] {2, 2} : new int[] {2};
        }
        int[] strides = ConfigValues.positiveInts(layer, "strides", rank);
        if (strides == null) {
            strides = size;
        }
        Padding padding = SpatialConfig.padding(layer);
        String name = context.nameOf(layer);
        String input = context.input(layer);
        Pool pool = rank == 2 ? Pool.pool2d(name, input, reduction, size[0], size[1], strides[0], strides[1], padding)
                : Pool.pool1d(name, input, reduction, size[0], strides[0], padding);
        context.produce(layer, context.add(pool));
    }
}

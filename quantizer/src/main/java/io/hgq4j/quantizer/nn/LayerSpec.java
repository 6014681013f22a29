package io.hgq4j.quantizer.nn;

import io.hgq4j.model.ir.Padding;
import java.util.List;

/**
 * The description of one layer of a network, independent of how it is trained: what configuration files and the
 * builder API produce and what {@link NetworkSpec#build} turns into nodes. An empty {@code inputs} list means "the
 * previous layer".
 */
public sealed interface LayerSpec {

    /** The layer name. */
    String name();

    /** The layers read (empty: the previous one). */
    List<String> inputs();

    /** The network input. */
    record InputSpec(String name, int[] shape) implements LayerSpec {
        @Override
        public List<String> inputs() {
            return List.of();
        }
    }

    /** A fully connected layer. */
    record DenseSpec(String name, List<String> inputs, int units, boolean batchNorm, Activation activation) implements LayerSpec {
    }

    /** A 1-D (one kernel size) or 2-D (two) convolution. */
    record ConvSpec(String name, List<String> inputs, int filters, int[] kernelSize, int[] strides, Padding padding,
                    boolean batchNorm, Activation activation) implements LayerSpec {
    }

    /** Max or average pooling; null strides mean the pool size. */
    record PoolSpec(String name, List<String> inputs, boolean max, int[] size, int[] strides, Padding padding)
            implements LayerSpec {
    }

    /** Flatten to 1-D. */
    record FlattenSpec(String name, List<String> inputs) implements LayerSpec {
    }

    /** Reshape. */
    record ReshapeSpec(String name, List<String> inputs, int[] shape) implements LayerSpec {
    }

    /** Element-wise sum. */
    record AddSpec(String name, List<String> inputs, Activation activation) implements LayerSpec {
    }

    /** Concatenation along an axis of the sample shape (negative: from the end). */
    record ConcatSpec(String name, List<String> inputs, int axis) implements LayerSpec {
    }

    /** Dropout (training only). */
    record DropoutSpec(String name, List<String> inputs, double rate) implements LayerSpec {
    }

    /** An activation layer: tanh or sigmoid (a table), or softmax over the last axis. */
    record ActivationSpec(String name, List<String> inputs, Activation function) implements LayerSpec {
    }
}

package io.hgq4j.quantizer.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer of the trainable network: forward and backward passes on batches (the batch is the first axis of every
 * array), its parameters and quantizers, the bit widths of its output for the EBOPs of the layers that read it, and
 * its own EBOPs. Nodes form a directed acyclic graph through {@link #inputs()}.
 */
public abstract class Node {

    private final String name;
    private final List<Node> inputs;
    private final long[] outputShape;

    /**
     * @param outputShape the shape of one sample of the output
     */
    protected Node(String name, List<Node> inputs, long[] outputShape) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.outputShape = outputShape.clone();
    }

    /** The name, which becomes the firmware-model layer name. */
    public final String name() {
        return name;
    }

    /** The nodes read, in order. */
    public final List<Node> inputs() {
        return inputs;
    }

    /** The shape of one output sample. */
    public final long[] outputShape() {
        return outputShape.clone();
    }

    /** Elements per output sample. */
    public final int outputSize() {
        long n = 1;
        for (long d : outputShape) {
            n *= d;
        }
        return (int) n;
    }

    /** The output for the outputs of {@link #inputs()}, in that order. */
    public abstract INDArray forward(List<INDArray> inputValues, Pass pass);

    /** The gradients with respect to each input, given the gradient with respect to the output of the last forward. */
    public abstract List<INDArray> backward(INDArray outputGradient);

    /** The trainable parameters (weights and f). */
    public List<Param> params() {
        return List.of();
    }

    /**
     * State that is not trained by the optimizer but belongs to the network (batch-norm moving statistics), by unique
     * name; the arrays are live, so a checkpoint can write and restore them.
     */
    public Map<String, INDArray> buffers() {
        return Map.of();
    }

    /** Called before each epoch, so that randomness inside a node depends only on the seed and the epoch (resumable). */
    public void startEpoch(int epoch) {
    }

    /** The quantizers. */
    public List<BitQuantizer> quantizers() {
        return List.of();
    }

    /** The estimated width of every output element (valid after a training forward). */
    public abstract BitsMap outputBits();

    /**
     * This node's EBOPs estimate; with {@code beta} &gt; 0 the gradient of β·EBOPs is accumulated into the f parameters
     * (its own and, through {@link BitsMap#backward}, those of the nodes it reads).
     */
    public double ebops(double beta) {
        return 0;
    }

    /** Called after each optimizer step (batch-norm statistics, f clipping). */
    public void afterStep() {
        for (BitQuantizer q : quantizers()) {
            q.clip();
        }
    }
}

package io.hgq4j.quantizer.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Inverted dropout in training, identity otherwise (and absent from the exported model); passive. */
public final class DropoutNode extends Node {

    private final double rate;
    private final long seed;
    private java.util.SplittableRandom random;
    private INDArray mask;

    /** Drops each element with probability {@code rate} during training. */
    public DropoutNode(String name, Node input, double rate, long seed) {
        super(name, List.of(input), input.outputShape());
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout layer '" + name + "': rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.seed = seed;
        this.random = new java.util.SplittableRandom(seed);
    }

    /** The drop probability. */
    public double rate() {
        return rate;
    }

    @Override
    public void startEpoch(int epoch) {
        random = new java.util.SplittableRandom(seed * 1_000_003L + epoch);
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        INDArray x = inputValues.get(0);
        if (!pass.training() || rate == 0) {
            mask = null;
            return x;
        }
        float[] keep = new float[(int) x.length()];
        float scale = (float) (1 / (1 - rate));
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() < rate ? 0 : scale;
        }
        mask = NdCopy.of(keep, x.shape());
        return x.mul(mask);
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        return List.of(mask == null ? outputGradient : outputGradient.mul(mask));
    }

    @Override
    public BitsMap outputBits() {
        return inputs().get(0).outputBits();
    }
}

package io.hgq4j.quantizer.train;

import io.hgq4j.quantizer.nn.Loss;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.Param;
import io.hgq4j.quantizer.nn.Pass;
import io.hgq4j.quantizer.nn.SoftmaxNode;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimisation step on a batch (hgq.md §2.4): forward, task loss, backward; for HGQ also the gradients of β·EBOPs
 * and l1·Σf on the bit parameters; then Adam and the clipping of f. The trainer runs it for every batch, and the
 * training benchmarks run exactly this.
 */
public final class TrainingStep {

    private final Network network;
    private final boolean quantized;
    private final double bitL1;
    private final Adam adam;
    private final List<Param> params;
    private final Pass pass;
    private final boolean probabilities;

    /** A step of {@code network}, quantized (HGQ or uniform) or float, updating with {@code adam}. */
    public TrainingStep(Network network, boolean quantized, double bitL1, Adam adam) {
        this.network = network;
        this.quantized = quantized;
        this.bitL1 = bitL1;
        this.adam = adam;
        this.params = network.params();
        this.pass = quantized ? Pass.TRAIN : Pass.TRAIN_FLOAT;
        this.probabilities = network.output() instanceof SoftmaxNode;
    }

    /**
     * A classification step with cross-entropy, on the logits, or on the probabilities when the network ends in a
     * softmax layer; returns the batch's mean loss.
     */
    public double classify(INDArray batch, int[] labels, double learningRate, double beta) {
        INDArray out = network.forward(batch, pass);
        Loss.Result loss = probabilities
                ? Loss.crossEntropyOfProbabilities(out, ((SoftmaxNode) network.output()).floatOutput(), labels)
                : Loss.crossEntropy(out, labels);
        return finish(loss, learningRate, beta);
    }

    /** A regression step with the mean squared error; returns the batch's mean loss. */
    public double regress(INDArray batch, INDArray targets, double learningRate, double beta) {
        INDArray out = network.forward(batch, pass);
        return finish(Loss.meanSquaredError(out, targets.reshape(out.shape())), learningRate, beta);
    }

    private double finish(Loss.Result loss, double learningRate, double beta) {
        network.backward(loss.gradient());
        if (quantized) {
            network.ebops(beta);
            if (bitL1 != 0) {
                for (Param p : params) {
                    if (p.kind() == Param.Kind.BITS && p.trainable()) {
                        p.gradient().addi(bitL1); // d(l1·Σf)/df = l1 for every f (HGQ's MonoL1)
                    }
                }
            }
        }
        adam.step(params, learningRate);
        network.afterStep();
        return loss.value();
    }
}

package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Task losses: their mean over the batch and its gradient with respect to the network output. */
public enum Loss {
    /** Softmax cross-entropy on logits against integer class labels. */
    CROSS_ENTROPY,
    /** Mean squared error against targets (summed over outputs, averaged over the batch). */
    MSE;

    /** A loss value and the gradient of the batch mean with respect to the outputs. */
    public record Result(double value, INDArray gradient) {
    }

    /** Cross-entropy of logits {@code [batch, classes]} against {@code labels}. */
    public static Result crossEntropy(INDArray logits, int[] labels) {
        long batch = logits.size(0);
        long classes = logits.size(1);
        INDArray shifted = logits.subColumnVector(logits.max(1).reshape(batch, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sums = exp.sum(1).reshape(batch, 1);
        INDArray probabilities = exp.diviColumnVector(sums);
        float[] p = Tensors.floats(probabilities);
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            loss -= Math.log(Math.max(p[(int) (b * classes + labels[b])], 1e-30f));
        }
        float[] oneHot = new float[(int) (batch * classes)];
        for (int b = 0; b < batch; b++) {
            oneHot[(int) (b * classes + labels[b])] = 1;
        }
        INDArray gradient = probabilities.subi(Nd4j.createFromArray(oneHot).reshape(batch, classes)).divi(batch);
        return new Result(loss / batch, gradient);
    }

    /**
     * Cross-entropy of class probabilities {@code [batch, classes]} (a network ending in a softmax layer) against
     * {@code labels}. The value is −log of the label's probability as output (quantized, floored at 2^−24: a quantized
     * softmax can output exactly 0); the gradient is taken at the softmax's float probabilities {@code exact}, as the
     * output quantizer is straight-through for it. Through the softmax's backward pass it then becomes the familiar
     * (p − onehot)/batch on the logits, instead of a spike of 1/p wherever quantization rounded p to (nearly) 0.
     */
    public static Result crossEntropyOfProbabilities(INDArray probabilities, INDArray exact, int[] labels) {
        long batch = probabilities.size(0);
        long classes = probabilities.size(1);
        float[] p = Tensors.floats(probabilities);
        float[] q = Tensors.floats(exact);
        float[] gradient = new float[p.length];
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int at = (int) (b * classes + labels[b]);
            loss -= Math.log(Math.max(p[at], FLOOR));
            gradient[at] = -1f / (Math.max(q[at], FLOOR) * batch);
        }
        return new Result(loss / batch, NdCopy.of(gradient, batch, classes));
    }

    private static final float FLOOR = 0x1p-24f;

    /** Mean squared error of {@code outputs} against {@code targets} (same shape). */
    public static Result meanSquaredError(INDArray outputs, INDArray targets) {
        long batch = outputs.size(0);
        INDArray diff = outputs.sub(targets.castTo(DataType.FLOAT));
        double loss = diff.mul(diff).sumNumber().doubleValue() / batch;
        return new Result(loss, diff.muli(2.0 / batch));
    }
}

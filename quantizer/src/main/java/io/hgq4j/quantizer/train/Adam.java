package io.hgq4j.quantizer.train;

import io.hgq4j.quantizer.nn.Param;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba), with Keras's defaults: β1 = 0.9, β2 = 0.999, ε = 1e−7. HGQ trains weights and bit
 * parameters with one optimizer.
 */
public final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-7;

    private long step;

    /** The number of steps taken. */
    public long steps() {
        return step;
    }

    /** Restores the step count (resuming). */
    public void setSteps(long steps) {
        this.step = steps;
    }

    /** Updates every parameter from its accumulated gradient with learning rate {@code lr}, then clears the gradients. */
    public void step(List<Param> params, double lr) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        double rate = lr * Math.sqrt(correction2) / correction1;
        for (Param p : params) {
            if (!p.trainable()) {
                p.clearGradient();
                continue;
            }
            INDArray g = p.gradient();
            INDArray m = p.moments()[0];
            INDArray v = p.moments()[1];
            m.muli(BETA1).addi(g.mul(1 - BETA1));
            v.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            INDArray update = m.div(Transforms.sqrt(v, true).addi(EPSILON)).muli(rate);
            p.value().subi(update);
            p.clearGradient();
        }
    }
}

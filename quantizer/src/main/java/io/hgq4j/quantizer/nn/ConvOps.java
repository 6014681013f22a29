package io.hgq4j.quantizer.nn;

import io.hgq4j.model.ir.Padding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's convolution and pooling ops, channels last (NHWC) with Keras's kernel layout [kh, kw, in, out]. Padding
 * SAME follows TensorFlow/Keras (the smaller half before), which the firmware model's geometry also follows.
 */
public final class ConvOps {

    private ConvOps() {
    }

    private static int same(Padding padding) {
        return padding == Padding.SAME ? 1 : 0;
    }

    /** conv(x, w) + b for x [B,H,W,C], w [kh,kw,C,F], b [F]. */
    public static INDArray conv2d(INDArray x, INDArray w, INDArray b, int sh, int sw, Padding padding, long[] outShape) {
        INDArray out = Nd4j.create(x.dataType(), outShape);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(out)
                .addIntegerArguments((int) w.size(0), (int) w.size(1), sh, sw, 0, 0, 1, 1, same(padding), 1, 0).build());
        return out;
    }

    /** The gradients {input, kernel, bias} of a convolution given the output gradient. */
    public static INDArray[] conv2dBackward(INDArray x, INDArray w, INDArray b, INDArray gradOut, int sh, int sw,
                                     Padding padding) {
        INDArray gradIn = x.ulike();
        INDArray gradW = w.ulike();
        INDArray gradB = b.ulike();
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gradOut).addOutputs(gradIn, gradW, gradB)
                .addIntegerArguments((int) w.size(0), (int) w.size(1), sh, sw, 0, 0, 1, 1, same(padding), 1, 0).build());
        return new INDArray[] {gradIn, gradW, gradB};
    }

    /** Max or average pooling (averages over the positions inside the input, as Keras does). */
    public static INDArray pool2d(boolean max, INDArray x, int ph, int pw, int sh, int sw, Padding padding, long[] outShape) {
        INDArray out = Nd4j.create(x.dataType(), outShape);
        Nd4j.exec(DynamicCustomOp.builder(max ? "maxpool2d" : "avgpool2d").addInputs(x).addOutputs(out)
                .addIntegerArguments(ph, pw, sh, sw, 0, 0, 1, 1, same(padding), 0, 1).build());
        return out;
    }

    /** The input gradient of a pooling. */
    public static INDArray pool2dBackward(boolean max, INDArray x, INDArray gradOut, int ph, int pw, int sh, int sw,
                                   Padding padding) {
        INDArray gradIn = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder(max ? "maxpool2d_bp" : "avgpool2d_bp").addInputs(x, gradOut).addOutputs(gradIn)
                .addIntegerArguments(ph, pw, sh, sw, 0, 0, 1, 1, same(padding), 0, 1).build());
        return gradIn;
    }
}

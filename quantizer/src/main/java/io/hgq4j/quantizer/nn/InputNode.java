package io.hgq4j.quantizer.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The network input and its quantizer (one trainable f per input element by default). */
public final class InputNode extends Node {

    private final BitQuantizer quantizer;
    private final ActivationStage stage;
    private boolean quantizedPass;

    /** An input of one-sample shape {@code shape}, quantized as {@code bits} says for activations. */
    public InputNode(String name, long[] shape, QuantizerSettings bits) {
        super(name, List.of(), shape);
        this.quantizer = bits.activationQuantizer(name, shape);
        this.stage = new ActivationStage(quantizer, false);
    }

    /** The input quantizer. */
    public BitQuantizer quantizer() {
        return quantizer;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        INDArray x = inputValues.get(0);
        quantizedPass = pass.quantized();
        return quantizedPass ? stage.forward(x, null, pass) : x;
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        if (quantizedPass) {
            stage.backward(outputGradient);
        }
        return List.of();
    }

    @Override
    public List<Param> params() {
        return List.of(quantizer.f());
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return List.of(quantizer);
    }

    @Override
    public BitsMap outputBits() {
        return new ActivationBits(quantizer, false);
    }
}

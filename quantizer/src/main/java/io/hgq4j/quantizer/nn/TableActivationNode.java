package io.hgq4j.quantizer.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A non-linear activation that the firmware model stores as a table (tanh, sigmoid), as HGQ's HActivation: the input
 * is quantized to one type shared by the whole tensor (a table is indexed by one input type), the function applied,
 * and the result quantized again. The table of every input code is computed when the model is exported.
 */
public final class TableActivationNode extends Node {

    private final Activation function;
    private final BitQuantizer inputQuantizer;
    private final BitQuantizer outputQuantizer;
    private boolean quantizedPass;
    private INDArray quantizedInput;
    private INDArray activated;

    /** Applies {@code function} (TANH or SIGMOID) to the output of {@code input}. */
    public TableActivationNode(String name, Node input, Activation function, QuantizerSettings bits) {
        super(name, List.of(input), input.outputShape());
        if (function != Activation.TANH && function != Activation.SIGMOID) {
            throw new IllegalArgumentException("activation layer '" + name + "' computes tanh or sigmoid, not "
                    + function.keyword());
        }
        this.function = function;
        this.inputQuantizer = new BitQuantizer(name + "/input", outputShape(), true, BitQuantizer.Granularity.LAYER,
                bits.initialActivationF(), bits.trainable());
        this.outputQuantizer = new BitQuantizer(name, outputShape(), true, BitQuantizer.Granularity.LAYER,
                bits.initialActivationF(), bits.trainable());
    }

    /** The function. */
    public Activation function() {
        return function;
    }

    /** The quantizer of the table's input. */
    public BitQuantizer inputQuantizer() {
        return inputQuantizer;
    }

    /** The quantizer of the table's entries. */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        quantizedPass = pass.quantized();
        INDArray x = inputValues.get(0);
        quantizedInput = quantizedPass ? inputQuantizer.forward(x, pass) : x;
        activated = function == Activation.TANH ? Transforms.tanh(quantizedInput, true) : Transforms.sigmoid(quantizedInput, true);
        return quantizedPass ? outputQuantizer.forward(activated, pass) : activated;
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray g = quantizedPass ? outputQuantizer.backward(outputGradient) : outputGradient;
        INDArray derivative = function == Activation.TANH
                ? activated.mul(activated).rsubi(1)
                : activated.mul(activated.rsub(1));
        INDArray gradIn = g.mul(derivative);
        return List.of(quantizedPass ? inputQuantizer.backward(gradIn) : gradIn);
    }

    @Override
    public List<Param> params() {
        return List.of(inputQuantizer.f(), outputQuantizer.f());
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return List.of(inputQuantizer, outputQuantizer);
    }

    @Override
    public BitsMap outputBits() {
        return new ActivationBits(outputQuantizer, false);
    }
}

package io.hgq4j.quantizer.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The element-wise sum of two or more tensors, with an output quantizer and an optional ReLU (HGQ's HAdd). */
public final class AddNode extends Node {

    private final Activation activation;
    private final BitQuantizer outputQuantizer;
    private boolean quantizedPass;
    private final ActivationStage stage;

    /** Adds the outputs of {@code inputs} (same shape). */
    public AddNode(String name, List<Node> inputs, Activation activation, QuantizerSettings bits) {
        super(name, inputs, inputs.get(0).outputShape());
        for (Node n : inputs) {
            if (!Arrays.equals(n.outputShape(), inputs.get(0).outputShape())) {
                throw new IllegalArgumentException("add layer '" + name + "': input '" + n.name() + "' has shape "
                        + Arrays.toString(n.outputShape()) + ", '" + inputs.get(0).name() + "' has "
                        + Arrays.toString(inputs.get(0).outputShape()));
            }
        }
        if (activation != Activation.LINEAR && activation != Activation.RELU) {
            throw new IllegalArgumentException("add layer '" + name + "': activation must be linear or relu");
        }
        this.activation = activation;
        this.outputQuantizer = bits.activationQuantizer(name, outputShape());
        this.stage = new ActivationStage(outputQuantizer, activation == Activation.RELU);
    }

    /** The activation. */
    public Activation activation() {
        return activation;
    }

    /** The output quantizer. */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        quantizedPass = pass.quantized();
        INDArray sum = inputValues.get(0).dup();
        for (int k = 1; k < inputValues.size(); k++) {
            sum.addi(inputValues.get(k));
        }
        return stage.forward(sum, null, pass);
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray gradSum = stage.backward(outputGradient);
        List<INDArray> grads = new ArrayList<>();
        for (int k = 0; k < inputs().size(); k++) {
            grads.add(gradSum);
        }
        return grads;
    }

    @Override
    public List<Param> params() {
        return List.of(outputQuantizer.f());
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return List.of(outputQuantizer);
    }

    @Override
    public BitsMap outputBits() {
        return new ActivationBits(outputQuantizer, activation == Activation.RELU);
    }
}

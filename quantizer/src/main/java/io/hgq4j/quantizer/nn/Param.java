package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable tensor with its gradient and its optimizer state. Gradients accumulate ({@link #addGradient}) until
 * the optimizer consumes them.
 */
public final class Param {

    /** What a parameter is, which decides its optimizer treatment (bit parameters are clipped, for instance). */
    public enum Kind {
        /** A kernel, bias or batch-norm scale/shift. */
        WEIGHT,
        /** A fractional-bit parameter f of a quantizer. */
        BITS
    }

    private final String name;
    private final Kind kind;
    private final INDArray value;
    private final boolean trainable;
    private final INDArray gradient;
    private INDArray firstMoment;
    private INDArray secondMoment;

    /** A trainable parameter holding {@code value} (kept, not copied). */
    public Param(String name, Kind kind, INDArray value) {
        this(name, kind, value, true);
    }

    /**
     * A parameter holding {@code value} (kept, not copied); a frozen one (the f of the uniform baseline) is part of the
     * network's state but the optimizer leaves it alone.
     */
    public Param(String name, Kind kind, INDArray value, boolean trainable) {
        this.name = name;
        this.kind = kind;
        this.value = value;
        this.trainable = trainable;
        this.gradient = Nd4j.zeros(value.dataType(), value.shape());
    }

    /** The name, unique within a network (e.g. {@code dense1/kernel}). */
    public String name() {
        return name;
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** Whether the optimizer updates this parameter. */
    public boolean trainable() {
        return trainable;
    }

    /** The value, updated in place by the optimizer. */
    public INDArray value() {
        return value;
    }

    /** The accumulated gradient. */
    public INDArray gradient() {
        return gradient;
    }

    /** Adds {@code g} (same shape) to the gradient. */
    public void addGradient(INDArray g) {
        gradient.addi(g);
    }

    /** Forgets the accumulated gradient. */
    public void clearGradient() {
        gradient.assign(0);
    }

    /** The optimizer's first and second moment estimates (zeros until it writes them). */
    public INDArray[] moments() {
        if (firstMoment == null) {
            firstMoment = Nd4j.zeros(value.dataType(), value.shape());
            secondMoment = Nd4j.zeros(value.dataType(), value.shape());
        }
        return new INDArray[] {firstMoment, secondMoment};
    }

    @Override
    public String toString() {
        return name + " " + java.util.Arrays.toString(value.shape());
    }
}

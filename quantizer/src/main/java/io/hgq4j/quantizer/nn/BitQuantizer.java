package io.hgq4j.quantizer.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * HGQ's quantizer with a trainable number of fractional bits f (Sun et al., §3; {@code shared/research/hgq.md} §1):
 * x̂ = R(x·2^round(f)) / 2^round(f) with R(y) = floor(y + 1/2) (ties toward +∞, the rule used everywhere in hgq4j),
 * a straight-through gradient for x and the surrogate ∂x̂/∂f = −ln2·(x̂ − x). Integer bits and the sign are not
 * trained: for activations they come from the range of x̂ seen during the current epoch, for weights from each
 * quantized value itself.
 *
 * <p>f has one value per element (the default, HGQ's per-weight and per-activation granularity), per channel (last
 * axis) or per layer, and is clipped to [{@value #F_MIN}, {@value #F_MAX}] after every step. Activation quantizers
 * share f across the batch. A quantizer can be frozen (the uniform-precision baseline): its f does not train.
 */
public final class BitQuantizer {

    /** Granularity of f. */
    public enum Granularity {
        /** One f per element (per weight, or per activation element shared across the batch). */
        ELEMENT,
        /** One f per channel (the last axis). */
        CHANNEL,
        /** One f for the whole tensor. */
        LAYER
    }

    /** Lower clip of f (float32 mantissa). */
    public static final float F_MIN = -23;
    /** Upper clip of f. */
    public static final float F_MAX = 23;

    private static final double LN2 = Math.log(2);

    private final String name;
    private final Granularity granularity;
    private final long[] elementShape;
    private final boolean activation;
    private final boolean trainable;
    private final Granularity rangeGranularity;
    private final Param f;
    /** f broadcast to the element shape with a leading axis of 1, rounded, as 2^round(f); refreshed per forward. */
    private INDArray scale;
    private INDArray inputCache;
    private INDArray outputCache;
    /** Running range of x̂ per element over the epoch (activations only); null until the first training batch. */
    private float[] min;
    private float[] max;

    /**
     * @param name         a name for the f parameter ({@code <name>/f})
     * @param elementShape the shape f applies to: one sample's shape for activations, the kernel's for weights
     * @param activation   activations share f across a leading batch axis and record their range
     * @param granularity  how many f values there are
     * @param initialF     the starting value of every f
     * @param trainable    whether f learns (false for the uniform baseline)
     */
    public BitQuantizer(String name, long[] elementShape, boolean activation, Granularity granularity, float initialF,
                        boolean trainable) {
        this(name, elementShape, activation, granularity, initialF, trainable, Granularity.ELEMENT);
    }

    /**
     * A quantizer whose recorded activation ranges, and so integer bits and sign, are shared at
     * {@code rangeGranularity}: per element (HGQ), per channel, or one range for the whole tensor (one fixed-point type
     * per layer, as QKeras has).
     */
    public BitQuantizer(String name, long[] elementShape, boolean activation, Granularity granularity, float initialF,
                        boolean trainable, Granularity rangeGranularity) {
        this.name = name;
        this.rangeGranularity = rangeGranularity;
        this.elementShape = elementShape.clone();
        this.activation = activation;
        this.granularity = granularity;
        this.trainable = trainable;
        this.f = new Param(name + "/f", Param.Kind.BITS, Nd4j.valueArrayOf(fShape(), initialF, DataType.FLOAT), trainable);
    }

    private long[] fShape() {
        return switch (granularity) {
            case ELEMENT -> elementShape.clone();
            case CHANNEL -> new long[] {elementShape[elementShape.length - 1]};
            case LAYER -> new long[] {1};
        };
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The granularity of f. */
    public Granularity granularity() {
        return granularity;
    }

    /** The shape f applies to. */
    public long[] elementShape() {
        return elementShape.clone();
    }

    /** Whether f trains. */
    public boolean trainable() {
        return trainable;
    }

    /** The f parameter. */
    public Param f() {
        return f;
    }

    /** How many elements share one f (the degeneracy that scales EBOPs gradients by 1/√n). */
    public long degeneracy() {
        long elements = Arrays.stream(elementShape).reduce(1, (a, b) -> a * b);
        return elements / f.value().length();
    }

    /** round(f) broadcast to every element of {@link #elementShape()}, as floats (ties toward +∞). */
    public float[] roundedBitsPerElement() {
        float[] fv = Tensors.floats(f.value());
        int n = (int) Arrays.stream(elementShape).reduce(1, (a, b) -> a * b);
        int channels = (int) elementShape[elementShape.length - 1];
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float v = switch (granularity) {
                case ELEMENT -> fv[i];
                case CHANNEL -> fv[i % channels];
                case LAYER -> fv[0];
            };
            out[i] = (float) Math.floor(v + 0.5);
        }
        return out;
    }

    /**
     * x̂ for {@code x} ({@code [batch, ...elementShape]} for activations, {@code elementShape} for weights). In training
     * the input and output are kept for {@link #backward}; activation quantizers record the range of x̂ when the pass
     * asks for it.
     */
    public INDArray forward(INDArray x, Pass pass) {
        boolean training = pass.training();
        INDArray fr = Transforms.floor(f.value().add(0.5f), false);
        INDArray s = Transforms.pow(Nd4j.valueArrayOf(fr.shape(), 2f, DataType.FLOAT), fr, false);
        scale = broadcastShape(s);
        INDArray y = x.mul(scale);
        Transforms.floor(y.addi(0.5f), false);
        INDArray xhat = y.divi(scale);
        if (training) {
            inputCache = x;
            outputCache = xhat;
        }
        if (activation && pass.recordRanges()) {
            recordRange(xhat);
        }
        return xhat;
    }

    /** s reshaped so that it broadcasts against the quantized tensor (batch axis first for activations). */
    private INDArray broadcastShape(INDArray s) {
        int rank = elementShape.length + (activation ? 1 : 0);
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        switch (granularity) {
            case ELEMENT -> System.arraycopy(elementShape, 0, shape, activation ? 1 : 0, elementShape.length);
            case CHANNEL -> shape[rank - 1] = elementShape[elementShape.length - 1];
            case LAYER -> { }
        }
        return s.reshape(shape);
    }

    private void recordRange(INDArray xhat) {
        INDArray flat = xhat.reshape(xhat.size(0), xhat.length() / xhat.size(0));
        float[] batchMin = Tensors.floats(flat.min(0));
        float[] batchMax = Tensors.floats(flat.max(0));
        if (min == null) {
            min = batchMin;
            max = batchMax;
            return;
        }
        for (int i = 0; i < min.length; i++) {
            min[i] = Math.min(min[i], batchMin[i]);
            max[i] = Math.max(max[i], batchMax[i]);
        }
    }

    /**
     * Back-propagates through the last training forward: accumulates ∂L/∂f = Σ ∂L/∂x̂ · (−ln2·(x̂ − x)) over the
     * elements sharing each f, and returns ∂L/∂x = ∂L/∂x̂ (straight through).
     */
    public INDArray backward(INDArray gradXhat) {
        if (trainable) {
            INDArray contribution = outputCache.sub(inputCache).muli(gradXhat).muli(-LN2);
            f.addGradient(reduceToF(contribution));
        }
        return gradXhat;
    }

    /** Sums a tensor shaped like the quantized input down to the shape of f. */
    private INDArray reduceToF(INDArray t) {
        INDArray perElement = t;
        if (activation) {
            INDArray flat = t.reshape(t.size(0), t.length() / t.size(0));
            INDArray ones = Nd4j.ones(t.dataType(), 1, t.size(0));
            perElement = ones.mmul(flat).reshape(elementShape);
        }
        return switch (granularity) {
            case ELEMENT -> perElement.reshape(f.value().shape());
            case CHANNEL -> perElement.reshape(perElement.length() / elementShape[elementShape.length - 1],
                    elementShape[elementShape.length - 1]).sum(0).reshape(f.value().shape());
            case LAYER -> perElement.sum().reshape(f.value().shape());
        };
    }

    /** Widens the recorded range to include a batch's per-element minima and maxima. */
    void mergeRange(float[] batchMin, float[] batchMax) {
        if (min == null) {
            min = batchMin.clone();
            max = batchMax.clone();
            return;
        }
        for (int i = 0; i < min.length; i++) {
            min[i] = Math.min(min[i], batchMin[i]);
            max[i] = Math.max(max[i], batchMax[i]);
        }
    }

    /** Adds a gradient given per element of {@link #elementShape()} to f, summed over the elements sharing each f. */
    void addElementGradient(float[] perElement) {
        if (!trainable) {
            return;
        }
        float[] perF = switch (granularity) {
            case ELEMENT -> perElement;
            case CHANNEL -> {
                int channels = (int) elementShape[elementShape.length - 1];
                float[] sums = new float[channels];
                for (int e = 0; e < perElement.length; e++) {
                    sums[e % channels] += perElement[e];
                }
                yield sums;
            }
            case LAYER -> {
                double total = 0;
                for (float v : perElement) {
                    total += v;
                }
                yield new float[] {(float) total};
            }
        };
        f.addGradient(NdCopy.of(perF, f.value().shape()));
    }

    /** Forgets the recorded range (HGQ resets it every epoch). */
    public void resetRange() {
        min = null;
        max = null;
    }

    /**
     * The recorded minimum of x̂ per element, or null before any training batch; with a shared range granularity every
     * element gets the minimum over the elements it shares its range with.
     */
    public float[] rangeMin() {
        return min == null ? null : shared(min, true);
    }

    /** The recorded maximum of x̂ per element, or null before any training batch; shared like {@link #rangeMin()}. */
    public float[] rangeMax() {
        return max == null ? null : shared(max, false);
    }

    /** What shares one recorded range (integer bits and sign). */
    public Granularity rangeGranularity() {
        return rangeGranularity;
    }

    private float[] shared(float[] perElement, boolean minimum) {
        int groups = switch (rangeGranularity) {
            case ELEMENT -> perElement.length;
            case CHANNEL -> (int) elementShape[elementShape.length - 1];
            case LAYER -> 1;
        };
        if (groups == perElement.length) {
            return perElement.clone();
        }
        float[] extreme = new float[groups];
        Arrays.fill(extreme, minimum ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
        for (int e = 0; e < perElement.length; e++) {
            int g = e % groups;
            extreme[g] = minimum ? Math.min(extreme[g], perElement[e]) : Math.max(extreme[g], perElement[e]);
        }
        float[] out = new float[perElement.length];
        for (int e = 0; e < out.length; e++) {
            out[e] = extreme[e % groups];
        }
        return out;
    }

    /** Sets the recorded range (calibration). */
    public void setRange(float[] newMin, float[] newMax) {
        this.min = newMin.clone();
        this.max = newMax.clone();
    }

    /** Clips f to [{@value #F_MIN}, {@value #F_MAX}] (a projection after each optimizer step). */
    public void clip() {
        Transforms.max(f.value(), F_MIN, false);
        Transforms.min(f.value(), F_MAX, false);
    }
}

package io.hgq4j.quantizer.nn;

/**
 * How the quantizers of a layer start and learn.
 *
 * @param weightGranularity     one f per weight (HGQ's default), per output channel, or per layer
 * @param activationGranularity one f per activation element (HGQ's default), per channel, or per layer
 * @param initialWeightF        HGQ's init_bw for kernels: each weight starts with about this many significant bits
 * @param initialActivationF    the starting f of activation quantizers
 * @param trainable             whether f learns (false: the uniform-precision baseline with fixed f)
 * @param rangeGranularity      what shares one activation range, and so one integer-bit count and sign: each element
 *                              (HGQ), each channel, or the whole tensor (one fixed-point type per layer, QKeras-style)
 */
public record QuantizerSettings(BitQuantizer.Granularity weightGranularity,
                                BitQuantizer.Granularity activationGranularity,
                                float initialWeightF, float initialActivationF, boolean trainable,
                                BitQuantizer.Granularity rangeGranularity) {

    /** HGQ's defaults: per-element f and ranges everywhere, starting at 2 bits (the jet-tagging demo). */
    public static final QuantizerSettings HGQ = hgq(BitQuantizer.Granularity.ELEMENT, BitQuantizer.Granularity.ELEMENT, 2, 2);

    /** HGQ: trainable f at the given granularities, integer bits and sign per element. */
    public static QuantizerSettings hgq(BitQuantizer.Granularity weightGranularity,
                                        BitQuantizer.Granularity activationGranularity,
                                        float initialWeightF, float initialActivationF) {
        return new QuantizerSettings(weightGranularity, activationGranularity, initialWeightF, initialActivationF, true,
                BitQuantizer.Granularity.ELEMENT);
    }

    /**
     * A uniform baseline: one fixed f per tensor for weights and activations, and one activation range per tensor, so
     * every activation tensor has a single fixed-point type (QKeras's {@code quantized_bits} per layer).
     */
    public static QuantizerSettings uniform(int weightF, int activationF) {
        return uniform(weightF, activationF, BitQuantizer.Granularity.LAYER);
    }

    /** A uniform baseline whose activation ranges are shared at {@code rangeGranularity}. */
    public static QuantizerSettings uniform(int weightF, int activationF, BitQuantizer.Granularity rangeGranularity) {
        return new QuantizerSettings(BitQuantizer.Granularity.LAYER, BitQuantizer.Granularity.LAYER, weightF, activationF,
                false, rangeGranularity);
    }

    /** The quantizer of a kernel of shape {@code shape}. */
    BitQuantizer weightQuantizer(String name, long[] shape) {
        return new BitQuantizer(name, shape, false, weightGranularity, initialWeightF, trainable);
    }

    /** The quantizer of an activation whose one-sample shape is {@code shape}. */
    BitQuantizer activationQuantizer(String name, long[] shape) {
        return new BitQuantizer(name, shape, true, activationGranularity, initialActivationF, trainable, rangeGranularity);
    }
}

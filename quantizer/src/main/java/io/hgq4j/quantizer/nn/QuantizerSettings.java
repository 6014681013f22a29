package io.hgq4j.quantizer.nn;

/**
 * How the quantizers of a layer start and learn.
 *
 * @param weightGranularity     one f per weight (HGQ's default), per output channel, or per layer
 * @param activationGranularity one f per activation element (HGQ's default), per channel, or per layer
 * @param initialWeightF        HGQ's init_bw for kernels: each weight starts with about this many significant bits
 * @param initialActivationF    the starting f of activation quantizers
 * @param trainable             whether f learns (false: the uniform-precision baseline with fixed f)
 */
public record QuantizerSettings(BitQuantizer.Granularity weightGranularity,
                                BitQuantizer.Granularity activationGranularity,
                                float initialWeightF, float initialActivationF, boolean trainable) {

    /** HGQ's defaults: per-element f everywhere, starting at 2 bits (the jet-tagging demo). */
    public static final QuantizerSettings HGQ = new QuantizerSettings(BitQuantizer.Granularity.ELEMENT,
            BitQuantizer.Granularity.ELEMENT, 2, 2, true);

    /** A uniform baseline: one fixed f per tensor for weights and activations. */
    public static QuantizerSettings uniform(int weightF, int activationF) {
        return new QuantizerSettings(BitQuantizer.Granularity.LAYER, BitQuantizer.Granularity.LAYER, weightF, activationF,
                false);
    }
}

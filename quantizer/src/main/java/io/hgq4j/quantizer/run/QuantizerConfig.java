package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.quantizer.nn.BitQuantizer.Granularity;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import java.util.Locale;

/**
 * The {@code quantizer} section: how bit widths are chosen.
 *
 * <ul>
 *   <li>{@code mode: hgq} (default) — HGQ: a trainable f per weight and per activation element (granularities
 *       {@code element}, {@code channel} or {@code layer}), starting from {@code init_weight_bits} significant bits per
 *       weight (f = bits − log2|w|) and f = {@code init_activation_bits} for activations.</li>
 *   <li>{@code mode: uniform} — the QKeras-style baseline: one fixed f per layer for weights ({@code weight_f}) and
 *       for activations ({@code activation_f}), not trained; each activation tensor gets one integer-bit count and
 *       sign from the range of all its elements, so one fixed-point type per layer ({@code range_granularity: layer},
 *       the default; {@code element} gives each element the integer bits of its own range, a stronger baseline).
 *       Weights are constants: each costs its own significant bits whatever the layer's type.</li>
 *   <li>{@code mode: float} — no quantization (the float reference; nothing is exported).</li>
 * </ul>
 *
 * @param mode                  hgq, uniform or float
 * @param weightGranularity     HGQ: what shares one f among the weights
 * @param activationGranularity HGQ: what shares one f among the activations
 * @param weightBits            HGQ: initial significant bits per weight; uniform: f of every weight
 * @param activationBits        HGQ: initial f of activations; uniform: f of every activation
 * @param rangeGranularity      what shares one activation range (integer bits and sign)
 */
public record QuantizerConfig(Mode mode, Granularity weightGranularity, Granularity activationGranularity,
                              int weightBits, int activationBits, Granularity rangeGranularity) {

    /** How bit widths are chosen. */
    public enum Mode {
        /** Learned per element by gradient descent (HGQ). */
        HGQ,
        /** One fixed f per layer (the baseline). */
        UNIFORM,
        /** No quantization. */
        FLOAT
    }

    /** HGQ with its defaults (per-element f, 2 initial bits). */
    public static final QuantizerConfig HGQ = hgq(Granularity.ELEMENT, Granularity.ELEMENT, 2, 2);

    /** Validates the numbers. */
    public QuantizerConfig {
        if (Math.abs(weightBits) > 20 || Math.abs(activationBits) > 20) {
            throw new IllegalArgumentException("quantizer bits must lie in [-20, 20]");
        }
    }

    /** HGQ with f learned at the given granularities from the given initial bits; ranges per element. */
    public static QuantizerConfig hgq(Granularity weightGranularity, Granularity activationGranularity, int initWeightBits,
                                      int initActivationBits) {
        return new QuantizerConfig(Mode.HGQ, weightGranularity, activationGranularity, initWeightBits, initActivationBits,
                Granularity.ELEMENT);
    }

    /** The uniform baseline with fixed f for weights and activations: one fixed-point type per activation tensor. */
    public static QuantizerConfig uniform(int weightF, int activationF) {
        return uniform(weightF, activationF, Granularity.LAYER);
    }

    /** The uniform baseline with activation ranges shared at {@code rangeGranularity}. */
    public static QuantizerConfig uniform(int weightF, int activationF, Granularity rangeGranularity) {
        return new QuantizerConfig(Mode.UNIFORM, Granularity.LAYER, Granularity.LAYER, weightF, activationF,
                rangeGranularity);
    }

    /** Plain float training. */
    public static QuantizerConfig floating() {
        return new QuantizerConfig(Mode.FLOAT, Granularity.ELEMENT, Granularity.ELEMENT, 2, 2, Granularity.ELEMENT);
    }

    /** The settings the network is built with. */
    public QuantizerSettings settings() {
        return mode == Mode.UNIFORM ? QuantizerSettings.uniform(weightBits, activationBits, rangeGranularity)
                : new QuantizerSettings(weightGranularity, activationGranularity, weightBits, activationBits, true,
                        rangeGranularity);
    }

    /** Whether the network is quantized (hgq or uniform). */
    public boolean quantized() {
        return mode != Mode.FLOAT;
    }

    static QuantizerConfig read(ConfigNode c) {
        Mode mode = c.choice("mode", Mode.HGQ, Mode.class);
        QuantizerConfig result;
        if (mode == Mode.UNIFORM) {
            result = uniform(c.integer("weight_f", 6, -20, 20), c.integer("activation_f", 4, -20, 20),
                    c.choice("range_granularity", Granularity.LAYER, Granularity.class));
        } else {
            result = new QuantizerConfig(mode, c.choice("weight_granularity", Granularity.ELEMENT, Granularity.class),
                    c.choice("activation_granularity", Granularity.ELEMENT, Granularity.class),
                    c.integer("init_weight_bits", 2, -20, 20), c.integer("init_activation_bits", 2, -20, 20),
                    c.choice("range_granularity", Granularity.ELEMENT, Granularity.class));
        }
        c.finish();
        return result;
    }

    ObjectNode write() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (mode == Mode.UNIFORM) {
            c.put("weight_f", weightBits);
            c.put("activation_f", activationBits);
            c.put("range_granularity", rangeGranularity.name().toLowerCase(Locale.ROOT));
        } else {
            c.put("weight_granularity", weightGranularity.name().toLowerCase(Locale.ROOT));
            c.put("activation_granularity", activationGranularity.name().toLowerCase(Locale.ROOT));
            c.put("init_weight_bits", weightBits);
            c.put("init_activation_bits", activationBits);
            c.put("range_granularity", rangeGranularity.name().toLowerCase(Locale.ROOT));
        }
        return c;
    }
}

package io.hgq4j.interop.keras;

/**
 * Converts one kind of Keras layer into firmware-model layers. A handler reads the layer's config and weights, adds
 * its layers to the context and records which tensor the Keras layer's output is; it fails with a {@link KerasProblem}
 * (or the IR's own {@code InvalidModelException}) naming the layer.
 */
@FunctionalInterface
interface LayerHandler {

    /** Converts {@code layer}, whose inputs have all been converted. */
    void convert(KerasLayer layer, ConversionContext context);
}

package io.hgq4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras model configuration.
 *
 * @param name      the Keras layer name (also the name of its weights group in the HDF5 file)
 * @param className the Keras class name, e.g. {@code Dense} or {@code FixedPointQuantizer}
 * @param config    the layer's {@code config} object
 * @param inbound   the names of the layers it reads, in order
 */
record KerasLayer(String name, String className, JsonNode config, List<String> inbound) {

    KerasLayer {
        inbound = List.copyOf(inbound);
    }

    /** {@code layer 'name' (ClassName)}, the way messages name a layer. */
    String describe() {
        return "layer '" + name + "' (" + className + ")";
    }
}

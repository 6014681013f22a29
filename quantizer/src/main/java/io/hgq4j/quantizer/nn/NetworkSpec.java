package io.hgq4j.quantizer.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a list of {@link LayerSpec}s, the first an input, the last the output, each reading earlier layers.
 *
 * @param layers the layers in order
 */
public record NetworkSpec(List<LayerSpec> layers) {

    /** Checks the structure: an input first, unique names, inputs that name earlier layers. */
    public NetworkSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(0) instanceof LayerSpec.InputSpec)) {
            throw new IllegalArgumentException("a network starts with an input layer");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (i > 0 && l instanceof LayerSpec.InputSpec) {
                throw new IllegalArgumentException("layer '" + l.name() + "': only the first layer may be an input");
            }
            if (seen.put(l.name(), i) != null) {
                throw new IllegalArgumentException("duplicate layer name '" + l.name() + "'");
            }
            for (String in : l.inputs()) {
                if (!seen.containsKey(in) || seen.get(in) >= i) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' reads '" + in
                            + "', which is not an earlier layer");
                }
            }
        }
    }

    /**
     * The trainable network.
     *
     * @param bits quantizer settings of every layer
     * @param seed seed of every random initialisation
     * @throws IllegalArgumentException if a layer does not fit its input, naming the layer
     */
    public Network build(QuantizerSettings bits, long seed) {
        Map<String, Node> built = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        Node previous = null;
        int index = 0;
        for (LayerSpec spec : layers) {
            List<Node> inputs = spec.inputs().isEmpty()
                    ? (previous == null ? List.of() : List.of(previous))
                    : spec.inputs().stream().map(built::get).toList();
            long layerSeed = seed * 1_000_003L + index++;
            Node node = node(spec, inputs, bits, layerSeed);
            built.put(spec.name(), node);
            nodes.add(node);
            previous = node;
        }
        return new Network(nodes);
    }

    private static Node node(LayerSpec spec, List<Node> inputs, QuantizerSettings bits, long seed) {
        if (spec instanceof LayerSpec.InputSpec s) {
            return new InputNode(s.name(), toLongs(s.shape()), bits);
        } else if (spec instanceof LayerSpec.DenseSpec s) {
            return new DenseNode(s.name(), inputs.get(0), s.units(), s.batchNorm(), s.activation(), bits, seed);
        } else if (spec instanceof LayerSpec.ConvSpec s) {
            return new ConvNode(s.name(), inputs.get(0), s.filters(), s.kernelSize(), s.strides(), s.padding(), s.batchNorm(),
                    s.activation(), bits, seed);
        } else if (spec instanceof LayerSpec.PoolSpec s) {
            return new PoolNode(s.name(), inputs.get(0), s.max(), s.size(), s.strides(), s.padding(), bits);
        } else if (spec instanceof LayerSpec.FlattenSpec s) {
            return new ReshapeNode(s.name(), inputs.get(0), new long[] {inputs.get(0).outputSize()});
        } else if (spec instanceof LayerSpec.ReshapeSpec s) {
            return new ReshapeNode(s.name(), inputs.get(0), toLongs(s.shape()));
        } else if (spec instanceof LayerSpec.AddSpec s) {
            return new AddNode(s.name(), inputs, s.activation(), bits);
        } else if (spec instanceof LayerSpec.ConcatSpec s) {
            return new ConcatNode(s.name(), inputs, s.axis());
        } else if (spec instanceof LayerSpec.DropoutSpec s) {
            return new DropoutNode(s.name(), inputs.get(0), s.rate(), seed);
        } else if (spec instanceof LayerSpec.ActivationSpec s && s.function() == Activation.SOFTMAX) {
            return new SoftmaxNode(s.name(), inputs.get(0), bits);
        } else if (spec instanceof LayerSpec.ActivationSpec s) {
            return new TableActivationNode(s.name(), inputs.get(0), s.function(), bits);
        }
        throw new IllegalStateException("no node for " + spec);
    }

    private static long[] toLongs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}

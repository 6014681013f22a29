package io.hgq4j.quantizer.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable HGQ network: a directed acyclic graph of {@link Node}s with one input and one output, run forward and
 * backward on batches. Built from a {@link NetworkSpec}.
 */
public final class Network {

    private final List<Node> nodes;
    private final InputNode input;
    private final Node output;
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<Node, INDArray> values = new IdentityHashMap<>();

    /** Nodes in topological order, the first the input, the last the output. */
    Network(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        this.input = (InputNode) nodes.get(0);
        this.output = nodes.get(nodes.size() - 1);
        for (Node n : nodes) {
            byName.put(n.name(), n);
        }
    }

    /** The nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The input node. */
    public InputNode input() {
        return input;
    }

    /** The output node. */
    public Node output() {
        return output;
    }

    /** The node called {@code name}. */
    public Node node(String name) {
        Node n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no layer '" + name + "'");
        }
        return n;
    }

    /** Runs a batch ({@code [batch, ...input shape]}) and returns the output batch. */
    public INDArray forward(INDArray batch, Pass pass) {
        values.clear();
        for (Node n : nodes) {
            List<INDArray> in = n == input ? List.of(batch) : n.inputs().stream().map(values::get).toList();
            values.put(n, n.forward(in, pass));
        }
        return values.get(output);
    }

    /** Back-propagates {@code outputGradient} through the last forward pass, accumulating parameter gradients. */
    public void backward(INDArray outputGradient) {
        Map<Node, INDArray> gradients = new IdentityHashMap<>();
        gradients.put(output, outputGradient);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            INDArray g = gradients.remove(n);
            if (g == null) {
                continue;
            }
            List<INDArray> inputGradients = n.backward(g);
            for (int k = 0; k < inputGradients.size(); k++) {
                gradients.merge(n.inputs().get(k), inputGradients.get(k), INDArray::add);
            }
        }
    }

    /**
     * The network's EBOPs estimate from the current bit widths and recorded ranges; with {@code beta} &gt; 0, the
     * gradient of β·EBOPs is accumulated into the f parameters.
     */
    public double ebops(double beta) {
        double total = 0;
        for (Node n : nodes) {
            total += n.ebops(beta);
        }
        return total;
    }

    /** Every trainable parameter. */
    public List<Param> params() {
        List<Param> params = new ArrayList<>();
        nodes.forEach(n -> params.addAll(n.params()));
        return params;
    }

    /** Every quantizer. */
    public List<BitQuantizer> quantizers() {
        List<BitQuantizer> quantizers = new ArrayList<>();
        nodes.forEach(n -> quantizers.addAll(n.quantizers()));
        return quantizers;
    }

    /** Forgets the recorded activation ranges (at the start of every epoch, as HGQ does). */
    public void resetRanges() {
        quantizers().forEach(BitQuantizer::resetRange);
    }

    /** Before epoch {@code epoch}: forgets the activation ranges and reseeds the nodes' randomness. */
    public void startEpoch(int epoch) {
        resetRanges();
        nodes.forEach(n -> n.startEpoch(epoch));
    }

    /**
     * Everything a checkpoint keeps, by unique name: every parameter's value, then every buffer. The arrays are live:
     * {@link #restore} writes into them.
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (Param p : params()) {
            state.put(p.name(), p.value());
        }
        for (Node n : nodes) {
            state.putAll(n.buffers());
        }
        return state;
    }

    /**
     * Overwrites the state with {@code values} (row-major, by the names of {@link #state}); every name must be present
     * with the right number of values, and no other name.
     */
    public void restore(Map<String, double[]> values) {
        Map<String, INDArray> state = state();
        for (String name : values.keySet()) {
            if (!state.containsKey(name)) {
                throw new IllegalArgumentException("the network has no array '" + name + "'");
            }
        }
        state.forEach((name, array) -> {
            double[] v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no values for '" + name + "'");
            }
            if (v.length != array.length()) {
                throw new IllegalArgumentException("'" + name + "' has " + v.length + " values; the network expects "
                        + array.length() + " (shape " + java.util.Arrays.toString(array.shape()) + ")");
            }
            array.assign(NdCopy.of(v, array.shape()).castTo(array.dataType()));
        });
    }

    /** After each optimizer step: clip every f. */
    public void afterStep() {
        nodes.forEach(Node::afterStep);
    }
}

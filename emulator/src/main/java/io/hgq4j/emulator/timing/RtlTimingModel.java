package io.hgq4j.emulator.timing;

import io.hgq4j.model.cmvm.AdderGraph;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.cmvm.LayerProblem;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.LayerVisitor;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact latency of hgq4j's Verilog backend, which places pipeline registers by rule, so this is a count, not an
 * estimate. With registers every N adder levels:
 * <ul>
 *   <li><b>Dense / Conv</b>: each is one or more shift-add graphs ({@link AdderGraph}, the bias an input of the
 *       graph); D = the deepest graph's adder depth, plus 1 if an output is negated; latency ⌈D/N⌉, at least 1 (the
 *       layer's output is always registered).</li>
 *   <li><b>Pooling</b>: a comparator or adder tree over the window, D = ⌈log2 taps⌉; <b>Add</b>: D = ⌈log2 inputs⌉;
 *       latency ⌈D/N⌉, at least 1.</li>
 *   <li><b>Table lookup</b>: 1 (a registered ROM). <b>Softmax</b>: 5 registered steps (max and difference, exp ROM,
 *       sum, inverse ROM, product).</li>
 *   <li><b>Quantize, ReLU</b>: combinational (0), absorbed into the next register stage. <b>Reshape, Concatenate,
 *       input</b>: wiring (0).</li>
 * </ul>
 * The model's latency is the longest path; the backend delays shorter paths to match, so II = 1.
 */
public final class RtlTimingModel {

    /** Cycles of a softmax. */
    public static final int SOFTMAX_CYCLES = 5;

    private final int pipelineEvery;
    private final CmvmOptions options;

    /**
     * @param pipelineEvery adder levels between pipeline registers (≥ 1)
     * @param options       how the shift-add graphs are built (the backend must use the same)
     */
    public RtlTimingModel(int pipelineEvery, CmvmOptions options) {
        if (pipelineEvery < 1) {
            throw new IllegalArgumentException("pipeline registers every " + pipelineEvery
                    + " adder levels: expected at least 1");
        }
        this.pipelineEvery = pipelineEvery;
        this.options = options;
    }

    /** Adder levels between pipeline registers. */
    public int pipelineEvery() {
        return pipelineEvery;
    }

    /** The graph options. */
    public CmvmOptions options() {
        return options;
    }

    /** The latency of every layer and of the model, in cycles of any clock (the Verilog is not clock-aware). */
    public ModelTiming estimate(FirmwareModel model, Clock clock) {
        List<LayerTiming> layers = new ArrayList<>();
        Map<String, Integer> ready = new HashMap<>();
        for (Layer layer : model.layers()) {
            int own = latency(model, layer);
            int start = layer.inputs().stream().mapToInt(ready::get).max().orElse(0);
            ready.put(layer.name(), start + own);
            layers.add(new LayerTiming(layer.name(), layer.op(), own, 1));
        }
        int latency = model.outputs().stream().mapToInt(ready::get).max().orElse(0);
        return new ModelTiming(clock, layers, latency, 1);
    }

    /** The shift-add graphs of a Dense or Conv layer, one per problem, equal problems sharing one graph. */
    public Map<LayerProblem, AdderGraph> graphs(FirmwareModel model, Layer layer) {
        Map<LayerProblem, AdderGraph> graphs = new LinkedHashMap<>();
        for (LayerProblem p : LayerProblem.of(model, layer)) {
            graphs.computeIfAbsent(p, q -> q.graph(options));
        }
        return graphs;
    }

    /** The adder levels of a graph's outputs: its depth, plus one when an output is negated. */
    public static int levels(AdderGraph graph) {
        boolean negated = graph.outputs().stream().anyMatch(AdderGraph.Output::negate);
        return graph.depth() + (negated ? 1 : 0);
    }

    /** Register stages for {@code levels} adder levels: ⌈levels/N⌉, at least 1. */
    public int stages(int levels) {
        return Math.max(1, (levels + pipelineEvery - 1) / pipelineEvery);
    }

    /** The latency of one layer. */
    public int latency(FirmwareModel model, Layer layer) {
        return layer.accept(new LayerVisitor<Integer>() {
            @Override
            public Integer visitInput(Input l) {
                return 0;
            }

            @Override
            public Integer visitDense(Dense l) {
                return matrix(l);
            }

            @Override
            public Integer visitConv(Conv l) {
                return matrix(l);
            }

            private int matrix(Layer l) {
                return stages(graphs(model, l).values().stream().mapToInt(RtlTimingModel::levels).max().orElse(0));
            }

            @Override
            public Integer visitPool(Pool l) {
                return stages(TimingModel.levels(l.geometry(model.outputType(l.input()).shape()).windowHeight()
                        * l.geometry(model.outputType(l.input()).shape()).windowWidth()));
            }

            @Override
            public Integer visitReshape(Reshape l) {
                return 0;
            }

            @Override
            public Integer visitRelu(Relu l) {
                return 0;
            }

            @Override
            public Integer visitAdd(Add l) {
                return stages(TimingModel.levels(l.inputs().size()));
            }

            @Override
            public Integer visitConcatenate(Concatenate l) {
                return 0;
            }

            @Override
            public Integer visitTableLookup(TableLookup l) {
                return 1;
            }

            @Override
            public Integer visitSoftmax(Softmax l) {
                return SOFTMAX_CYCLES;
            }

            @Override
            public Integer visitQuantize(Quantize l) {
                return 0;
            }
        });
    }
}

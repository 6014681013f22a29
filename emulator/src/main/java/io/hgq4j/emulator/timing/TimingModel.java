package io.hgq4j.emulator.timing;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
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
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cycle-approximate latency of a firmware model built fully unrolled and pipelined (hls4ml's io_parallel, latency
 * strategy, reuse factor 1): every layer starts a new sample every cycle (II = 1), and its latency comes from the
 * depth of logic it needs, fitted into the clock budget.
 *
 * <p>The budget per cycle is B = T·(1 − u) for clock period T and uncertainty u (the HLS tools schedule into the
 * period minus the uncertainty; hls4ml defaults: 5 ns, 12.5 % for Vivado, 27 % for Vitis).
 * <ul>
 *   <li><b>Dense / Conv</b> (each output a sum of constant products): L = L_mul + ceil(D·t_add(w)/B) + 1, where
 *       D = ceil(log2(n + 1)) adder levels for the largest number n of non-zero terms of one output (+1 for the
 *       bias), plus ceil(log2(b)) shift-add levels for LUT multipliers with constants of up to b significant bits;
 *       t_add(w) = {@value #ADDER_BASE_NS} + {@value #ADDER_PER_BIT_NS}·w ns for a w-bit carry chain (w = the
 *       accumulator width); the final +1 is the output register. Constants of {@value #DSP_WEIGHT_BITS} or more
 *       significant bits go to DSP blocks instead: L_mul = ceil({@value #DSP_DELAY_NS} ns / B) and no shift-add
 *       levels.</li>
 *   <li><b>Pooling, Add, quantizers</b>: comparator or adder trees, ReLU a mux, rounding and saturation an
 *       increment and a mux; such logic costs no cycle of its own when it uses at most half the budget
 *       ({@value #ABSORBED_FRACTION} of B: the tools chain it into a neighbour's cycle), else ceil(delay/B).</li>
 *   <li><b>Tables</b>: free up to 64 entries (one LUT6 level), else one block-RAM read cycle.</li>
 *   <li><b>Softmax</b> over rows of n: the row maximum and the differences (a comparator tree of ceil(log2 n) levels
 *       and a subtractor, chainable), the exp table, the sum (an adder tree of ceil(log2 n) levels, chainable), the
 *       inverse table, the multiplier e·v and an output register. Tables as above; the multiplier is a DSP
 *       (ceil({@value #DSP_DELAY_NS} ns / B)) when both operands have at least {@value #DSP_WEIGHT_BITS} bits, else a
 *       LUT array of ceil(log2 min(W_E, W_V)) adder levels of W_E + W_V bits.</li>
 *   <li><b>Reshape, Concatenate, the input</b>: wiring, 0 cycles.</li>
 * </ul>
 * The model's latency is the longest path through the graph; its II is 1.
 *
 * <p>Calibration ({@code ../shared/research/codegen.md} §3.2): Vitis HLS 2022.2 reports for hls4ml designs on an
 * xcu55c at 3.33 ns with 27 % uncertainty show 2–3 cycles for dense layers on 6-bit quantized inputs with LUT
 * multipliers (this model: 3 for 16–64 inputs), 5 cycles for a 16-bit × 16-bit dense layer on 3-cycle DSP
 * pipelines (this model: 6), and 0 cycles for pooling (this model: 0). The constants are estimates, not vendor figures: treat the
 * result as ±1–2 cycles per layer.
 */
public final class TimingModel {

    /** Fixed part of a w-bit carry-chain adder delay, ns. */
    public static final double ADDER_BASE_NS = 0.20;
    /** Per-bit part of a carry-chain adder delay, ns. */
    public static final double ADDER_PER_BIT_NS = 0.015;
    /** Delay of a DSP multiplier pipeline, ns. */
    public static final double DSP_DELAY_NS = 6.0;
    /** Constants with at least this many significant bits are multiplied in DSP blocks. */
    public static final int DSP_WEIGHT_BITS = 9;
    /** Logic using at most this fraction of the cycle budget is chained into a neighbouring cycle. */
    public static final double ABSORBED_FRACTION = 0.5;
    /** Tables up to this many entries are LUT logic; larger ones are block-RAM reads. */
    public static final int LUT_TABLE_ENTRIES = 64;

    private final Clock clock;

    /** A timing model for {@code clock}. */
    public TimingModel(Clock clock) {
        this.clock = clock;
    }

    /** The clock assumed. */
    public Clock clock() {
        return clock;
    }

    /** The latency of every layer and of the whole model. */
    public ModelTiming estimate(FirmwareModel model) {
        List<LayerTiming> layers = new ArrayList<>();
        Map<String, Integer> ready = new HashMap<>();
        int latency = 0;
        for (Layer layer : model.layers()) {
            int own = layer.accept(new LayerLatency(model.inputTypes(layer), model.outputType(layer.name())));
            int start = layer.inputs().stream().mapToInt(ready::get).max().orElse(0);
            ready.put(layer.name(), start + own);
            layers.add(new LayerTiming(layer.name(), layer.op(), own, 1));
        }
        for (String output : model.outputs()) {
            latency = Math.max(latency, ready.get(output));
        }
        return new ModelTiming(clock, layers, latency, 1);
    }

    /**
     * The whole accelerator behind a stream: inputs arrive as packed words of {@code stream.widthBits()} bits, one
     * word per stream cycle, and outputs leave the same way. A sample takes the input words, the model's latency and
     * the output words; a new sample can start every max(input words, output words, II) cycles.
     */
    public SystemTiming system(FirmwareModel model, StreamInterface stream) {
        ModelTiming core = estimate(model);
        long inputBits = 0;
        for (Input input : model.inputs()) {
            inputBits += totalWidth(input.type());
        }
        long outputBits = 0;
        for (String output : model.outputs()) {
            outputBits += totalWidth(model.outputType(output));
        }
        int inputWords = (int) Math.max(1, (inputBits + stream.widthBits() - 1) / stream.widthBits());
        int outputWords = (int) Math.max(1, (outputBits + stream.widthBits() - 1) / stream.widthBits());
        int interval = Math.max(core.initiationInterval(), Math.max(inputWords, outputWords));
        int latency = inputWords + core.latencyCycles() + outputWords;
        return new SystemTiming(core, stream, inputWords, outputWords, latency, interval);
    }

    private static long totalWidth(TensorType type) {
        long bits = 0;
        for (int i = 0; i < type.size(); i++) {
            bits += type.typeAt(i).width();
        }
        return bits;
    }

    /** Delay in ns of an adder tree of {@code levels} levels of {@code width}-bit adders. */
    static double adderTreeNs(int levels, int width) {
        return levels * (ADDER_BASE_NS + ADDER_PER_BIT_NS * width);
    }

    /** ceil(log2(n)) for n ≥ 1, 0 for n ≤ 1. */
    static int levels(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** Cycles of combinational logic of {@code delayNs} that may be chained into a neighbouring cycle. */
    private int chainable(double delayNs) {
        double budget = clock.budgetNs();
        return delayNs <= ABSORBED_FRACTION * budget ? 0 : (int) Math.ceil(delayNs / budget);
    }

    /** The latency of one layer. */
    private final class LayerLatency implements LayerVisitor<Integer> {

        private final List<TensorType> inputs;
        private final TensorType output;

        LayerLatency(List<TensorType> inputs, TensorType output) {
            this.inputs = inputs;
            this.output = output;
        }

        /** Multiply-accumulate with the largest fan-in {@code terms} and constants of up to {@code weightBits}. */
        private int multiplyAccumulate(int terms, int weightBits) {
            if (terms == 0) {
                return 0; // constant outputs: wiring
            }
            boolean dsp = weightBits >= DSP_WEIGHT_BITS;
            int multiply = dsp ? (int) Math.ceil(DSP_DELAY_NS / clock.budgetNs()) : 0;
            int shiftAddLevels = dsp ? 0 : levels(weightBits);
            int adderLevels = levels(terms + 1) + shiftAddLevels;
            double delay = adderTreeNs(adderLevels, output.maxWidth());
            return multiply + (int) Math.ceil(delay / clock.budgetNs()) + 1;
        }

        @Override
        public Integer visitDense(Dense layer) {
            int features = layer.inputFeatures();
            int units = layer.units();
            TensorType in = inputs.get(0);
            int rows = in.size() / features;
            int terms = 0;
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < units; j++) {
                    int n = 0;
                    for (int i = 0; i < features; i++) {
                        if (layer.kernel().raw(i * units + j).signum() != 0 && !in.typeAt(row * features + i).isZero()) {
                            n++;
                        }
                    }
                    terms = Math.max(terms, n);
                }
            }
            return multiplyAccumulate(terms, maxSignificantBits(layer.kernel()));
        }

        @Override
        public Integer visitConv(Conv layer) {
            TensorType in = inputs.get(0);
            SpatialGeometry g = layer.geometry(in.shape());
            int terms = 0;
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    for (int co = 0; co < layer.filters(); co++) {
                        int n = 0;
                        for (int ky = 0; ky < g.windowHeight(); ky++) {
                            for (int kx = 0; kx < g.windowWidth(); kx++) {
                                for (int ci = 0; ci < g.channels(); ci++) {
                                    int x = g.inputIndex(oy, ox, ky, kx, ci);
                                    if (x >= 0 && !in.typeAt(x).isZero()
                                            && layer.kernel().raw(layer.kernelIndex(ky, kx, ci, co)).signum() != 0) {
                                        n++;
                                    }
                                }
                            }
                        }
                        terms = Math.max(terms, n);
                    }
                }
            }
            return multiplyAccumulate(terms, maxSignificantBits(layer.kernel()));
        }

        @Override
        public Integer visitPool(Pool layer) {
            int window = layer.poolHeight() * layer.poolWidth();
            return chainable(adderTreeNs(levels(window), output.maxWidth()));
        }

        @Override
        public Integer visitAdd(Add layer) {
            return chainable(adderTreeNs(levels(layer.inputs().size()), output.maxWidth()));
        }

        @Override
        public Integer visitQuantize(Quantize layer) {
            // Rounding is an increment, saturation a comparison and a mux: about one adder of the input's width.
            boolean logic = false;
            for (FixedType t : layer.target().palette()) {
                logic |= t.quantization() != Quantization.TRN || t.overflow() != Overflow.WRAP;
            }
            return logic ? chainable(adderTreeNs(1, inputs.get(0).maxWidth())) : 0;
        }

        @Override
        public Integer visitRelu(Relu layer) {
            return chainable(adderTreeNs(1, 1));
        }

        @Override
        public Integer visitTableLookup(TableLookup layer) {
            return table(layer.table());
        }

        /** A table read: LUT logic up to {@value #LUT_TABLE_ENTRIES} entries, else one block-RAM cycle. */
        private int table(FixedTensor entries) {
            return entries.size() <= LUT_TABLE_ENTRIES ? 0 : 1;
        }

        @Override
        public Integer visitSoftmax(Softmax layer) {
            TensorType in = inputs.get(0);
            int n = in.shape().lastDim();
            int maxAndDifference = chainable(adderTreeNs(levels(n) + 1, in.maxWidth()));
            int sum = chainable(adderTreeNs(levels(n), layer.sumType(n).width()));
            int we = layer.expType().width();
            int wv = layer.invType().width();
            int multiply = Math.min(we, wv) >= DSP_WEIGHT_BITS
                    ? (int) Math.ceil(DSP_DELAY_NS / clock.budgetNs())
                    : (int) Math.ceil(adderTreeNs(levels(Math.min(we, wv)), we + wv) / clock.budgetNs());
            return maxAndDifference + table(layer.expTable()) + sum + table(layer.invTable()) + multiply + 1;
        }

        @Override
        public Integer visitInput(Input layer) {
            return 0;
        }

        @Override
        public Integer visitReshape(Reshape layer) {
            return 0;
        }

        @Override
        public Integer visitConcatenate(Concatenate layer) {
            return 0;
        }

        private int maxSignificantBits(FixedTensor constants) {
            int bits = 0;
            for (int i = 0; i < constants.size(); i++) {
                bits = Math.max(bits, constants.get(i).significantBits());
            }
            return bits;
        }
    }
}

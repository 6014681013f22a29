package io.hgq4j.emulator.program;

import io.hgq4j.emulator.EmulatorException;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.LongCast;
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
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a firmware model to a {@link Program}: assigns every tensor a region of the workspace (a Reshape shares its
 * input's region), then turns every layer into one op with all shifts, alignments and constants pre-computed. The
 * arithmetic stays the model's: accumulator LSBs and ranges come from the derived types, conversions from
 * {@link LongCast}.
 */
final class ProgramCompiler implements LayerVisitor<Op> {

    /** Accumulations must stay below 2^62 in magnitude so that no partial sum can overflow a long. */
    private static final int MAX_ACCUMULATOR_BITS = 62;
    /** Conversions sharing a target type and source LSB that run as one batched loop rather than one by one. */
    private static final int MIN_BATCHED_CASTS = 8;

    private final FirmwareModel model;
    private final Map<String, boolean[]> live;
    private final Map<String, Integer> offsets = new HashMap<>();
    private final Map<String, Integer> counterSlots = new LinkedHashMap<>();
    private final List<Integer> countedElements = new ArrayList<>();
    private int workspaceSize;

    private ProgramCompiler(FirmwareModel model) {
        this.model = model;
        this.live = Liveness.of(model);
    }

    static Program compile(FirmwareModel model) {
        ProgramCompiler compiler = new ProgramCompiler(model);
        compiler.checkWidths();
        List<Program.InputBinding> inputs = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        int inputOffset = 0;
        for (Layer layer : model.layers()) {
            compiler.allocate(layer);
            if (layer instanceof Input input) {
                inputs.add(compiler.bindInput(input, inputOffset));
                inputOffset += input.type().size();
            } else if (!(layer instanceof Reshape)) {
                ops.add(layer.accept(compiler));
            }
        }
        List<Program.OutputBinding> outputs = new ArrayList<>();
        int outputOffset = 0;
        for (String name : model.outputs()) {
            TensorType type = model.outputType(name);
            int[] exponents = new int[type.size()];
            for (int i = 0; i < exponents.length; i++) {
                exponents[i] = type.typeAt(i).lsbExponent();
            }
            outputs.add(new Program.OutputBinding(name, compiler.offsets.get(name), outputOffset, exponents));
            outputOffset += type.size();
        }
        return new Program(model, ops, inputs, outputs, compiler.workspaceSize, List.copyOf(compiler.counterSlots.keySet()),
                compiler.countedElements);
    }

    private void checkWidths() {
        for (Layer layer : model.layers()) {
            int width = model.outputType(layer.name()).maxWidth();
            if (width > LongCast.MAX_WIDTH) {
                throw new EmulatorException("layer '" + layer.name() + "' produces " + width + "-bit values; the "
                        + "emulator holds codes of up to " + LongCast.MAX_WIDTH + " bits (use the reference evaluator)");
            }
        }
    }

    private void allocate(Layer layer) {
        if (layer instanceof Reshape reshape) {
            offsets.put(layer.name(), offsets.get(reshape.input()));
            return;
        }
        offsets.put(layer.name(), workspaceSize);
        workspaceSize = Math.addExact(workspaceSize, model.outputType(layer.name()).size());
    }

    /** The counter slot of a layer whose conversions are counted over its live elements. */
    private int counterSlot(Layer layer) {
        return counterSlots.computeIfAbsent(layer.name(), k -> {
            countedElements.add(liveElements(k).length);
            return counterSlots.size();
        });
    }

    /** The elements of {@code layer}'s output that reach a model output, ascending. */
    private int[] liveElements(String layer) {
        boolean[] mask = live.get(layer);
        int[] elements = new int[mask.length];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                elements[n++] = i;
            }
        }
        return Arrays.copyOf(elements, n);
    }

    private boolean isLive(String layer, int element) {
        return live.get(layer)[element];
    }

    private Program.InputBinding bindInput(Input input, int inputOffset) {
        int[] elements = liveElements(input.name());
        return new Program.InputBinding(input.name(), inputOffset, input.type().size(), offsets.get(input.name()), elements,
                casts(input.type(), elements), counterSlot(input));
    }

    /** One conversion per listed element, shared between elements of the same type. */
    private static LongCast[] casts(TensorType type, int[] elements) {
        Map<FixedType, LongCast> shared = new HashMap<>();
        LongCast[] casts = new LongCast[elements.length];
        for (int k = 0; k < casts.length; k++) {
            casts[k] = shared.computeIfAbsent(type.typeAt(elements[k]), LongCast::into);
        }
        return casts;
    }

    private int offset(String layer) {
        return offsets.get(layer);
    }

    private TensorType typeOf(String layer) {
        return model.outputType(layer);
    }

    @Override
    public Op visitInput(Input layer) {
        throw new IllegalStateException("inputs are bound, not compiled");
    }

    @Override
    public Op visitReshape(Reshape layer) {
        throw new IllegalStateException("a reshape shares its input's workspace");
    }

    @Override
    public Op visitDense(Dense layer) {
        TensorType in = typeOf(layer.input());
        int features = layer.inputFeatures();
        int units = layer.units();
        LinearBuilder linear = new LinearBuilder(layer, typeOf(layer.name()), offset(layer.name()));
        int rows = in.size() / features;
        for (int row = 0; row < rows; row++) {
            for (int unit = 0; unit < units; unit++) {
                int out = row * units + unit;
                if (!isLive(layer.name(), out)) {
                    continue;
                }
                linear.output(out, layer.bias(), unit);
                for (int i = 0; i < features; i++) {
                    int x = row * features + i;
                    linear.term(offset(layer.input()) + x, in.typeAt(x), out, layer.kernel(), i * units + unit);
                }
            }
        }
        return linear.build();
    }

    @Override
    public Op visitConv(Conv layer) {
        TensorType in = typeOf(layer.input());
        SpatialGeometry g = layer.geometry(in.shape());
        int filters = layer.filters();
        LinearBuilder linear = new LinearBuilder(layer, typeOf(layer.name()), offset(layer.name()));
        for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
                for (int co = 0; co < filters; co++) {
                    int out = (oy * g.outWidth() + ox) * filters + co;
                    if (!isLive(layer.name(), out)) {
                        continue;
                    }
                    linear.output(out, layer.bias(), co);
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            for (int ci = 0; ci < g.channels(); ci++) {
                                int x = g.inputIndex(oy, ox, ky, kx, ci);
                                if (x >= 0) {
                                    linear.term(offset(layer.input()) + x, in.typeAt(x), out, layer.kernel(),
                                            layer.kernelIndex(ky, kx, ci, co));
                                }
                            }
                        }
                    }
                }
            }
        }
        return linear.build();
    }

    @Override
    public Op visitPool(Pool layer) {
        TensorType in = typeOf(layer.input());
        TensorType out = typeOf(layer.name());
        SpatialGeometry g = layer.geometry(in.shape());
        int channels = g.channels();
        boolean max = layer.reduction() == Pool.Reduction.MAX;
        LinearBuilder average = max ? null : new LinearBuilder(layer, out, offset(layer.name()));
        List<int[]> windows = new ArrayList<>();
        int[] liveOutputs = liveElements(layer.name());
        for (int k = 0; k < liveOutputs.length; k++) {
            int j = liveOutputs[k];
            if (!max) {
                average.output(j);
            }
            int c = j % channels;
            int oy = (j / channels) / g.outWidth();
            int ox = (j / channels) % g.outWidth();
            // An average is the window's sum read at an LSB k places lower: sum at the output LSB + k.
            int sumLsb = out.typeAt(j).lsbExponent() + (max ? 0 : layer.averageShift(g, oy, ox));
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    int x = g.inputIndex(oy, ox, ky, kx, c);
                    if (x < 0) {
                        continue;
                    }
                    FixedType t = in.typeAt(x);
                    int shift = t.isZero() ? 0 : t.lsbExponent() - sumLsb;
                    if (max) {
                        windows.add(new int[] {k, offset(layer.input()) + x, shift});
                    } else if (!t.isZero()) {
                        average.power(offset(layer.input()) + x, t, j, shift);
                    }
                }
            }
        }
        if (!max) {
            return average.build();
        }
        int[] start = new int[liveOutputs.length + 1];
        int[] slots = new int[windows.size()];
        int[] shifts = new int[windows.size()];
        for (int e = 0; e < windows.size(); e++) {
            int[] w = windows.get(e);
            start[w[0] + 1]++;
            slots[e] = w[1];
            shifts[e] = w[2];
        }
        int[] outputSlots = new int[liveOutputs.length];
        for (int k = 0; k < liveOutputs.length; k++) {
            start[k + 1] += start[k];
            outputSlots[k] = offset(layer.name()) + liveOutputs[k];
        }
        return new MaxOp(outputSlots, start, slots, shifts);
    }

    @Override
    public Op visitRelu(Relu layer) {
        return new ReluOp(offset(layer.input()), offset(layer.name()), liveElements(layer.name()));
    }

    @Override
    public Op visitAdd(Add layer) {
        TensorType out = typeOf(layer.name());
        LinearBuilder sum = new LinearBuilder(layer, out, offset(layer.name()));
        int[] liveOutputs = liveElements(layer.name());
        for (int i : liveOutputs) {
            sum.output(i);
        }
        for (String input : layer.inputs()) {
            TensorType in = typeOf(input);
            for (int i : liveOutputs) {
                FixedType t = in.typeAt(i);
                if (!t.isZero()) {
                    sum.power(offset(input) + i, t, i, t.lsbExponent() - out.typeAt(i).lsbExponent());
                }
            }
        }
        return sum.build();
    }

    @Override
    public Op visitConcatenate(Concatenate layer) {
        List<Shape> shapes = layer.inputs().stream().map(i -> typeOf(i).shape()).toList();
        int[] liveOutputs = liveElements(layer.name());
        int[] targets = new int[liveOutputs.length];
        int[] sources = new int[liveOutputs.length];
        for (int k = 0; k < liveOutputs.length; k++) {
            int[] from = layer.source(shapes, liveOutputs[k]);
            targets[k] = offset(layer.name()) + liveOutputs[k];
            sources[k] = offset(layer.inputs().get(from[0])) + from[1];
        }
        return new GatherOp(targets, sources);
    }

    @Override
    public Op visitTableLookup(TableLookup layer) {
        long[] table = new long[layer.table().size()];
        for (int i = 0; i < table.length; i++) {
            table[i] = layer.table().raw(i).longValueExact();
        }
        return new TableOp(offset(layer.input()), offset(layer.name()), liveElements(layer.name()), table);
    }

    @Override
    public Op visitSoftmax(Softmax layer) {
        TensorType in = typeOf(layer.input());
        int n = in.shape().lastDim();
        FixedType sum = layer.sumType(n);
        FixedType product = layer.productType();
        for (FixedType t : List.of(layer.expType(), layer.invType(), sum, product)) {
            if (t.width() > LongCast.MAX_WIDTH) {
                throw new EmulatorException("layer '" + layer.name() + "': a softmax intermediate has type " + t
                        + "; the emulator holds codes of up to " + LongCast.MAX_WIDTH + " bits (use the reference evaluator)");
            }
        }
        boolean[] liveOutputs = live.get(layer.name());
        List<Integer> rows = new ArrayList<>();
        for (int start = 0; start < liveOutputs.length; start += n) {
            for (int i = start; i < start + n; i++) {
                if (liveOutputs[i]) {
                    rows.add(start);
                    break;
                }
            }
        }
        return new SoftmaxOp(offset(layer.input()), offset(layer.name()), rows.stream().mapToInt(Integer::intValue).toArray(),
                n, in.uniformType().lsbExponent(), LongCast.into(layer.expIndex()), codes(layer.expTable()),
                layer.expType().lsbExponent(), LongCast.into(layer.invIndex()), codes(layer.invTable()),
                product.lsbExponent(), LongCast.into(layer.output()));
    }

    /** The codes of a table whose entry type the caller has checked to fit the fast path. */
    private static long[] codes(FixedTensor table) {
        long[] codes = new long[table.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = table.raw(i).longValueExact();
        }
        return codes;
    }

    @Override
    public Op visitQuantize(Quantize layer) {
        TensorType in = typeOf(layer.input());
        Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : liveElements(layer.name())) {
            groups.computeIfAbsent(List.of(layer.target().typeAt(i), in.typeAt(i).lsbExponent()), k -> new ArrayList<>()).add(i);
        }
        List<LongCast> groupCasts = new ArrayList<>();
        List<Integer> groupExponents = new ArrayList<>();
        List<int[]> groupElements = new ArrayList<>();
        List<Integer> scattered = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Integer>> group : groups.entrySet()) {
            if (group.getValue().size() >= MIN_BATCHED_CASTS) {
                groupCasts.add(LongCast.into((FixedType) group.getKey().get(0)));
                groupExponents.add((Integer) group.getKey().get(1));
                groupElements.add(group.getValue().stream().mapToInt(Integer::intValue).toArray());
            } else {
                scattered.addAll(group.getValue());
            }
        }
        int[] elements = scattered.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] exponents = new int[elements.length];
        for (int k = 0; k < elements.length; k++) {
            exponents[k] = in.typeAt(elements[k]).lsbExponent();
        }
        return new CastOp(offset(layer.input()), offset(layer.name()), groupCasts.toArray(LongCast[]::new),
                groupExponents.stream().mapToInt(Integer::intValue).toArray(), groupElements.toArray(int[][]::new),
                elements, casts(layer.target(), elements), exponents, counterSlot(layer));
    }

    /**
     * Collects the terms of a sparse linear op, shifting each constant onto its output's LSB and checking that no
     * partial sum can leave the range of a long.
     */
    private static final class LinearBuilder {

        private final Layer layer;
        private final TensorType out;
        private final int outputOffset;
        private final Map<Integer, Long> bias = new LinkedHashMap<>();
        private final Map<Integer, BigInteger> bound = new HashMap<>();
        private final Map<Integer, List<long[]>> columns = new LinkedHashMap<>();

        LinearBuilder(Layer layer, TensorType out, int outputOffset) {
            this.layer = layer;
            this.out = out;
            this.outputOffset = outputOffset;
        }

        /** Output {@code outIndex} is computed, starting from zero. */
        void output(int outIndex) {
            bias.put(outIndex, 0L);
            bound.put(outIndex, BigInteger.ZERO);
        }

        /** Output {@code outIndex} is computed, starting from constant element {@code index} of {@code constants}. */
        void output(int outIndex, FixedTensor constants, int index) {
            output(outIndex);
            BigInteger code = constants.raw(index);
            if (code.signum() == 0) {
                return;
            }
            BigInteger aligned = code.shiftLeft(shiftOnto(constants.type().typeAt(index).lsbExponent(), outIndex));
            bias.put(outIndex, aligned.longValueExact());
            bound.put(outIndex, aligned.abs());
        }

        /** Adds input slot × constant element {@code index} (skipped when either can only be zero). */
        void term(int inputSlot, FixedType inputType, int outIndex, FixedTensor constants, int index) {
            BigInteger code = constants.raw(index);
            if (code.signum() == 0 || inputType.isZero()) {
                return;
            }
            int shift = shiftOnto(inputType.lsbExponent() + constants.type().typeAt(index).lsbExponent(), outIndex);
            add(inputSlot, inputType, outIndex, code.shiftLeft(shift));
        }

        /** Adds input slot × 2^shift. */
        void power(int inputSlot, FixedType inputType, int outIndex, int shift) {
            if (shift < 0) {
                throw new IllegalStateException("layer '" + layer.name() + "': input finer than its output");
            }
            add(inputSlot, inputType, outIndex, BigInteger.ONE.shiftLeft(shift));
        }

        private int shiftOnto(int lsbExponent, int outIndex) {
            int shift = lsbExponent - out.typeAt(outIndex).lsbExponent();
            if (shift < 0 || out.typeAt(outIndex).isZero()) {
                throw new IllegalStateException("layer '" + layer.name() + "', element " + outIndex
                        + ": a term is finer than the derived type " + out.typeAt(outIndex));
            }
            return shift;
        }

        private void add(int inputSlot, FixedType inputType, int outIndex, BigInteger weight) {
            BigInteger largestInput = inputType.minRaw().abs().max(inputType.maxRaw());
            BigInteger b = bound.get(outIndex).add(largestInput.multiply(weight.abs()));
            if (b.bitLength() > MAX_ACCUMULATOR_BITS) {
                throw new EmulatorException("layer '" + layer.name() + "': partial sums of element " + outIndex
                        + " may need more than " + MAX_ACCUMULATOR_BITS + " bits; the emulator accumulates in 64-bit"
                        + " integers (use the reference evaluator)");
            }
            bound.put(outIndex, b);
            columns.computeIfAbsent(inputSlot, k -> new ArrayList<>())
                    .add(new long[] {outputOffset + outIndex, weight.longValueExact()});
        }

        SparseLinearOp build() {
            int[] inputs = columns.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            int entries = columns.values().stream().mapToInt(List::size).sum();
            int[] start = new int[inputs.length + 1];
            int[] outputs = new int[entries];
            long[] weights = new long[entries];
            int e = 0;
            for (int k = 0; k < inputs.length; k++) {
                start[k] = e;
                for (long[] entry : columns.get(inputs[k])) {
                    outputs[e] = (int) entry[0];
                    weights[e] = entry[1];
                    e++;
                }
            }
            start[inputs.length] = e;
            int[] biasSlots = bias.keySet().stream().mapToInt(i -> outputOffset + i).toArray();
            long[] biasValues = bias.values().stream().mapToLong(Long::longValue).toArray();
            return new SparseLinearOp(inputs, start, outputs, weights, biasSlots, biasValues);
        }
    }
}

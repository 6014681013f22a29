package io.hgq4j.emulator.program;

import io.hgq4j.model.fixed.LongCast;
import io.hgq4j.model.ir.FirmwareModel;
import java.util.List;

/**
 * A firmware model compiled for fast, bit-exact execution: a flat list of ops over a workspace of {@code long}
 * codes. Immutable and thread-safe; each thread brings its own workspace ({@link #newWorkspace()}).
 *
 * <p>Inputs and outputs are flat: the inputs of all input layers one after the other (in the model's order), and
 * likewise the outputs of all output layers.
 */
public final class Program {

    /**
     * Where the {@code size} values of one input layer come from, and how its live {@code elements} are quantized
     * ({@code casts[k]} for element {@code elements[k]}).
     */
    record InputBinding(String name, int inputOffset, int size, int workspaceOffset, int[] elements, LongCast[] casts,
                        int counterSlot) {
    }

    /** Where the codes of one output layer go, and the LSB exponent of each. */
    record OutputBinding(String name, int workspaceOffset, int outputOffset, int[] lsbExponents) {
    }

    private final FirmwareModel model;
    private final Op[] ops;
    private final InputBinding[] inputs;
    private final OutputBinding[] outputs;
    private final int workspaceSize;
    private final List<String> countedLayers;
    private final List<Integer> countedElements;
    private final int inputSize;
    private final int outputSize;

    Program(FirmwareModel model, List<Op> ops, List<InputBinding> inputs, List<OutputBinding> outputs, int workspaceSize,
            List<String> countedLayers, List<Integer> countedElements) {
        this.model = model;
        this.ops = ops.toArray(Op[]::new);
        this.inputs = inputs.toArray(InputBinding[]::new);
        this.outputs = outputs.toArray(OutputBinding[]::new);
        this.workspaceSize = workspaceSize;
        this.countedLayers = List.copyOf(countedLayers);
        this.countedElements = List.copyOf(countedElements);
        this.inputSize = inputs.stream().mapToInt(InputBinding::size).sum();
        this.outputSize = outputs.stream().mapToInt(b -> b.lsbExponents().length).sum();
    }

    /**
     * Compiles {@code model}.
     *
     * @throws io.hgq4j.emulator.EmulatorException if a value or partial sum would not fit the 64-bit fast path
     */
    public static Program compile(FirmwareModel model) {
        return ProgramCompiler.compile(model);
    }

    /** The model this program executes. */
    public FirmwareModel model() {
        return model;
    }

    /** Values per sample across all input layers. */
    public int inputSize() {
        return inputSize;
    }

    /** Codes per sample across all output layers. */
    public int outputSize() {
        return outputSize;
    }

    /** The number of ops. */
    public int opCount() {
        return ops.length;
    }

    /** The layers whose overflow events are counted (inputs and quantizers), in counter-slot order. */
    public List<String> countedLayers() {
        return countedLayers;
    }

    /**
     * The number of live elements (those that reach an output) of each {@link #countedLayers()} entry: overflow is
     * counted over these, since dead elements are never computed.
     */
    public List<Integer> countedElements() {
        return countedElements;
    }

    /** A workspace for one thread. */
    public long[] newWorkspace() {
        return new long[workspaceSize];
    }

    /** Overflow counters for one thread, one slot per {@link #countedLayers()} entry. */
    public long[] newOverflowCounts() {
        return new long[countedLayers.size()];
    }

    /**
     * Runs one sample: quantizes {@code inputSize()} values from {@code input[inputOffset...]}, executes the program
     * and writes {@code outputSize()} codes to {@code output[outputOffset...]}. Allocates nothing.
     *
     * @throws IllegalArgumentException if an input value is NaN or infinite
     */
    public void run(double[] input, int inputOffset, long[] workspace, long[] overflowCounts, long[] output,
                    int outputOffset) {
        for (InputBinding in : inputs) {
            int base = inputOffset + in.inputOffset();
            for (int i = 0; i < in.size(); i++) {
                if (!Double.isFinite(input[base + i])) {
                    throw new IllegalArgumentException("input '" + in.name() + "', element " + i + " is " + input[base + i]
                            + "; inputs must be finite numbers");
                }
            }
            int[] elements = in.elements();
            LongCast[] casts = in.casts();
            for (int k = 0; k < elements.length; k++) {
                int i = elements[k];
                workspace[in.workspaceOffset() + i] = casts[k].fromDouble(input[base + i], overflowCounts, in.counterSlot());
            }
        }
        for (Op op : ops) {
            op.run(workspace, overflowCounts);
        }
        for (OutputBinding out : outputs) {
            System.arraycopy(workspace, out.workspaceOffset(), output, outputOffset + out.outputOffset(),
                    out.lsbExponents().length);
        }
    }

    /** The value of output code {@code index} (of the flat output), exact for codes of up to 53 bits. */
    public double outputValue(int index, long code) {
        for (OutputBinding out : outputs) {
            int at = index - out.outputOffset();
            if (at >= 0 && at < out.lsbExponents().length) {
                return Math.scalb((double) code, out.lsbExponents()[at]);
            }
        }
        throw new IndexOutOfBoundsException("output index " + index + " of " + outputSize);
    }
}

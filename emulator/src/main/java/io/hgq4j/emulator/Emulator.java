package io.hgq4j.emulator;

import io.hgq4j.emulator.program.Program;
import io.hgq4j.model.ir.FirmwareModel;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs a firmware model bit-exactly and fast: the model is compiled once into a {@link Program} over 64-bit integer
 * codes, and batches are split across threads. Outputs equal the reference evaluator's code for code.
 *
 * <p>Inputs and outputs are flat per sample: the values of every input layer one after the other, and the codes of
 * every output layer likewise ({@link #inputSize()}, {@link #outputSize()}).
 */
public final class Emulator {

    /** Below this many samples per thread, a batch runs on the calling thread alone. */
    private static final int MIN_SAMPLES_PER_THREAD = 512;

    private final Program program;

    private Emulator(Program program) {
        this.program = program;
    }

    /**
     * Compiles {@code model} for emulation.
     *
     * @throws EmulatorException if a value or partial sum would not fit the emulator's 64-bit integers
     */
    public static Emulator of(FirmwareModel model) {
        return new Emulator(Program.compile(model));
    }

    /** The compiled program (for callers that manage workspaces and threads themselves). */
    public Program program() {
        return program;
    }

    /** The model. */
    public FirmwareModel model() {
        return program.model();
    }

    /** Input values per sample. */
    public int inputSize() {
        return program.inputSize();
    }

    /** Output codes per sample. */
    public int outputSize() {
        return program.outputSize();
    }

    /** Runs a batch given as one row per sample, with as many threads as there are processors. */
    public Result run(double[][] samples) {
        double[] flat = new double[samples.length * inputSize()];
        for (int s = 0; s < samples.length; s++) {
            if (samples[s].length != inputSize()) {
                throw new IllegalArgumentException("sample " + s + " has " + samples[s].length + " values; the model takes "
                        + inputSize());
            }
            System.arraycopy(samples[s], 0, flat, s * inputSize(), inputSize());
        }
        return run(flat, samples.length, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code count} samples stored one after the other in {@code inputs}.
     *
     * @param threads the most threads to use, up to the processors (large batches are split evenly across the common
     *                fork-join pool and the caller; small ones run on the caller alone)
     * @throws IllegalArgumentException if {@code inputs} has the wrong length or holds a non-finite value
     */
    public Result run(double[] inputs, int count, int threads) {
        return run(inputs, count, new long[count * outputSize()], threads);
    }

    /**
     * Runs {@code count} samples stored one after the other in {@code inputs}, writing {@code outputSize()} codes per
     * sample into {@code codes} (which the result then wraps): no allocation proportional to the batch.
     *
     * @throws IllegalArgumentException if an array has the wrong length or an input is not finite
     */
    public Result run(double[] inputs, int count, long[] codes, int threads) {
        if (inputs.length != (long) count * inputSize()) {
            throw new IllegalArgumentException(inputs.length + " input values for " + count + " samples of " + inputSize());
        }
        if (codes.length != (long) count * outputSize()) {
            throw new IllegalArgumentException(codes.length + " output slots for " + count + " samples of " + outputSize());
        }
        // The common fork-join pool keeps its workers alive between batches, and the calling thread takes part.
        int available = ForkJoinPool.getCommonPoolParallelism() + 1;
        int workers = Math.max(1, Math.min(Math.min(threads, available), count / MIN_SAMPLES_PER_THREAD));
        long[][] counts = new long[workers][];
        if (workers == 1) {
            counts[0] = runRange(inputs, codes, 0, count);
        } else {
            IntStream.range(0, workers).parallel().forEach(w ->
                    counts[w] = runRange(inputs, codes, start(w, workers, count), start(w + 1, workers, count)));
        }
        return new Result(program, count, codes, OverflowReport.of(program, count, counts), workers);
    }

    private static int start(int worker, int workers, int count) {
        return (int) ((long) count * worker / workers);
    }

    private long[] runRange(double[] inputs, long[] codes, int from, int to) {
        long[] workspace = program.newWorkspace();
        long[] overflowCounts = program.newOverflowCounts();
        for (int s = from; s < to; s++) {
            program.run(inputs, s * inputSize(), workspace, overflowCounts, codes, s * outputSize());
        }
        return overflowCounts;
    }

    /**
     * The outputs of a batch: {@code outputSize()} codes per sample, their values, and the overflow events.
     *
     * @param count    the number of samples
     * @param codes    the output codes, one row per sample
     * @param overflow how often each input or quantizer layer had to apply its overflow mode
     * @param threads  the number of threads that ran the batch
     */
    public record Result(Program program, int count, long[] codes, OverflowReport overflow, int threads) {

        /** The codes of one sample. */
        public long[] codes(int sample) {
            int n = program.outputSize();
            long[] row = new long[n];
            System.arraycopy(codes, sample * n, row, 0, n);
            return row;
        }

        /** The output values of one sample (exact for codes of up to 53 bits). */
        public double[] values(int sample) {
            int n = program.outputSize();
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                row[j] = program.outputValue(j, codes[sample * n + j]);
            }
            return row;
        }

        /** The index of the largest output of one sample (the predicted class), the first one on ties. */
        public int argmax(int sample) {
            double[] v = values(sample);
            int best = 0;
            for (int j = 1; j < v.length; j++) {
                if (v[j] > v[best]) {
                    best = j;
                }
            }
            return best;
        }
    }
}

package io.hgq4j.emulator;

import io.hgq4j.emulator.program.Program;
import io.hgq4j.model.ir.FirmwareModel;
import java.util.ArrayList;
import java.util.List;

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
     * @param threads the most threads to use (large batches are split evenly; small ones run on the caller)
     * @throws IllegalArgumentException if {@code inputs} has the wrong length or holds a non-finite value
     */
    public Result run(double[] inputs, int count, int threads) {
        if (inputs.length != (long) count * inputSize()) {
            throw new IllegalArgumentException(inputs.length + " input values for " + count + " samples of " + inputSize());
        }
        long[] codes = new long[count * outputSize()];
        int workers = Math.max(1, Math.min(threads, count / MIN_SAMPLES_PER_THREAD));
        long[][] counts = new long[workers][];
        if (workers == 1) {
            counts[0] = runRange(inputs, codes, 0, count);
        } else {
            List<Thread> started = new ArrayList<>();
            RuntimeException[] failure = new RuntimeException[workers];
            for (int w = 1; w < workers; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    try {
                        counts[worker] = runRange(inputs, codes, start(worker, workers, count), start(worker + 1, workers, count));
                    } catch (RuntimeException e) {
                        failure[worker] = e;
                    }
                }, "hgq4j-emulator-" + w);
                t.start();
                started.add(t);
            }
            counts[0] = runRange(inputs, codes, 0, start(1, workers, count));
            for (Thread t : started) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmulatorException("interrupted while emulating a batch");
                }
            }
            for (RuntimeException e : failure) {
                if (e != null) {
                    throw e;
                }
            }
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

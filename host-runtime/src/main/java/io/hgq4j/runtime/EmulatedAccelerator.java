package io.hgq4j.runtime;

import io.hgq4j.emulator.program.Program;
import java.nio.ByteBuffer;

/**
 * The accelerator as its bus sees it, computed by the emulator: input words in, output words out, bit for bit what
 * the generated hardware produces, and how many clock cycles a batch takes on it. The emulator device runs batches
 * through it directly; the emulated Zynq board puts it behind a register-level AXI DMA.
 *
 * <p>Not thread-safe: one batch at a time. Scratch arrays grow with the largest batch and are then reused.
 */
public final class EmulatedAccelerator {

    private final SampleCodec codec;
    private final Program program;
    private final int latencyCycles;
    private final int initiationInterval;
    private final long[] workspace;
    private final long[] overflowCounts;
    private final int[] inputLsb;
    private long[] inputCodes = new long[0];
    private double[] inputValues = new double[0];
    private long[] outputCodes = new long[0];

    /** The accelerator of {@code artifact}. */
    public EmulatedAccelerator(Artifact artifact, SampleCodec codec) {
        this.codec = codec;
        this.program = Program.compile(artifact.model());
        this.latencyCycles = artifact.manifest().latencyCycles();
        this.initiationInterval = Math.max(1, artifact.manifest().initiationInterval());
        this.workspace = program.newWorkspace();
        this.overflowCounts = program.newOverflowCounts();
        this.inputLsb = new int[codec.inputSize()];
        for (int e = 0; e < inputLsb.length; e++) {
            inputLsb[e] = codec.inputType(e).isZero() ? 0 : codec.inputType(e).lsbExponent();
        }
    }

    /** The codec of its ports. */
    public SampleCodec codec() {
        return codec;
    }

    /**
     * Computes {@code count} samples: input words from byte {@code inputOffset} of {@code input}, output words to byte
     * {@code outputOffset} of {@code output} (both little-endian).
     */
    public void process(ByteBuffer input, int inputOffset, ByteBuffer output, int outputOffset, int count) {
        int n = codec.inputSize();
        int m = codec.outputSize();
        if (inputCodes.length < count * n) {
            inputCodes = new long[count * n];
            inputValues = new double[count * n];
        }
        if (outputCodes.length < count * m) {
            outputCodes = new long[count * m];
        }
        codec.decodeInputs(input.slice(inputOffset, codec.inputBytes(count)).order(input.order()), count, inputCodes, 0);
        for (int i = 0; i < count * n; i++) {
            // Exact: the code times a power of two; the emulator's input quantizer then gives back the same code.
            inputValues[i] = Math.scalb((double) inputCodes[i], inputLsb[i % n]);
        }
        for (int s = 0; s < count; s++) {
            program.run(inputValues, s * n, workspace, overflowCounts, outputCodes, s * m);
        }
        codec.encodeOutputs(outputCodes, 0, count,
                output.slice(outputOffset, codec.outputBytes(count)).order(output.order()));
    }

    /**
     * Clock cycles from the first input word to the last output word of a batch of {@code count} samples: the core's
     * latency plus one slot per sample, a slot being the longest of the initiation interval and the input and output
     * words a sample takes on the stream (one word per cycle).
     */
    public long cycles(int count) {
        long slot = Math.max(initiationInterval,
                Math.max(codec.inputLayout().wordsPerSample(), codec.outputLayout().wordsPerSample()));
        return latencyCycles + slot * count;
    }
}

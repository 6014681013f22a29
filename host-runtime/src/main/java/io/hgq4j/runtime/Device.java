package io.hgq4j.runtime;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A compiled model ready to run: on an Alveo card, a Zynq board, or the emulator. Every kind computes the same
 * outputs bit for bit; they differ in speed and in what they need. Open one with {@link Devices#open}.
 *
 * <p>A device runs one batch at a time; calls from several threads are serialized. {@link #submit} queues a batch on
 * the device's own thread. Buffers are reused between batches: the hot path allocates nothing but what grows.
 */
public interface Device extends AutoCloseable {

    /** What this device is, its board, clock and latency. */
    DeviceInfo info();

    /** The artifact it runs. */
    Artifact artifact();

    /** How samples are packed for it. */
    SampleCodec codec();

    /**
     * Runs {@code count} samples given as raw input words (packed as {@link #codec()} says, from index 0 of
     * {@code input}) and writes their output words from index 0 of {@code output}. Both buffers little-endian; direct
     * buffers avoid a copy on hardware.
     *
     * @throws IllegalArgumentException if a buffer is too small or big-endian, or count is not positive
     * @throws DeviceException          if the device fails (the device stays usable for the next batch)
     */
    void inferPacked(ByteBuffer input, ByteBuffer output, int count);

    /**
     * Runs {@code count} samples of real inputs ({@code count × inputSize} values) and writes the output codes
     * ({@code count × outputSize}) into {@code codes}.
     *
     * @throws IllegalArgumentException for a wrong length or a value that is not finite
     * @throws DeviceException          if the device fails
     */
    void infer(float[] inputs, int count, long[] codes);

    /** {@link #infer(float[], int, long[])} for doubles (quantized exactly as the emulator quantizes them). */
    void infer(double[] inputs, int count, long[] codes);

    /** {@link #infer(float[], int, long[])} into a new array. */
    default Outputs infer(float[] inputs, int count) {
        long[] codes = new long[Math.multiplyExact(count, codec().outputSize())];
        infer(inputs, count, codes);
        return new Outputs(codec(), count, codes);
    }

    /** Runs a batch on the device's thread; the future fails with the batch's exception. */
    CompletableFuture<Outputs> submit(float[] inputs, int count);

    /** Releases the device (buffers, handles, the device's thread); idempotent. */
    @Override
    void close();
}

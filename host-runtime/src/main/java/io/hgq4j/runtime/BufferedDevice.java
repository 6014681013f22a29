package io.hgq4j.runtime;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The part every device shares: argument checks, one batch at a time, reusable word buffers for {@link #infer}, and
 * the device's own thread for {@link #submit}. A device implements {@link #run}.
 */
public abstract class BufferedDevice implements Device {

    private final Artifact artifact;
    private final SampleCodec codec;
    private ByteBuffer inputWords;
    private ByteBuffer outputWords;
    private ExecutorService worker;
    private boolean closed;

    /** A device for {@code artifact}. */
    protected BufferedDevice(Artifact artifact) {
        this.artifact = artifact;
        this.codec = SampleCodec.of(artifact.manifest(), artifact.model());
    }

    @Override
    public final Artifact artifact() {
        return artifact;
    }

    @Override
    public final SampleCodec codec() {
        return codec;
    }

    /**
     * Runs {@code count} samples: input words from index 0 of {@code input}, output words to index 0 of
     * {@code output}; called one batch at a time with checked buffers.
     */
    protected abstract void run(ByteBuffer input, ByteBuffer output, int count);

    /** Releases what the device holds; called once. */
    protected abstract void release();

    @Override
    public final synchronized void inferPacked(ByteBuffer input, ByteBuffer output, int count) {
        checkOpen();
        if (count <= 0) {
            throw new IllegalArgumentException("a batch needs at least one sample, got " + count);
        }
        check(input, codec.inputBytes(count), "input");
        check(output, codec.outputBytes(count), "output");
        run(input, output, count);
    }

    @Override
    public final synchronized void infer(float[] inputs, int count, long[] codes) {
        prepare(inputs.length, count, codes);
        codec.encode(inputs, 0, count, inputWords);
        runAndDecode(count, codes);
    }

    @Override
    public final synchronized void infer(double[] inputs, int count, long[] codes) {
        prepare(inputs.length, count, codes);
        codec.encode(inputs, 0, count, inputWords);
        runAndDecode(count, codes);
    }

    private void prepare(int values, int count, long[] codes) {
        checkOpen();
        if (count <= 0) {
            throw new IllegalArgumentException("a batch needs at least one sample, got " + count);
        }
        if (values != (long) count * codec.inputSize()) {
            throw new IllegalArgumentException(values + " input values for " + count + " samples of "
                    + codec.inputSize());
        }
        if (codes.length != (long) count * codec.outputSize()) {
            throw new IllegalArgumentException(codes.length + " output slots for " + count + " samples of "
                    + codec.outputSize());
        }
        if (inputWords == null || inputWords.capacity() < codec.inputBytes(count)) {
            inputWords = codec.newInputBuffer(count);
            outputWords = codec.newOutputBuffer(count);
        }
    }

    private void runAndDecode(int count, long[] codes) {
        run(inputWords, outputWords, count);
        codec.decode(outputWords, count, codes, 0);
    }

    @Override
    public final CompletableFuture<Outputs> submit(float[] inputs, int count) {
        ExecutorService executor;
        synchronized (this) {
            checkOpen();
            if (worker == null) {
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "hgq4j-device-" + info().kind());
                    t.setDaemon(true);
                    return t;
                });
            }
            executor = worker;
        }
        return CompletableFuture.supplyAsync(() -> infer(inputs, count), executor);
    }

    @Override
    public final void close() {
        ExecutorService executor;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            executor = worker;
        }
        if (executor != null) {
            executor.shutdown();
        }
        synchronized (this) {
            release();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the " + info().kind() + " device is closed");
        }
    }

    private static void check(ByteBuffer b, int bytes, String port) {
        if (b.order() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("the " + port + " buffer must be little-endian (the bus's byte order)");
        }
        if (b.capacity() < bytes) {
            throw new IllegalArgumentException("the " + port + " buffer holds " + b.capacity() + " bytes; " + bytes
                    + " needed");
        }
    }
}

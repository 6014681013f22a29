package io.hgq4j.server;

import io.hgq4j.runtime.SampleCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynamic batching for one model: requests queue (bounded, in samples); the model's own thread takes the first, waits
 * up to the maximum queue delay (counted from that request's arrival) for more to join until the batch is full, drops
 * those whose deadline has passed, and runs the rest as one device batch. Device work therefore never runs on a
 * network thread, and a device error fails only the batch it happened in.
 */
final class Batcher implements AutoCloseable {

    /** One request: {@code count} samples of inputs, its deadline ({@link System#nanoTime()}) and its result. */
    record Request(double[] inputs, int count, long arrived, long deadline, String protocol,
                   CompletableFuture<InferenceResult> result) {
    }

    private final ServedModel model;
    private final ServerMetrics metrics;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final int capacity;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closing;
    private Request carried;
    private double[] inputs = new double[0];
    private long[] codes = new long[0];
    private ByteBuffer inputWords;
    private ByteBuffer outputWords;

    Batcher(ServedModel model, ServerConfig config, ServerMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.maxBatch = config.maxBatch();
        this.maxDelayNanos = config.maxQueueDelay().toNanos();
        this.capacity = config.queueCapacity();
        this.worker = new Thread(this::run, "hgq4j-batcher-" + model.name());
        worker.setDaemon(true);
        worker.start();
    }

    /** Whether it still takes requests. */
    boolean running() {
        return !closing && worker.isAlive();
    }

    /** Samples waiting. */
    int queuedSamples() {
        return queued.get();
    }

    /**
     * Queues a request, or refuses it at once (the future fails with {@link InferenceException.Status#UNAVAILABLE})
     * when the queue is full or the server is shutting down.
     */
    void submit(Request request) {
        InferenceException refusal = null;
        synchronized (this) { // against close(): nothing is queued once the worker may have drained the queue
            if (closing) {
                refusal = new InferenceException(InferenceException.Status.UNAVAILABLE, "the server is shutting down");
            } else {
                int after = queued.addAndGet(request.count());
                if (after > capacity && after != request.count()) { // one request larger than the queue runs alone
                    queued.addAndGet(-request.count());
                    refusal = new InferenceException(InferenceException.Status.UNAVAILABLE, "model '" + model.name()
                            + "' is overloaded: " + (after - request.count()) + " samples queued (capacity "
                            + capacity + "); retry later");
                } else {
                    queue.add(request);
                }
            }
        }
        if (refusal != null) {
            fail(request, refusal);
        }
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!closing || carried != null || !queue.isEmpty()) {
            try {
                Request first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int samples = first.count();
                long flushAt = first.arrived() + maxDelayNanos;
                while (samples < maxBatch) {
                    long wait = flushAt - System.nanoTime();
                    Request next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (samples + next.count() > maxBatch) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    samples += next.count();
                }
                execute(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void execute(List<Request> batch) {
        long now = System.nanoTime();
        int total = 0;
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            queued.addAndGet(-r.count());
            if (r.deadline() - now < 0) {
                fail(r, new InferenceException(InferenceException.Status.UNAVAILABLE,
                        "deadline exceeded after " + (now - r.arrived()) / 1000 + " µs in the queue"));
                batch.set(i, null);
            } else {
                total += r.count();
            }
        }
        if (total == 0) {
            return;
        }
        SampleCodec codec = model.codec();
        int n = codec.inputSize();
        int m = codec.outputSize();
        if (inputs.length < total * n) {
            int room = Math.max(total, maxBatch);
            inputs = new double[room * n];
            codes = new long[room * m];
            inputWords = codec.newInputBuffer(room);
            outputWords = codec.newOutputBuffer(room);
        }
        int at = 0;
        for (Request r : batch) {
            if (r != null) {
                System.arraycopy(r.inputs(), 0, inputs, at * n, r.count() * n);
                at += r.count();
            }
        }
        metrics.batch(model.name(), total);
        try {
            codec.encode(inputs, 0, total, inputWords);
            model.device().inferPacked(inputWords, outputWords, total);
            codec.decode(outputWords, total, codes, 0);
        } catch (RuntimeException e) {
            metrics.deviceError(model.name());
            InferenceException failure = new InferenceException(InferenceException.Status.DEVICE_ERROR,
                    "device " + model.device().info().kind() + " failed the batch: " + e.getMessage());
            for (Request r : batch) {
                if (r != null) {
                    fail(r, failure);
                }
            }
            return;
        }
        at = 0;
        long done = System.nanoTime();
        for (Request r : batch) {
            if (r != null) {
                long[] own = new long[r.count() * m];
                System.arraycopy(codes, at * m, own, 0, own.length);
                at += r.count();
                metrics.latency(model.name(), done - r.arrived());
                metrics.request(model.name(), r.protocol(), "ok");
                r.result().complete(new InferenceResult(model, r.count(), own));
            }
        }
    }

    private void fail(Request r, InferenceException e) {
        metrics.request(model.name(), r.protocol(), e.status().label());
        r.result().completeExceptionally(e);
    }

    /** Refuses new requests, finishes the queued ones, and stops the thread (waiting at most 10 s). */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

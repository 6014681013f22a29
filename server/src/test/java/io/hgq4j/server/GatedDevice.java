package io.hgq4j.server;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceInfo;
import io.hgq4j.runtime.EmulatorDevice;
import io.hgq4j.runtime.Outputs;
import io.hgq4j.runtime.SampleCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The emulator device with test controls: a gate that holds batches (so queues fill without sleeping), a cost per
 * batch (a slower device, so that load can exceed its capacity), and a switch that makes the next batch fail as a
 * device would.
 */
final class GatedDevice implements Device {

    private final EmulatorDevice device;
    private final Semaphore gate = new Semaphore(Integer.MAX_VALUE);
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile long batchCostNanos;

    GatedDevice(Artifact artifact) {
        this.device = new EmulatorDevice(artifact);
    }

    /** Holds every batch from now until {@link #open()}. */
    void close(boolean hold) {
        if (hold) {
            gate.drainPermits();
        }
    }

    /** Lets held batches run. */
    void open() {
        gate.release(Integer.MAX_VALUE / 2);
    }

    /** Waits until a batch has reached the device. */
    boolean awaitBatch() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    /** Makes every batch take at least this long, as a slower device would (the batcher's thread waits). */
    void batchCost(long nanos) {
        batchCostNanos = nanos;
    }

    /** Makes the next batch fail. */
    void failNextBatch() {
        failNext.set(true);
    }

    @Override
    public DeviceInfo info() {
        return device.info();
    }

    @Override
    public Artifact artifact() {
        return device.artifact();
    }

    @Override
    public SampleCodec codec() {
        return device.codec();
    }

    @Override
    public void inferPacked(ByteBuffer input, ByteBuffer output, int count) {
        entered.countDown();
        try {
            if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new DeviceException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted");
        }
        gate.release();
        long busyUntil = System.nanoTime() + batchCostNanos;
        while (System.nanoTime() - busyUntil < 0) { // the device's time: parked, as a thread waiting on a DMA would be
            java.util.concurrent.locks.LockSupport.parkNanos(busyUntil - System.nanoTime());
        }
        if (failNext.getAndSet(false)) {
            throw new DeviceException("AXI DMA axi_dma_0: injected slave error");
        }
        device.inferPacked(input, output, count);
    }

    @Override
    public void infer(float[] inputs, int count, long[] codes) {
        device.infer(inputs, count, codes);
    }

    @Override
    public void infer(double[] inputs, int count, long[] codes) {
        device.infer(inputs, count, codes);
    }

    @Override
    public CompletableFuture<Outputs> submit(float[] inputs, int count) {
        return device.submit(inputs, count);
    }

    @Override
    public void close() {
        device.close();
    }
}

package io.hgq4j.runtime.zynq;

/**
 * Time on the emulated board, in nanoseconds: it advances only when the driver touches a register, by the cost of one
 * AXI-Lite access, so that polling makes time pass exactly as on a board but no test waits on the wall clock.
 */
public final class SimulatedClock {

    private long nanos;

    /** The current simulated time. */
    public long nanos() {
        return nanos;
    }

    /** Moves time forward by {@code delta} nanoseconds. */
    public void advance(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("time cannot go back (" + delta + " ns)");
        }
        nanos += delta;
    }
}

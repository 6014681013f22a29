package io.hgq4j.emulator.program;

/**
 * One step of a compiled program: reads and writes codes in a per-sample workspace. Implementations hold only
 * immutable, pre-computed arrays, so one program serves any number of threads, each with its own workspace.
 */
public interface Op {

    /**
     * Executes the step for one sample.
     *
     * @param workspace      the sample's codes, one slot per element of every tensor
     * @param overflowCounts per-layer counters of conversions where the overflow mode acted
     */
    void run(long[] workspace, long[] overflowCounts);
}

package io.hgq4j.model.cmvm;

/**
 * How {@link AdderGraph#optimize} trades adders against adder depth (latency).
 *
 * <p>Every output's minimum depth is ⌈log2 n⌉ for its n non-zero CSD digits (a balanced tree of the digit terms,
 * which is what {@link AdderGraph#naive} builds). Sharing subexpressions saves adders but can make an output's terms
 * deeper and so its tree deeper; {@code maxExtraDepth} bounds that.
 *
 * @param maxExtraDepth     how many adder levels each output may exceed its minimum depth by; {@link #UNLIMITED}
 *                          for no bound (fewest adders). With 0 the graph is exactly as deep as the naive one.
 * @param balancedSummation whether the terms an output is left with after sharing are summed in a tree of minimal
 *                          depth (true) or in a chain by increasing shift (false: same adder count, deeper; only
 *                          allowed with an unlimited depth)
 */
public record CmvmOptions(int maxExtraDepth, boolean balancedSummation) {

    /** No bound on the extra depth. */
    public static final int UNLIMITED = -1;

    /** Validates the combination. */
    public CmvmOptions {
        if (maxExtraDepth < UNLIMITED) {
            throw new IllegalArgumentException("maxExtraDepth must be >= 0 or UNLIMITED, got " + maxExtraDepth);
        }
        if (maxExtraDepth != UNLIMITED && !balancedSummation) {
            throw new IllegalArgumentException("a depth bound needs the balanced final summation");
        }
    }

    /** Fewest adders: unlimited extra depth, balanced final summation. */
    public static CmvmOptions defaults() {
        return new CmvmOptions(UNLIMITED, true);
    }

    /** Sharing only where it adds no adder level: every output as shallow as in the naive graph. */
    public static CmvmOptions minimumDepth() {
        return new CmvmOptions(0, true);
    }

    /** These options with {@code maxExtraDepth} replaced. */
    public CmvmOptions withMaxExtraDepth(int extra) {
        return new CmvmOptions(extra, balancedSummation);
    }

    /** Whether the depth is bounded. */
    public boolean depthBounded() {
        return maxExtraDepth != UNLIMITED;
    }
}

package io.hgq4j.quantizer.nn;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread count of ND4J's native operations and BLAS. On the small networks HGQ trains, the training step spends
 * much of its time in single-threaded Java passes between native calls, and idle OpenMP threads spin through them:
 * measured on a 2-core machine, two native threads made the jet and MNIST training steps several times slower than
 * one (docs/ARCHITECTURE.md, "Training speed"). The command line therefore uses one thread unless
 * {@code OMP_NUM_THREADS} says otherwise.
 */
public final class NativeThreads {

    /** The environment variable that, when set, leaves the thread count to OpenMP. */
    public static final String ENVIRONMENT = "OMP_NUM_THREADS";

    private NativeThreads() {
    }

    /** Limits native operations and BLAS to {@code threads} threads. */
    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** One native thread, unless {@value #ENVIRONMENT} is set (then OpenMP's own setting stands). */
    public static void defaultToOne() {
        String configured = System.getenv(ENVIRONMENT);
        if (configured == null || configured.isBlank()) {
            limit(1);
        }
    }
}

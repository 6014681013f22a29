package io.hgq4j.quantizer.train;

/**
 * Steers β toward a target EBOPs, after HGQ2's PID sugar: a proportional-integral controller on the error in log
 * space, e = log(EBOPs / target), updated once per epoch after a warm-up during which β stays at its start value:
 * log β = log β₀ + P·e + I·Σe. Too many EBOPs raise β, too few lower it.
 */
public final class BetaController {

    private final double target;
    private final double proportional;
    private final double integral;
    private final int warmupEpochs;
    private final double minBeta;
    private final double maxBeta;
    private final double logInitial;
    private double logBeta;
    private double accumulated;

    /**
     * @param target       the EBOPs to reach
     * @param initialBeta  β at the start
     * @param proportional gain on the current log error (HGQ2: 1)
     * @param integral     gain on the accumulated log error (HGQ2: 2e−3)
     * @param warmupEpochs epochs before the controller acts (HGQ2: 10)
     */
    public BetaController(double target, double initialBeta, double proportional, double integral, int warmupEpochs) {
        if (!(target > 0) || !(initialBeta > 0)) {
            throw new IllegalArgumentException("target EBOPs and initial beta must be > 0");
        }
        this.target = target;
        this.proportional = proportional;
        this.integral = integral;
        this.warmupEpochs = warmupEpochs;
        this.logInitial = Math.log(initialBeta);
        this.logBeta = logInitial;
        this.minBeta = 1e-12;
        this.maxBeta = 1;
    }

    /** The β to use in the next epoch, given the epoch just finished and its EBOPs. */
    public double update(int epoch, double ebops) {
        if (epoch >= warmupEpochs && ebops > 0) {
            double error = Math.log(ebops / target);
            accumulated += error;
            logBeta = logInitial + proportional * error + integral * accumulated;
            logBeta = Math.max(Math.log(minBeta), Math.min(Math.log(maxBeta), logBeta));
        }
        return Math.exp(logBeta);
    }

    /** The controller's memory, for checkpoints: log β and the accumulated error. */
    public double[] state() {
        return new double[] {logBeta, accumulated};
    }

    /** Restores {@link #state()}. */
    public void restore(double[] state) {
        if (state.length != 2 || !Double.isFinite(state[0]) || !Double.isFinite(state[1])) {
            throw new IllegalArgumentException("a beta controller state is two finite numbers");
        }
        logBeta = state[0];
        accumulated = state[1];
    }

    /** The current β. */
    public double beta() {
        return Math.exp(logBeta);
    }
}

package io.hgq4j.quantizer.train;

import java.nio.file.Path;

/**
 * Where a training run stands between epochs: everything besides the network that the next epoch depends on. A run
 * resumed from a checkpoint continues exactly as it would have without the interruption.
 */
public final class TrainingProgress {

    private int epochsDone;
    private final Adam adam = new Adam();
    private double beta;
    private final BetaController controller;
    private double exactPerEstimated = 1;
    private final ParetoFront<Path> front = new ParetoFront<>();

    private TrainingProgress(TrainingOptions options) {
        this.beta = options.beta().at(0);
        this.controller = options.targetEbops() > 0
                ? new BetaController(options.targetEbops(), options.beta().at(0), 1, 2e-3, 10) : null;
    }

    /** The progress of a run that has not started. */
    public static TrainingProgress start(TrainingOptions options) {
        return new TrainingProgress(options);
    }

    /** Epochs completed; the next epoch has this index. */
    public int epochsDone() {
        return epochsDone;
    }

    void epochDone(int epoch) {
        epochsDone = epoch + 1;
    }

    void setEpochsDone(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs done must be >= 0, got " + epochs);
        }
        epochsDone = epochs;
    }

    /** The optimizer (its moments live in the parameters). */
    Adam adam() {
        return adam;
    }

    /** β for the next epoch. */
    public double beta() {
        return beta;
    }

    void setBeta(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        this.beta = beta;
    }

    /** The β controller, or null when β follows a schedule. */
    BetaController controller() {
        return controller;
    }

    /** The last ratio of exact to estimated EBOPs (see {@link Trainer}). */
    double exactPerEstimated() {
        return exactPerEstimated;
    }

    void setExactPerEstimated(double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("the exact/estimated EBOPs ratio must be finite and > 0, got " + ratio);
        }
        exactPerEstimated = ratio;
    }

    /** The Pareto front so far, with each point's exported model. */
    public ParetoFront<Path> front() {
        return front;
    }
}

package io.hgq4j.quantizer.train;

import java.nio.file.Path;

/**
 * How a network is trained.
 *
 * @param modelName          the name of exported models
 * @param epochs             passes over the training data
 * @param batchSize          samples per step
 * @param learningRate       the learning-rate schedule
 * @param beta               the β schedule (its start value is the controller's start when {@code targetEbops} &gt; 0)
 * @param targetEbops        when &gt; 0, a controller steers β toward these EBOPs instead of the schedule
 * @param bitL1              HGQ's l1 on the bit parameters (loss += l1·Σf)
 * @param seed               seed of shuffling and initialisation
 * @param quantized          HGQ (true) or the same network in float
 * @param runDir             where checkpoints and metrics.csv go (null: none)
 * @param coverFactor        widening of calibrated ranges about their centre
 * @param calibrationSamples training samples used to calibrate checkpoints
 */
public record TrainingOptions(String modelName, int epochs, int batchSize, LearningRate learningRate, BetaSchedule beta,
                              double targetEbops, double bitL1, long seed, boolean quantized, Path runDir,
                              double coverFactor, int calibrationSamples) {

    /** Validates the numbers. */
    public TrainingOptions {
        if (epochs < 1 || batchSize < 1 || !(bitL1 >= 0) || !(coverFactor >= 1) || calibrationSamples < 1
                || !(targetEbops >= 0)) {
            throw new IllegalArgumentException("training options out of range: epochs >= 1, batch size >= 1, l1 >= 0, "
                    + "cover factor >= 1, calibration samples >= 1, target EBOPs >= 0 expected");
        }
    }

    /** This configuration with another run folder. */
    public TrainingOptions withRunDir(Path dir) {
        return new TrainingOptions(modelName, epochs, batchSize, learningRate, beta, targetEbops, bitL1, seed, quantized, dir,
                coverFactor, calibrationSamples);
    }

    /** This configuration as plain float training (the baseline HGQ is compared with). */
    public TrainingOptions asFloat() {
        return new TrainingOptions(modelName, epochs, batchSize, learningRate, beta, 0, 0, seed, false, null, coverFactor,
                calibrationSamples);
    }
}

package io.hgq4j.quantizer.train;

/**
 * Learning rate per epoch: constant, or cosine decay with warm restarts as Keras's {@code CosineDecayRestarts}
 * (period, growth of the period t_mul, shrinking of each restart's peak m_mul, floor alpha as a fraction of the peak),
 * the schedule of the HGQ demos.
 *
 * @param initial the starting learning rate
 * @param period  epochs of the first cycle (0: constant)
 * @param tMul    factor by which each cycle is longer than the previous
 * @param mMul    factor by which each restart's peak is lower than the previous
 * @param alpha   the floor, as a fraction of the peak
 */
public record LearningRate(double initial, double period, double tMul, double mMul, double alpha) {

    /** Validates the numbers. */
    public LearningRate {
        if (!(initial > 0) || period < 0 || tMul < 1 || mMul <= 0 || alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("learning rate: initial > 0, period >= 0, t_mul >= 1, m_mul > 0, "
                    + "0 <= alpha <= 1 expected; got " + this);
        }
    }

    /** A constant learning rate. */
    public static LearningRate constant(double lr) {
        return new LearningRate(lr, 0, 1, 1, 0);
    }

    /** The learning rate at (fractional) epoch {@code epoch}. */
    public double at(double epoch) {
        if (period == 0) {
            return initial;
        }
        double start = 0;
        double length = period;
        double peak = initial;
        while (epoch >= start + length) {
            start += length;
            length *= tMul;
            peak *= mMul;
        }
        double progress = (epoch - start) / length;
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * ((1 - alpha) * cosine + alpha);
    }
}

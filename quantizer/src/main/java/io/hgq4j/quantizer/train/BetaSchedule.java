package io.hgq4j.quantizer.train;

import java.util.List;

/**
 * β, the weight of EBOPs in the loss, per epoch: a constant, or piecewise between key points, linear or logarithmic
 * (geometric), as the HGQ demos' {@code BetaScheduler}; after the last key point β keeps its last value.
 *
 * @param points  (epoch, β) key points in increasing epoch order (one point: a constant)
 * @param logarithmic interpolate log β linearly (a ramp over orders of magnitude) instead of β
 */
public record BetaSchedule(List<Point> points, boolean logarithmic) {

    /** A key point. */
    public record Point(double epoch, double beta) {
    }

    /** Validates the key points. */
    public BetaSchedule {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a beta schedule needs at least one point");
        }
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (!(p.beta() >= 0) || !Double.isFinite(p.beta())) {
                throw new IllegalArgumentException("beta must be a finite number >= 0, got " + p.beta());
            }
            if (logarithmic && p.beta() == 0) {
                throw new IllegalArgumentException("a logarithmic beta ramp cannot pass through 0");
            }
            if (i > 0 && p.epoch() <= points.get(i - 1).epoch()) {
                throw new IllegalArgumentException("beta key points must have increasing epochs");
            }
        }
    }

    /** A constant β. */
    public static BetaSchedule constant(double beta) {
        return new BetaSchedule(List.of(new Point(0, beta)), false);
    }

    /** β from {@code from} at {@code startEpoch} to {@code to} at {@code endEpoch}, linearly or logarithmically. */
    public static BetaSchedule ramp(double from, double to, double startEpoch, double endEpoch, boolean logarithmic) {
        return new BetaSchedule(List.of(new Point(startEpoch, from), new Point(endEpoch, to)), logarithmic);
    }

    /** β at epoch {@code epoch}. */
    public double at(double epoch) {
        if (epoch <= points.get(0).epoch()) {
            return points.get(0).beta();
        }
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            if (epoch <= b.epoch()) {
                double t = (epoch - a.epoch()) / (b.epoch() - a.epoch());
                return logarithmic ? a.beta() * Math.pow(b.beta() / a.beta(), t) : a.beta() + (b.beta() - a.beta()) * t;
            }
        }
        return points.get(points.size() - 1).beta();
    }
}

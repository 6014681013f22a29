package io.hgq4j.quantizer.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The models no other model beats on both counts: a higher validation metric and fewer EBOPs. HGQ keeps every such
 * checkpoint of a run, so that one run with a β ramp gives a whole accuracy–resource trade-off.
 *
 * @param <T> what is kept with each point (e.g. the checkpoint file)
 */
public final class ParetoFront<T> {

    /**
     * A point: the epoch (counting from 1), its metric (higher is better), its EBOPs (lower is better), and what it
     * stands for.
     */
    public record Point<T>(int epoch, double metric, double ebops, T item) {
    }

    private final List<Point<T>> points = new ArrayList<>();

    /** Whether a point with these figures would join the front (no kept point is at least as good on both). */
    public boolean wouldJoin(double metric, double ebops) {
        return points.stream().noneMatch(p -> p.metric() >= metric && p.ebops() <= ebops);
    }

    /**
     * Adds the point if it joins the front, removing the points it dominates.
     *
     * @return the points removed (their checkpoints may be deleted), or null if the point did not join
     */
    public List<Point<T>> offer(Point<T> point) {
        if (!wouldJoin(point.metric(), point.ebops())) {
            return null;
        }
        List<Point<T>> dominated = points.stream()
                .filter(p -> point.metric() >= p.metric() && point.ebops() <= p.ebops()).toList();
        points.removeAll(dominated);
        points.add(point);
        points.sort(Comparator.comparingDouble(Point::ebops));
        return dominated;
    }

    /** The points, by increasing EBOPs. */
    public List<Point<T>> points() {
        return List.copyOf(points);
    }
}

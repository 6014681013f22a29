package io.hgq4j.quantizer.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.data.SampleArray;
import java.util.Arrays;

/**
 * Min-max scaling: each feature j is mapped linearly from {@code [min[j], max[j]]} of the data it was fitted on to
 * {@code [low, high]} (default [0, 1]): {@code low + (x − min[j]) · (high − low) / (max[j] − min[j])}. A feature
 * that is constant there is only shifted ({@code low + x − min[j]}). Values outside the fitted range map outside
 * {@code [low, high]}; nothing is clipped.
 */
public final class MinMaxScaler implements Scaler {

    private final double[] mins;
    private final double[] maxs;
    private final double low;
    private final double high;

    private MinMaxScaler(double[] mins, double[] maxs, double low, double high) {
        this.mins = mins;
        this.maxs = maxs;
        this.low = low;
        this.high = high;
    }

    /** Fitted on the features of {@code data}, mapping to [0, 1]. */
    public static MinMaxScaler fit(Dataset data) {
        return fit(data.features(), 0, 1, data.name());
    }

    /**
     * Fitted on {@code features}, mapping to {@code [low, high]}.
     *
     * @throws IllegalArgumentException unless {@code low < high}, both finite
     * @throws DataException            if there are no samples or a value is NaN or infinite
     */
    public static MinMaxScaler fit(SampleArray features, double low, double high) {
        return fit(features, low, high, "the samples");
    }

    private static MinMaxScaler fit(SampleArray x, double low, double high, String what) {
        checkRange(low, high);
        Scalers.checkFit(x, what, "a min-max scaler");
        int n = x.sampleSize();
        double[] min = new double[n];
        double[] max = new double[n];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.count(); i++) {
            for (int j = 0; j < n; j++) {
                double v = x.value(i, j);
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        return new MinMaxScaler(min, max, low, high);
    }

    /**
     * A scaler with given parameters.
     *
     * @throws IllegalArgumentException if the lengths differ or are 0, a bound is not finite, a min exceeds its max, or
     *                                  not {@code low < high}
     */
    public static MinMaxScaler of(double[] mins, double[] maxs, double low, double high) {
        checkRange(low, high);
        if (mins.length != maxs.length || mins.length == 0) {
            throw new IllegalArgumentException(mins.length + " minimums and " + maxs.length + " maximums; expected as"
                    + " many, at least one");
        }
        for (int j = 0; j < mins.length; j++) {
            if (!Double.isFinite(mins[j]) || !Double.isFinite(maxs[j]) || mins[j] > maxs[j]) {
                throw new IllegalArgumentException("feature " + j + ": min " + mins[j] + ", max " + maxs[j]
                        + "; expected finite bounds with min <= max");
            }
        }
        return new MinMaxScaler(mins.clone(), maxs.clone(), low, high);
    }

    private static void checkRange(double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("target range [" + low + ", " + high + "] is not a finite range with low"
                    + " < high");
        }
    }

    /** A copy of the per-feature minimums seen when fitting. */
    public double[] mins() {
        return mins.clone();
    }

    /** A copy of the per-feature maximums seen when fitting. */
    public double[] maxs() {
        return maxs.clone();
    }

    /** The value the minimum maps to. */
    public double low() {
        return low;
    }

    /** The value the maximum maps to. */
    public double high() {
        return high;
    }

    @Override
    public int featureCount() {
        return mins.length;
    }

    @Override
    public double apply(int feature, double value) {
        double range = maxs[feature] - mins[feature];
        if (range == 0) {
            return low + (value - mins[feature]);
        }
        return low + (value - mins[feature]) * ((high - low) / range);
    }

    @Override
    public String toJson() {
        ObjectNode json = Scalers.header("min-max");
        Scalers.putArray(json, "min", mins);
        Scalers.putArray(json, "max", maxs);
        json.put("low", low);
        json.put("high", high);
        return Scalers.text(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler s && Arrays.equals(mins, s.mins) && Arrays.equals(maxs, s.maxs)
                && Double.compare(low, s.low) == 0 && Double.compare(high, s.high) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mins) + Arrays.hashCode(maxs)) + Double.hashCode(low) * 7 + Double.hashCode(high);
    }

    @Override
    public String toString() {
        return "min-max scaler of " + mins.length + " feature" + (mins.length == 1 ? "" : "s") + " to [" + low + ", "
                + high + "]";
    }
}

package io.hgq4j.quantizer.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.data.SampleArray;
import java.util.Arrays;

/**
 * Standardisation: each feature j becomes {@code (x − mean[j]) / std[j]}, with the mean and the population standard
 * deviation (divisor n, as scikit-learn's {@code StandardScaler}) of the data it was fitted on; a feature that is
 * constant there gets std 1 (it is only centred).
 */
public final class StandardScaler implements Scaler {

    private final double[] means;
    private final double[] stds;

    private StandardScaler(double[] means, double[] stds) {
        this.means = means;
        this.stds = stds;
    }

    /**
     * Fitted on the features of {@code data}.
     *
     * @throws DataException if there are no samples or a value is NaN or infinite
     */
    public static StandardScaler fit(Dataset data) {
        return fit(data.features(), data.name());
    }

    /** Fitted on {@code features}. */
    public static StandardScaler fit(SampleArray features) {
        return fit(features, "the samples");
    }

    private static StandardScaler fit(SampleArray x, String what) {
        Scalers.checkFit(x, what, "a standard scaler");
        int n = x.sampleSize();
        int count = x.count();
        double[] mean = new double[n];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += x.value(i, j);
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= count;
        }
        double[] std = new double[n];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < n; j++) {
                double d = x.value(i, j) - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < n; j++) {
            std[j] = Math.sqrt(std[j] / count);
            if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j])) {
                throw new DataException("cannot fit a standard scaler on " + what + ": the sums of feature " + j
                        + " overflow a double (its values are too large)");
            }
            if (std[j] == 0) {
                std[j] = 1;
            }
        }
        return new StandardScaler(mean, std);
    }

    /**
     * A scaler with given parameters (e.g. from another tool).
     *
     * @throws IllegalArgumentException if the lengths differ or are 0, a mean is not finite, or a std is not a finite
     *                                  positive number
     */
    public static StandardScaler of(double[] means, double[] stds) {
        if (means.length != stds.length || means.length == 0) {
            throw new IllegalArgumentException(means.length + " means and " + stds.length + " stds; expected as many, at"
                    + " least one");
        }
        for (int j = 0; j < means.length; j++) {
            if (!Double.isFinite(means[j]) || !(stds[j] > 0) || !Double.isFinite(stds[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean " + means[j] + ", std " + stds[j]
                        + "; expected a finite mean and a finite positive std");
            }
        }
        return new StandardScaler(means.clone(), stds.clone());
    }

    /** A copy of the per-feature means. */
    public double[] means() {
        return means.clone();
    }

    /** A copy of the per-feature standard deviations (1 for features that were constant). */
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public int featureCount() {
        return means.length;
    }

    @Override
    public double apply(int feature, double value) {
        return (value - means[feature]) / stds[feature];
    }

    @Override
    public String toJson() {
        ObjectNode json = Scalers.header("standard");
        Scalers.putArray(json, "mean", means);
        Scalers.putArray(json, "std", stds);
        return Scalers.text(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardScaler s && Arrays.equals(means, s.means) && Arrays.equals(stds, s.stds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(stds);
    }

    @Override
    public String toString() {
        return "standard scaler of " + means.length + " feature" + (means.length == 1 ? "" : "s");
    }
}

package io.hgq4j.quantizer.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Multiplies every feature by one constant factor, e.g. 1/256 = 0.00390625 for pixel bytes (a power of two keeps
 * the scaled values exact, as fixed-point inputs want).
 */
public final class FixedScale implements Scaler {

    private final double factor;

    private FixedScale(double factor) {
        this.factor = factor;
    }

    /**
     * Scaling by {@code factor}.
     *
     * @throws IllegalArgumentException if the factor is zero, NaN or infinite
     */
    public static FixedScale of(double factor) {
        if (!Double.isFinite(factor) || factor == 0) {
            throw new IllegalArgumentException("scale factor " + factor + " is not a finite non-zero number");
        }
        return new FixedScale(factor);
    }

    /** The factor. */
    public double factor() {
        return factor;
    }

    /** −1: a fixed factor scales any number of features. */
    @Override
    public int featureCount() {
        return -1;
    }

    @Override
    public double apply(int feature, double value) {
        return value * factor;
    }

    @Override
    public String toJson() {
        ObjectNode json = Scalers.header("fixed");
        json.put("factor", factor);
        return Scalers.text(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedScale s && Double.compare(factor, s.factor) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(factor);
    }

    @Override
    public String toString() {
        return "fixed scale " + factor;
    }
}

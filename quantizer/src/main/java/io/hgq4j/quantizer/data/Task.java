package io.hgq4j.quantizer.data;

/** What a loader makes of a numeric target column or array. */
public enum Task {
    /**
     * Class labels: whole numbers 0, 1, 2, ... (one per sample), or one-hot rows (exactly one 1, the rest 0); the
     * class count is the largest label + 1 (the row length for one-hot rows).
     */
    CLASSIFICATION,
    /** Regression targets: the values as they are. */
    REGRESSION
}

package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.SampleArray;

/** Class labels read from numbers: whole numbers 0, 1, 2, ... or one-hot rows. */
final class Labels {

    /** The largest label accepted; class counts must fit an int with room to spare. */
    static final int MAX_LABEL = 1 << 24;

    /** Labels and the class count they imply. */
    record Set(int[] labels, int classCount) {
    }

    private Labels() {
    }

    /**
     * The labels in {@code y}: samples of one value (shape [1], or any shape of one element) that are whole numbers
     * 0..2^24, or one-hot rows of shape [C], C ≥ 2, each with exactly one 1 and C − 1 zeros.
     *
     * @param source names the array in messages, e.g. {@code y.npy} or {@code data.npz: y_train}
     */
    static Set of(SampleArray y, String source) {
        int n = y.sampleSize();
        int[] labels = new int[y.count()];
        int max = -1;
        if (n == 1) {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = wholeNumber(y.value(i, 0), source + ": sample " + i);
                max = Math.max(max, labels[i]);
            }
            return new Set(labels, max + 1);
        }
        if (y.sampleShape().rank() != 1) {
            throw new DataException(source + ": labels of shape " + y.sampleShape() + " per sample; expected one whole "
                    + "number per sample or one-hot rows");
        }
        for (int i = 0; i < labels.length; i++) {
            int hot = -1;
            for (int j = 0; j < n; j++) {
                double v = y.value(i, j);
                if (v == 1 && hot < 0) {
                    hot = j;
                } else if (v != 0) { // not 0, or a second 1
                    throw new DataException(source + ": sample " + i + " is not a one-hot row (element " + j + " is "
                            + v + "); expected exactly one 1 and " + (n - 1) + " zeros, or one whole number per sample");
                }
            }
            if (hot < 0) {
                throw new DataException(source + ": sample " + i + " is not a one-hot row (all " + n + " elements are 0)");
            }
            labels[i] = hot;
        }
        return new Set(labels, n);
    }

    /**
     * {@code value} as a class label.
     *
     * @param where names the value in the message
     */
    static int wholeNumber(double value, String where) {
        if (!(value >= 0 && value <= MAX_LABEL && value == Math.rint(value))) {
            throw new DataException(where + ": label " + value + " is not a class index; expected a whole number 0 to "
                    + MAX_LABEL);
        }
        return (int) value;
    }
}

package io.hgq4j.quantizer.data;

import java.util.Objects;

/**
 * Disjoint training, validation and test parts of one data set, made by {@link Splits}. A part may be empty (zero
 * samples), e.g. the validation part of a split with fractions 0.8, 0, 0.2.
 *
 * @param train      the training part
 * @param validation the validation part
 * @param test       the test part
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    /** Checks that all three parts are present. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** The total number of samples in the three parts. */
    public int count() {
        return train.count() + validation.count() + test.count();
    }
}

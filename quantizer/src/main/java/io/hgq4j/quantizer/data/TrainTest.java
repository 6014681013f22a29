package io.hgq4j.quantizer.data;

import java.util.Objects;

/**
 * Training and test parts of one data set: as published (MNIST, the {@code x_train}/{@code x_test} arrays of an
 * {@code .npz} file) or as scikit-learn's {@code train_test_split} makes them ({@link Splits#sklearnTrainTest}).
 * Take a validation set from the training part with {@link Splits#split}, or as Keras does with
 * {@link Splits#kerasValidationSplit(TrainTest, double)}.
 *
 * @param train the training part
 * @param test  the test part
 */
public record TrainTest(Dataset train, Dataset test) {

    /** Checks that both parts are present. */
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}

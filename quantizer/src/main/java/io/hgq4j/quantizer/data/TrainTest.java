package io.hgq4j.quantizer.data;

import java.util.Objects;

/**
 * A data set published with its own training and test parts (MNIST, the {@code x_train}/{@code x_test} arrays of an
 * {@code .npz} file). Take a validation set from the training part with {@link Splits#split}.
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

package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    static final SampleArray X = SampleArray.of(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, Shape.of(2));

    @Test
    void classification() {
        int[] labels = {1, 0, 2, 1};
        Dataset d = Dataset.classification("toy", X, labels, List.of("a", "b", "c"));
        labels[0] = 2; // copied
        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.featureShape()).isEqualTo(Shape.of(2));
        assertThat(d.featureSize()).isEqualTo(2);
        assertThat(d.isClassification()).isTrue();
        assertThat(d.classCount()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("a", "b", "c");
        assertThat(d.labels()).containsExactly(1, 0, 2, 1);
        assertThat(d.label(2)).isEqualTo(2);
        assertThat(d.classCounts()).containsExactly(1, 2, 1);
        assertThat(d).hasToString("toy: 4 samples of 2, 3 classes");
        assertThatThrownBy(d::targets).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void subsetsCopyTheChosenSamplesInOrder() {
        Dataset d = Dataset.classification("toy", X, new int[] {1, 0, 2, 1}, 3);
        Dataset s = d.subset(new int[] {3, 0, 3});
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.features().toArray()).containsExactly(30, 31, 0, 1, 30, 31);
        assertThat(s.labels()).containsExactly(1, 1, 1);
        assertThat(s.classCount()).isEqualTo(3);
        assertThat(d.slice(1, 3).features().toArray()).containsExactly(10, 11, 20, 21);
        assertThat(d.slice(1, 3).labels()).containsExactly(0, 2);
        assertThat(d.subset(new int[0]).count()).isZero();
        assertThatThrownBy(() -> d.subset(new int[] {4})).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(d.withName("other").name()).isEqualTo("other");
        assertThat(d.withFeatures(X.withSampleShape(Shape.of(1, 2))).featureShape()).isEqualTo(Shape.of(1, 2));
        assertThat(d.subset(new int[] {0, 1, 2, 3})).isEqualTo(d);
    }

    @Test
    void regression() {
        SampleArray y = SampleArray.of(new double[] {0.5, 1.5, 2.5, 3.5}, 4, Shape.of(1));
        Dataset d = Dataset.regression("r", X, y);
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targets()).isEqualTo(y);
        assertThat(d.subset(new int[] {2, 1}).targets().toArray()).containsExactly(2.5, 1.5);
        assertThat(d.slice(3, 4).targets().toArray()).containsExactly(3.5);
        assertThat(d.classNames()).isEmpty();
        assertThat(d).hasToString("r: 4 samples of 2, targets of 1");
        assertThatThrownBy(d::labels).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(d::classCount).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidArguments() {
        assertThatThrownBy(() -> Dataset.classification("t", X, new int[] {0, 1, 2}, 3))
                .hasMessage("t: 3 labels for 4 samples");
        assertThatThrownBy(() -> Dataset.classification("t", X, new int[] {0, 1, 2, 3}, 3))
                .hasMessage("t: label 3 of sample 3 is outside 0..2");
        assertThatThrownBy(() -> Dataset.classification("t", X, new int[] {0, 0, 0, 0}, List.of("a", "a")))
                .hasMessageContaining("not distinct");
        assertThatThrownBy(() -> Dataset.classification(" ", X, new int[] {0, 0, 0, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dataset.regression("r", X, X.samples(0, 2))).hasMessage("r: 2 targets for 4 samples");
        assertThatThrownBy(() -> Dataset.classification("t", X, new int[4], 1).withFeatures(X.samples(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** Sample i has features (i, i + 0.5) and label i % 3. */
    static Dataset data(int count) {
        double[] x = new double[count * 2];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5;
            labels[i] = i % 3;
        }
        return Dataset.classification("b", SampleArray.of(x, count, Shape.of(2)), labels, 3);
    }

    static List<Integer> order(Iterable<Batches.Batch> epoch) {
        List<Integer> order = new ArrayList<>();
        for (Batches.Batch b : epoch) {
            for (int i : b.indices()) {
                order.add(i);
            }
        }
        return order;
    }

    @Test
    void inOrderWithAShorterLastBatch() {
        Batches batches = Batches.of(data(7), 3);
        assertThat(batches.batchCount()).isEqualTo(3);
        Iterator<Batches.Batch> it = batches.epoch(0).iterator();
        Batches.Batch first = it.next();
        assertThat(first.number()).isZero();
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.features()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f);
        assertThat(first.labels()).containsExactly(0, 1, 2);
        assertThat(first.indices()).containsExactly(0, 1, 2);
        float[] buffer = first.features();
        Batches.Batch second = it.next();
        assertThat(second).isSameAs(first); // refilled, not reallocated
        assertThat(second.features()).isSameAs(buffer).containsExactly(3f, 3.5f, 4f, 4.5f, 5f, 5.5f);
        Batches.Batch last = it.next();
        assertThat(last.size()).isEqualTo(1);
        assertThat(last.number()).isEqualTo(2);
        assertThat(last.features()).containsExactly(6f, 6.5f);
        assertThat(last.labels()).containsExactly(0);
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(last::targets).isInstanceOf(IllegalStateException.class);

        assertThat(batches.dropLast().batchCount()).isEqualTo(2);
        assertThat(order(batches.dropLast().epoch(5))).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Property(tries = 200)
    void everySampleOncePerEpochInASeededOrder(@ForAll @IntRange(min = 0, max = 300) int count,
            @ForAll @IntRange(min = 1, max = 64) int batchSize, @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
        Dataset d = data(count);
        Batches batches = Batches.of(d, batchSize).shuffled(seed);
        List<Integer> order = new ArrayList<>();
        int batchesSeen = 0;
        for (Batches.Batch b : batches.epoch(epoch)) {
            assertThat(b.number()).isEqualTo(batchesSeen++);
            assertThat(b.size()).isEqualTo(Math.min(batchSize, count - order.size()));
            assertThat(b.features()).hasSize(b.size() * 2);
            for (int k = 0; k < b.size(); k++) {
                int i = b.indices()[k];
                assertThat(b.features()[2 * k]).isEqualTo((float) i);
                assertThat(b.features()[2 * k + 1]).isEqualTo((float) (i + 0.5));
                assertThat(b.labels()[k]).isEqualTo(i % 3);
                order.add(i);
            }
        }
        assertThat(batchesSeen).isEqualTo(batches.batchCount());
        assertThat(order).hasSize(count).doesNotHaveDuplicates();
        assertThat(order(batches.epoch(epoch))).isEqualTo(order); // same seed and epoch: same order
        assertThat(order(Batches.of(d, batchSize).shuffled(seed).epoch(epoch))).isEqualTo(order);
        if (count >= 20) {
            assertThat(order(batches.epoch(epoch + 1))).isNotEqualTo(order);
            assertThat(order(Batches.of(d, batchSize).shuffled(seed + 1).epoch(epoch))).isNotEqualTo(order);
        }
    }

    @Test
    void regressionTargets() {
        Dataset d = data(5);
        SampleArray y = SampleArray.of(new double[] {0, 10, 1, 11, 2, 12, 3, 13, 4, 14}, 5, Shape.of(2));
        Batches batches = Batches.of(Dataset.regression("r", d.features(), y), 2).shuffled(9);
        for (Batches.Batch b : batches.epoch(0)) {
            for (int k = 0; k < b.size(); k++) {
                int i = b.indices()[k];
                assertThat(b.targets()[2 * k]).isEqualTo(i);
                assertThat(b.targets()[2 * k + 1]).isEqualTo(10 + i);
            }
            assertThatThrownBy(b::labels).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shuffledEpochsAreRoughlyUniform() {
        // position of sample 0 over many epochs: every position about equally often
        int n = 10;
        int[] positions = new int[n];
        Batches batches = Batches.of(data(n), 4).shuffled(123);
        for (int epoch = 0; epoch < 10_000; epoch++) {
            positions[order(batches.epoch(epoch)).indexOf(0)]++;
        }
        assertThat(Arrays.stream(positions).min().getAsInt()).isGreaterThan(850);
        assertThat(Arrays.stream(positions).max().getAsInt()).isLessThan(1150);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> Batches.of(data(3), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Batches.of(data(3), 1).epoch(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Batches.of(data(0), 5).epoch(0).iterator().hasNext()).isFalse();
    }
}

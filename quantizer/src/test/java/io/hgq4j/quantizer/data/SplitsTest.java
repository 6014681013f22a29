package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** {@code count} samples whose single feature is their index, with random labels of {@code classes} classes. */
    static Dataset indexed(int count, int classes, long seed) {
        double[] x = new double[count];
        int[] labels = new int[count];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            x[i] = i;
            // skewed class sizes: class c about twice as likely as class c + 1
            int c = 0;
            while (c < classes - 1 && random.nextBoolean()) {
                c++;
            }
            labels[i] = c;
        }
        return Dataset.classification("indexed", SampleArray.of(x, count, Shape.of(1)), labels, classes);
    }

    static int[] ids(Dataset d) {
        int[] ids = new int[d.count()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) d.features().value(i, 0);
        }
        return ids;
    }

    @Provide
    Arbitrary<double[]> fractions() {
        return Arbitraries.integers().between(0, 100).list().ofSize(2).map(l -> {
            double a = Math.min(l.get(0), l.get(1)) / 100.0;
            double b = Math.max(l.get(0), l.get(1)) / 100.0;
            return new double[] {a, b - a, 1 - b};
        });
    }

    @Property(tries = 300)
    void partsAreDisjointCoverEverythingAndHaveTheirShare(@ForAll @IntRange(min = 0, max = 500) int count,
            @ForAll("fractions") double[] f, @ForAll long seed, @ForAll boolean stratify) {
        Dataset d = indexed(count, 1 + (int) Math.floorMod(seed, 12L), seed);
        Split s = stratify ? Splits.stratified(d, f[0], f[1], f[2], seed) : Splits.split(d, f[0], f[1], f[2], seed);
        Dataset[] parts = {s.train(), s.validation(), s.test()};
        assertThat(s.count()).isEqualTo(count);
        Set<Integer> seen = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            int[] ids = ids(parts[p]);
            assertThat(ids).isSorted(); // original order kept
            for (int id : ids) {
                assertThat(seen.add(id)).as("sample %d in two parts", id).isTrue();
                assertThat(parts[p].label(Arrays.binarySearch(ids, id))).isEqualTo(d.label(id));
            }
            // the share rounded up or down (stratified too, thanks to handing leftovers to the part furthest behind)
            assertThat(Math.abs(parts[p].count() - f[p] * count)).isLessThan(1.0);
        }
        assertThat(seen).hasSize(count);
        if (stratify) {
            int[] totals = d.classCounts();
            for (int p = 0; p < 3; p++) {
                int[] counts = parts[p].classCounts();
                for (int c = 0; c < totals.length; c++) {
                    assertThat(Math.abs(counts[c] - f[p] * totals[c])).as("class %d in part %d", c, p).isLessThan(1.0);
                }
            }
        }
    }

    @Property(tries = 100)
    void theSameSeedGivesTheSameSplit(@ForAll @IntRange(min = 0, max = 300) int count, @ForAll("fractions") double[] f,
            @ForAll long seed, @ForAll boolean stratify) {
        Dataset d = indexed(count, 3, 7);
        Split a = stratify ? Splits.stratified(d, f[0], f[1], f[2], seed) : Splits.split(d, f[0], f[1], f[2], seed);
        Split b = stratify ? Splits.stratified(d, f[0], f[1], f[2], seed) : Splits.split(d, f[0], f[1], f[2], seed);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        Dataset d = indexed(1000, 5, 1);
        Set<String> trains = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            trains.add(Arrays.toString(ids(Splits.split(d, 0.8, 0.1, 0.1, seed).train())));
        }
        assertThat(trains).hasSize(10);
        assertThat(ids(Splits.split(d, 0.8, 0.1, 0.1, 3).train())).isNotEqualTo(ids(Splits.stratified(d, 0.8, 0.1, 0.1, 3).train()));
    }

    @Test
    void digitsHoldOut() {
        Dataset digits = Datasets.digits();
        Split s = Splits.stratified(digits, 0.7, 0.15, 0.15, 42);
        assertThat(s.train().count() + s.validation().count() + s.test().count()).isEqualTo(1797);
        assertThat(s.train().count()).isBetween(1256, 1260);
        // 178 zeros: 124.6 / 26.7 / 26.7 -> 124 or 125, 26 or 27
        assertThat(s.train().classCounts()[0]).isBetween(124, 125);
        assertThat(s.test().classCounts()[0]).isBetween(26, 27);
        Split plain = Splits.split(digits, 0.8, 0, 0.2, 42);
        assertThat(plain.train().count()).isEqualTo(1438); // 1437.6 rounded
        assertThat(plain.validation().count()).isZero();
        assertThat(plain.test().count()).isEqualTo(359);
    }

    @Test
    void badArguments() {
        Dataset d = indexed(10, 2, 0);
        assertThatThrownBy(() -> Splits.split(d, 0.5, 0.2, 0.2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("split fractions 0.5, 0.2, 0.2 add up to 0.8999999999999999, not 1");
        assertThatThrownBy(() -> Splits.split(d, 1.5, -0.5, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("split fractions 1.5, -0.5, 0.0: each must be between 0 and 1");
        assertThatThrownBy(() -> Splits.split(d, Double.NaN, 0.5, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        Dataset r = Dataset.regression("r", d.features(), d.features());
        assertThat(Splits.split(r, 0.5, 0.5, 0, 1).train().count()).isEqualTo(5);
        assertThatThrownBy(() -> Splits.stratified(r, 0.5, 0.5, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("r is a regression set; a stratified split needs class labels");
    }
}

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
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
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

    // ---- scikit-learn's train_test_split and Keras' validation_split, against sklearn_split.txt ----

    @Test
    void sklearnSizesAreSklearns() {
        int checked = 0;
        for (String key : SklearnFixture.keys()) {
            String[] words = key.split(" ");
            if (words[0].equals("sklearn-sizes")) {
                int[][] indices = Splits.sklearnIndices(Integer.parseInt(words[1]), Double.parseDouble(words[2]), 0);
                assertThat(new int[] {indices[0].length, indices[1].length}).as(key)
                        .containsExactly(SklearnFixture.ints(key));
                checked++;
            } else if (words[0].equals("keras-sizes")) {
                int n = Integer.parseInt(words[1]);
                int at = Splits.kerasSplitIndex(n, Double.parseDouble(words[2]));
                assertThat(new int[] {at, n - at}).as(key).containsExactly(SklearnFixture.ints(key));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(18); // including 0.07 · 100 → 8 test samples and 1000 · (1 − 0.33) → 669
    }

    @Test
    void sklearnTrainTestIsSklearns() {
        int checked = 0;
        for (String key : SklearnFixture.keys()) {
            String[] words = key.split(" ");
            if (!words[0].equals("split") || !words[4].equals("test")) {
                continue;
            }
            String prefix = String.join(" ", words[0], words[1], words[2], words[3]);
            Dataset d = indexed(Integer.parseInt(words[2]), 3, 11);
            TrainTest tt = Splits.sklearnTrainTest(d, Double.parseDouble(words[3]), Long.parseLong(words[1]));
            // shuffled order, not sorted: row k of each part is the k-th index Python gives
            assertThat(ids(tt.train())).as(prefix).containsExactly(SklearnFixture.ints(prefix + " train"));
            assertThat(ids(tt.test())).as(prefix).containsExactly(SklearnFixture.ints(prefix + " test"));
            for (Dataset part : new Dataset[] {tt.train(), tt.test()}) {
                for (int k = 0; k < part.count(); k++) {
                    assertThat(part.label(k)).isEqualTo(d.label(ids(part)[k]));
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    /** The HGQ jet recipe on 830,000 rows (the size of OpenML 42468), each row's feature its index. */
    @Test
    void hgqJetSplitOf830000Rows() {
        Dataset jets = indexed(830_000, 5, 42468);
        TrainTest tt = Splits.sklearnTrainTest(jets, 0.2, 42);
        assertThat(tt.train().count()).isEqualTo(664_000);
        assertThat(tt.test().count()).isEqualTo(166_000);
        Split split = Splits.kerasValidationSplit(tt, 0.15);
        assertThat(split.train().count()).isEqualTo(564_400);
        assertThat(split.validation().count()).isEqualTo(99_600);
        assertThat(split.test()).isSameAs(tt.test());
        Dataset[] parts = {tt.train(), split.train(), split.validation(), split.test()};
        String[] names = {"train80", "train", "validation", "test"};
        for (int p = 0; p < parts.length; p++) {
            int[] ids = ids(parts[p]);
            String key = "jets " + names[p];
            assertThat(ids.length).as(key).isEqualTo(Integer.parseInt(SklearnFixture.text(key + " count")));
            assertThat(Arrays.copyOf(ids, 50)).as(key).containsExactly(SklearnFixture.ints(key + " head 50"));
            assertThat(Arrays.copyOfRange(ids, ids.length - 50, ids.length)).as(key)
                    .containsExactly(SklearnFixture.ints(key + " tail 50"));
            // every index in order, through the hash of the whole part
            assertThat(SklearnFixture.sha256(ids)).as(key).isEqualTo(SklearnFixture.text(key + " sha256"));
        }
        // the FPGA'26 variant: the last 10 % of the 80 % validate
        Split fpga = Splits.kerasValidationSplit(tt.train(), 0.1);
        assertThat(new int[] {fpga.train().count(), fpga.validation().count(), fpga.test().count()})
                .containsExactly(597_600, 66_400, 0);
    }

    @Property(tries = 200)
    void sklearnPartsAreDisjointCoverEverythingAndHaveSklearnsSizes(@ForAll @IntRange(min = 2, max = 2000) int count,
            @ForAll @IntRange(min = 1, max = 99) int percent,
            @ForAll @LongRange(min = 0, max = NumpyRandomState.MAX_SEED) long seed) {
        double testSize = percent / 100.0;
        int nTest = (int) Math.ceil(testSize * count);
        Assume.that(nTest < count); // else the training part is empty, which sklearn refuses (tested below)
        Dataset d = indexed(count, 4, seed);
        TrainTest tt = Splits.sklearnTrainTest(d, testSize, seed);
        assertThat(tt.test().count()).isEqualTo(nTest);
        assertThat(tt.train().count()).isEqualTo(count - nTest);
        int[] all = new int[count];
        System.arraycopy(ids(tt.test()), 0, all, 0, nTest);
        System.arraycopy(ids(tt.train()), 0, all, nTest, count - nTest);
        // test then train is the permutation itself
        assertThat(all).containsExactly(new NumpyRandomState(seed).permutation(count));
        Arrays.sort(all);
        for (int i = 0; i < count; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
    }

    @Property(tries = 200)
    void kerasValidationIsTheUnshuffledTail(@ForAll @IntRange(min = 2, max = 2000) int count,
            @ForAll @IntRange(min = 1, max = 99) int percent) {
        double fraction = percent / 100.0;
        int at = (int) (count * (1.0 - fraction));
        Assume.that(at > 0 && at < count);
        Dataset d = indexed(count, 2, count);
        Split s = Splits.kerasValidationSplit(d, fraction);
        assertThat(s.train().count()).isEqualTo(at);
        assertThat(s.validation().count()).isEqualTo(count - at);
        assertThat(s.test().count()).isZero();
        assertThat(s.count()).isEqualTo(count);
        assertThat(s.train()).isEqualTo(d.slice(0, at));
        assertThat(s.validation()).isEqualTo(d.slice(at, count));
        // at most one sample off the exact share (Keras truncates the product)
        assertThat(Math.abs(s.validation().count() - fraction * count)).isLessThan(1.0 + 1e-9);
    }

    @Test
    void sklearnAndKerasBadArguments() {
        Dataset d = indexed(10, 2, 0);
        for (double bad : new double[] {0, 1, -0.2, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Splits.sklearnTrainTest(d, bad, 42)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("test size " + bad + " must be a fraction strictly between 0 and 1, as in"
                            + " scikit-learn's train_test_split");
        }
        assertThatThrownBy(() -> Splits.sklearnTrainTest(d, 0.95, 42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("with 10 samples and test size 0.95 the training part would be empty");
        assertThatThrownBy(() -> Splits.sklearnTrainTest(d.slice(0, 0), 0.2, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("with 0 samples and test size 0.2 the training part would be empty");
        assertThatThrownBy(() -> Splits.sklearnTrainTest(d, 0.2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("seed -1 is outside 0..4294967295");
        for (double bad : new double[] {1, -0.1, 2, Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Splits.kerasValidationSplit(d, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("validation fraction " + bad + " must be at least 0 and below 1, as Keras'"
                            + " validation_split");
        }
        // Keras truncates, so any fraction leaves a validation sample, unless 1 − fraction rounds to 1
        assertThat(Splits.kerasValidationSplit(d, 0.01).validation().count()).isOne();
        assertThatThrownBy(() -> Splits.kerasValidationSplit(d, 1e-17)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("10 samples cannot be split with validation fraction 1.0E-17: the validation part would be"
                        + " empty");
        assertThatThrownBy(() -> Splits.kerasValidationSplit(d.slice(0, 1), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 sample cannot be split with validation fraction 0.5: the training part would be empty");
        Split none = Splits.kerasValidationSplit(d, 0); // no validation, as Keras without validation_split
        assertThat(none.train()).isEqualTo(d);
        assertThat(none.validation().count()).isZero();
    }
}

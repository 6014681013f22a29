package io.hgq4j.quantizer.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded, shuffled splits of a data set into training, validation and test parts by fractions, optionally
 * stratified by class; and, for results comparable with Python ones, scikit-learn's {@code train_test_split} and
 * Keras' {@code validation_split} reproduced exactly ({@link #sklearnTrainTest}, {@link #kerasValidationSplit}).
 *
 * <p>{@link #split} and {@link #stratified}: the same data set, fractions and seed always give the same split (the
 * samples are shuffled with a {@link SplittableRandom} seeded with the seed); each part keeps the samples in their
 * original order.
 *
 * <p>Sizes: the part sizes always add up to the sample count and each is its fraction of the count rounded up or
 * down (largest remainders get the leftover samples). Stratified, every class is divided the same way, so each part
 * holds each class's fraction of that class rounded up or down; the leftover samples of each class go to the parts
 * furthest behind their share of the whole, which in property tests (up to 60 classes) kept every part total within
 * one sample of its share too, though that is not proven.
 */
public final class Splits {

    private static final double TOLERANCE = 1e-9;

    private Splits() {
    }

    /**
     * A shuffled split with the given fractions of the samples (they must add up to 1; any may be 0).
     *
     * @throws IllegalArgumentException if a fraction is negative or not finite, or they do not add up to 1
     */
    public static Split split(Dataset data, double train, double validation, double test, long seed) {
        double[] fractions = fractions(train, validation, test);
        int[] all = new int[data.count()];
        Arrays.setAll(all, i -> i);
        return assemble(data, new int[][] {all}, fractions, seed);
    }

    /**
     * A shuffled split that keeps the class proportions: each class is split by the fractions on its own.
     *
     * @throws IllegalArgumentException as {@link #split}, or for a regression set
     */
    public static Split stratified(Dataset data, double train, double validation, double test, long seed) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " is a regression set; a stratified split needs class labels");
        }
        double[] fractions = fractions(train, validation, test);
        int[] labels = data.labelsView();
        int[] counts = data.classCounts();
        int[][] groups = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            groups[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < labels.length; i++) {
            groups[labels[i]][filled[labels[i]]++] = i;
        }
        return assemble(data, groups, fractions, seed);
    }

    /**
     * scikit-learn's {@code train_test_split(X, y, test_size=testSize, random_state=seed)} without stratification,
     * index for index: the same samples in the same order as Python gives them, so results on the test part are
     * comparable with results published from Python (the HGQ paper's jet tagging uses {@code testSize} 0.2 and
     * {@code seed} 42 on OpenML 42468). The data must be in the order Python saw it (for OpenML, the file's row
     * order, which {@link Datasets#openml} keeps).
     *
     * <p>The rule of scikit-learn's {@code ShuffleSplit}: {@code nTest = ceil(testSize · n)} (the double product,
     * so e.g. 0.07 · 100 gives 8), {@code nTrain = n − nTest}; with {@code p = RandomState(seed).permutation(n)}
     * ({@link NumpyRandomState}), the test part is samples {@code p[0 .. nTest − 1]} and the training part samples
     * {@code p[nTest .. n − 1]}, both in that shuffled order (unlike {@link #split}, which keeps the original order).
     *
     * @param testSize the test fraction, strictly between 0 and 1 as scikit-learn requires for a fraction
     * @param seed     the {@code random_state}, 0 to 2<sup>32</sup> − 1
     * @throws IllegalArgumentException if {@code testSize} is not strictly between 0 and 1, the seed is out of range,
     *                                  or the training part would be empty (as scikit-learn refuses)
     */
    public static TrainTest sklearnTrainTest(Dataset data, double testSize, long seed) {
        int[][] indices = sklearnIndices(data.count(), testSize, seed);
        return new TrainTest(data.subset(indices[0]), data.subset(indices[1]));
    }

    /** The training and test sample indices of {@link #sklearnTrainTest} for {@code n} samples, in that order. */
    static int[][] sklearnIndices(int n, double testSize, long seed) {
        // sklearn takes a float test_size only in the open interval (0, 1); whole numbers mean counts there
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("test size " + testSize
                    + " must be a fraction strictly between 0 and 1, as in scikit-learn's train_test_split");
        }
        int nTest = (int) Math.ceil(testSize * n); // the same IEEE product as Python's, so the same rounding quirks
        int nTrain = n - nTest;
        if (nTrain == 0) {
            throw new IllegalArgumentException("with " + n + " sample" + (n == 1 ? "" : "s") + " and test size "
                    + testSize + " the training part would be empty");
        }
        int[] permutation = new NumpyRandomState(seed).permutation(n);
        return new int[][] {Arrays.copyOfRange(permutation, nTest, n), Arrays.copyOf(permutation, nTest)};
    }

    /**
     * Keras' {@code fit(..., validation_split=fraction)}: the first {@code int(n · (1 − fraction))} samples train,
     * the last ones validate, in their order and without shuffling (Keras splits before it shuffles batches). The
     * test part is empty.
     *
     * @throws IllegalArgumentException as {@link #kerasValidationSplit(TrainTest, double)}
     */
    public static Split kerasValidationSplit(Dataset train, double fraction) {
        int n = train.count();
        int at = kerasSplitIndex(n, fraction);
        return new Split(train.slice(0, at), train.slice(at, n), train.slice(n, n));
    }

    /**
     * Keras' {@code validation_split} applied to the training part of {@code data}, its test part kept: the HGQ jet
     * recipe is {@code kerasValidationSplit(sklearnTrainTest(jets, 0.2, 42), 0.15)}, 564,400 training, 99,600
     * validation and 166,000 test samples. The validation samples are the last
     * {@code n − int(n · (1 − fraction))} of the training part (the double product truncated, as Python's
     * {@code int()} does: 1,000 samples with fraction 0.33 give 669 and 331).
     *
     * @param fraction the validation fraction: 0 (no validation samples) or more, below 1
     * @throws IllegalArgumentException if {@code fraction} is not finite, negative or 1 or more, or (as Keras refuses)
     *                                  a nonzero fraction would leave the training or validation part empty
     */
    public static Split kerasValidationSplit(TrainTest data, double fraction) {
        Dataset train = data.train();
        int n = train.count();
        int at = kerasSplitIndex(n, fraction);
        return new Split(train.slice(0, at), train.slice(at, n), data.test());
    }

    /** Where Keras cuts {@code n} training samples for a validation fraction. */
    static int kerasSplitIndex(int n, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction " + fraction
                    + " must be at least 0 and below 1, as Keras' validation_split");
        }
        int at = (int) (n * (1.0 - fraction)); // Keras: int(n * (1. - validation_split)), truncating
        if (fraction > 0 && (at == 0 || at == n)) {
            throw new IllegalArgumentException(n + " sample" + (n == 1 ? "" : "s") + " cannot be split with"
                    + " validation fraction " + fraction + ": the " + (at == 0 ? "training" : "validation")
                    + " part would be empty");
        }
        return at;
    }

    private static double[] fractions(double train, double validation, double test) {
        double[] f = {train, validation, test};
        for (double v : f) {
            if (!Double.isFinite(v) || v < 0 || v > 1) {
                throw new IllegalArgumentException("split fractions " + train + ", " + validation + ", " + test
                        + ": each must be between 0 and 1");
            }
        }
        if (Math.abs(train + validation + test - 1) > TOLERANCE) {
            throw new IllegalArgumentException("split fractions " + train + ", " + validation + ", " + test
                    + " add up to " + (train + validation + test) + ", not 1");
        }
        return f;
    }

    /**
     * Divides each group (in order) among the parts and shuffles its members into them; the parts are then sorted
     * back into the original sample order.
     */
    private static Split assemble(Dataset data, int[][] groups, double[] fractions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int parts = fractions.length;
        int[][] members = new int[parts][data.count()];
        int[] size = new int[parts];
        double[] behind = new double[parts]; // exact share so far minus samples given, per part
        for (int[] group : groups) {
            int[] counts = apportion(group.length, fractions, behind);
            int[] shuffled = group.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            int next = 0;
            for (int p = 0; p < parts; p++) {
                System.arraycopy(shuffled, next, members[p], size[p], counts[p]);
                size[p] += counts[p];
                next += counts[p];
                behind[p] += fractions[p] * group.length - counts[p];
            }
        }
        Dataset[] out = new Dataset[parts];
        for (int p = 0; p < parts; p++) {
            int[] indices = Arrays.copyOf(members[p], size[p]);
            Arrays.sort(indices);
            out[p] = data.subset(indices);
        }
        return new Split(out[0], out[1], out[2]);
    }

    /**
     * {@code n} divided by {@code fractions}: each part gets the floor of its share, and the leftover samples go one
     * each to parts with a fractional share, those furthest behind overall ({@code behind} plus the fractional part)
     * first, ties to the earlier part.
     */
    static int[] apportion(int n, double[] fractions, double[] behind) {
        int parts = fractions.length;
        int[] counts = new int[parts];
        double[] remainder = new double[parts];
        int given = 0;
        for (int p = 0; p < parts; p++) {
            double share = fractions[p] * n;
            counts[p] = (int) Math.min(n, Math.floor(share));
            remainder[p] = share - counts[p];
            given += counts[p];
        }
        int left = n - given;
        boolean[] taken = new boolean[parts];
        for (int round = 0; round < left; round++) {
            int best = -1;
            for (int pass = 0; pass < 2 && best < 0; pass++) {
                for (int p = 0; p < parts; p++) {
                    // first pass: only parts with a fractional share, so no part exceeds its share by a whole sample
                    if (taken[p] || pass == 0 && remainder[p] <= TOLERANCE) {
                        continue;
                    }
                    if (best < 0 || behind[p] + remainder[p] > behind[best] + remainder[best]) {
                        best = p;
                    }
                }
            }
            if (best < 0) { // more leftovers than parts: impossible for fractions adding up to 1, but stay total
                best = round % parts;
            } else {
                taken[best] = true;
            }
            counts[best]++;
        }
        return counts;
    }
}

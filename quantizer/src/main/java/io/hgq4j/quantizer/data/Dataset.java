package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An immutable training data set: a name, the features of {@link #count()} samples (a {@link SampleArray}, each
 * sample a tensor of {@link #featureShape()}) and their targets, which are either class labels (classification:
 * an index {@code 0 .. classCount − 1} per sample, optionally with class names) or values (regression: a
 * {@link SampleArray} with one target tensor per sample).
 *
 * <p>Subsets ({@link #subset}, {@link #slice}) copy the selected samples; the original is never changed.
 */
public final class Dataset {

    private final String name;
    private final SampleArray features;
    /** Class labels, or null for a regression set. */
    private final int[] labels;
    private final int classCount;
    private final List<String> classNames;
    /** Regression targets, or null for a classification set. */
    private final SampleArray targets;

    private Dataset(String name, SampleArray features, int[] labels, int classCount, List<String> classNames,
            SampleArray targets) {
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.classCount = classCount;
        this.classNames = classNames;
        this.targets = targets;
    }

    /**
     * A classification set with unnamed classes {@code 0 .. classCount − 1}; {@code labels} is copied.
     *
     * @throws IllegalArgumentException if the label count differs from the sample count, {@code classCount} is below
     *                                  1, or a label is outside {@code 0 .. classCount − 1}
     */
    public static Dataset classification(String name, SampleArray features, int[] labels, int classCount) {
        return classification(name, features, labels, classCount, List.of());
    }

    /**
     * A classification set whose classes are named (class i is {@code classNames.get(i)}); {@code labels} is copied.
     *
     * @throws IllegalArgumentException as {@link #classification(String, SampleArray, int[], int)}, or if there are
     *                                  no class names or two are equal
     */
    public static Dataset classification(String name, SampleArray features, int[] labels, List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("no class names; use classification(name, features, labels, classCount)");
        }
        return classification(name, features, labels, classNames.size(), classNames);
    }

    private static Dataset classification(String name, SampleArray features, int[] labels, int classCount,
            List<String> classNames) {
        checkName(name);
        Objects.requireNonNull(features, "features");
        if (labels.length != features.count()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + features.count() + " samples");
        }
        if (classCount < 1) {
            throw new IllegalArgumentException(name + ": class count " + classCount + " is below 1");
        }
        List<String> names = List.copyOf(classNames);
        if (!names.isEmpty() && new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(name + ": class names " + names + " are not distinct");
        }
        int[] copy = labels.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 0 || copy[i] >= classCount) {
                throw new IllegalArgumentException(name + ": label " + copy[i] + " of sample " + i + " is outside 0.."
                        + (classCount - 1));
            }
        }
        return new Dataset(name, features, copy, classCount, names, null);
    }

    /**
     * A regression set: sample i's target is sample i of {@code targets}.
     *
     * @throws IllegalArgumentException if the two arrays hold different numbers of samples
     */
    public static Dataset regression(String name, SampleArray features, SampleArray targets) {
        checkName(name);
        Objects.requireNonNull(features, "features");
        if (targets.count() != features.count()) {
            throw new IllegalArgumentException(name + ": " + targets.count() + " targets for " + features.count() + " samples");
        }
        return new Dataset(name, features, null, 0, List.of(), targets);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a data set needs a name");
        }
    }

    /** The name, e.g. {@code digits} or {@code hls4ml_lhc_jets_hlf}. */
    public String name() {
        return name;
    }

    /** The number of samples. */
    public int count() {
        return features.count();
    }

    /** The features, one sample per row. */
    public SampleArray features() {
        return features;
    }

    /** The shape of one sample's features. */
    public Shape featureShape() {
        return features.sampleShape();
    }

    /** The number of feature values in one sample. */
    public int featureSize() {
        return features.sampleSize();
    }

    /** Whether the targets are class labels (otherwise they are regression values). */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * The number of classes (labels run from 0 to {@code classCount() − 1}; some may have no samples).
     *
     * @throws IllegalStateException for a regression set
     */
    public int classCount() {
        requireClassification();
        return classCount;
    }

    /** The class names in class-index order, or an empty list when the classes are unnamed (or for regression). */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * A copy of the class labels.
     *
     * @throws IllegalStateException for a regression set
     */
    public int[] labels() {
        requireClassification();
        return labels.clone();
    }

    /**
     * The class label of sample {@code i}.
     *
     * @throws IllegalStateException for a regression set
     */
    public int label(int i) {
        requireClassification();
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /**
     * How many samples each class has, indexed by class.
     *
     * @throws IllegalStateException for a regression set
     */
    public int[] classCounts() {
        requireClassification();
        int[] counts = new int[classCount];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The regression targets.
     *
     * @throws IllegalStateException for a classification set
     */
    public SampleArray targets() {
        if (targets == null) {
            throw new IllegalStateException(name + " is a classification set: it has labels, not regression targets");
        }
        return targets;
    }

    /**
     * The samples at {@code indices}, in that order (an index may repeat), with the same name, classes and shapes.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code 0 .. count() − 1}
     */
    public Dataset subset(int[] indices) {
        for (int index : indices) {
            Objects.checkIndex(index, count());
        }
        SampleArray x = select(features, indices);
        if (labels == null) {
            return new Dataset(name, x, null, 0, classNames, select(targets, indices));
        }
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[indices[k]];
        }
        return new Dataset(name, x, y, classCount, classNames, null);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, count());
        SampleArray x = features.samples(from, to);
        if (labels == null) {
            return new Dataset(name, x, null, 0, classNames, targets.samples(from, to));
        }
        return new Dataset(name, x, Arrays.copyOfRange(labels, from, to), classCount, classNames, null);
    }

    /**
     * The same targets with other features (e.g. scaled ones) for the same samples.
     *
     * @throws IllegalArgumentException if {@code newFeatures} has a different sample count
     */
    public Dataset withFeatures(SampleArray newFeatures) {
        if (newFeatures.count() != count()) {
            throw new IllegalArgumentException(name + ": " + newFeatures.count() + " feature samples replace " + count());
        }
        return new Dataset(name, newFeatures, labels, classCount, classNames, targets);
    }

    /** The same data under another name. */
    public Dataset withName(String newName) {
        checkName(newName);
        return new Dataset(newName, features, labels, classCount, classNames, targets);
    }

    /** The labels without a copy, for this package's splits and batches (never modified); null for regression. */
    int[] labelsView() {
        return labels;
    }

    private void requireClassification() {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression set: it has targets, not class labels");
        }
    }

    private static SampleArray select(SampleArray a, int[] indices) {
        int n = a.sampleSize();
        double[] out = new double[Math.multiplyExact(indices.length, n)];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            int base = k * n;
            for (int j = 0; j < n; j++) {
                out[base + j] = a.value(i, j);
            }
        }
        return SampleArray.of(out, indices.length, a.sampleShape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && name.equals(d.name) && features.equals(d.features)
                && Arrays.equals(labels, d.labels) && classCount == d.classCount && classNames.equals(d.classNames)
                && Objects.equals(targets, d.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, features, Arrays.hashCode(labels), classCount, classNames, targets);
    }

    /** E.g. {@code digits: 1797 samples of 64, 10 classes} or {@code energy: 768 samples of 8, targets of 2}. */
    @Override
    public String toString() {
        return name + ": " + features + ", " + (labels != null ? classCount + " class" + (classCount == 1 ? "" : "es")
                : "targets of " + targets.sampleShape());
    }
}

package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads training data sets from files, from OpenML, and the bundled digits set. Every failure is a one-line
 * {@link DataException} naming the file or URL, the place and what was expected.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>method</th><th>input</th></tr>
 *   <tr><td>{@link #csv}</td><td>numbers, one sample per row, a label (or target) column; optional header</td></tr>
 *   <tr><td>{@link #npy}</td><td>a features {@code .npy} and a labels {@code .npy} (first axis = samples)</td></tr>
 *   <tr><td>{@link #npz}, {@link #npzTrainTest}</td><td>NumPy's {@code np.savez}/{@code np.savez_compressed}</td></tr>
 *   <tr><td>{@link #idx}, {@link #mnist}</td><td>IDX image and label files (MNIST), optionally gzipped</td></tr>
 *   <tr><td>{@link #arff}</td><td>Weka's ARFF (dense; numeric features, nominal or numeric target)</td></tr>
 *   <tr><td>{@link #openml(int)}, {@link #openml(String)}</td><td>an OpenML data set, downloaded once and cached
 *   (see {@link OpenMl})</td></tr>
 *   <tr><td>{@link #digits()}</td><td>the UCI optical digits (8x8, 1,797 samples), bundled in the jar</td></tr>
 * </table>
 *
 * <p>The {@code .csv}, {@code .npy} and IDX files are read by the model's {@link SampleArrays} (each may be
 * gzip-compressed). Numeric labels must be whole numbers 0, 1, 2, ... or one-hot rows; the class count is the
 * largest label + 1 unless the format says otherwise (a nominal ARFF class, MNIST's 10 digits).
 */
public final class Datasets {

    /** The four MNIST files, by role. */
    private static final String[] MNIST = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    /** The digits set once loaded (it is immutable, so one instance serves every caller). */
    private static volatile Dataset digits;

    private Datasets() {
    }

    // ---- CSV ----

    /**
     * A classification set from a CSV file whose last column is the label; a first line that is not all numbers is
     * a header.
     */
    public static Dataset csv(Path file) {
        return csv(file, -1, false, Task.CLASSIFICATION);
    }

    /** {@link #csv(Path, int, boolean, Task)} for classification. */
    public static Dataset csv(Path file, int labelColumn, boolean header) {
        return csv(file, labelColumn, header, Task.CLASSIFICATION);
    }

    /**
     * A data set from a CSV file of numbers: one sample per row, the other columns being the features (shape
     * [columns − 1]).
     *
     * @param targetColumn the label or target column, counting from 0; negative counts from the end (−1 = last)
     * @param header       whether the first line is a header even when it is all numbers (a first line with a field
     *                     that is not a number is always taken as a header)
     * @param task         labels (whole numbers ≥ 0) or regression targets
     */
    public static Dataset csv(Path file, int targetColumn, boolean header, Task task) {
        byte[] bytes = Io.read(file);
        String name = file.toString();
        if (header) {
            bytes = markHeader(Io.gunzipIfNeeded(bytes, name));
        }
        byte[] content = bytes;
        SampleArray all = Io.arrays(() -> SampleArrays.fromBytes(content, name, 1.0));
        int columns = all.sampleSize();
        if (columns < 2) {
            throw new DataException(name + ": rows have 1 field; expected feature columns and a "
                    + (task == Task.CLASSIFICATION ? "label" : "target") + " column");
        }
        int column = targetColumn < 0 ? columns + targetColumn : targetColumn;
        if (column < 0 || column >= columns) {
            throw new DataException(name + ": " + (task == Task.CLASSIFICATION ? "label" : "target") + " column "
                    + targetColumn + " is outside the rows of " + columns + " fields (columns 0.." + (columns - 1)
                    + ", or -1..-" + columns + " from the end)");
        }
        int count = all.count();
        double[] x = new double[count * (columns - 1)];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            int k = i * (columns - 1);
            for (int j = 0; j < columns; j++) {
                if (j == column) {
                    y[i] = all.value(i, j);
                } else {
                    x[k++] = all.value(i, j);
                }
            }
        }
        SampleArray features = SampleArray.of(x, count, Shape.of(columns - 1));
        String setName = Io.baseName(file);
        if (task == Task.REGRESSION) {
            return Dataset.regression(setName, features, SampleArray.of(y, count, Shape.of(1)));
        }
        int[] labels = new int[count];
        int max = 0;
        for (int i = 0; i < count; i++) {
            labels[i] = Labels.wholeNumber(y[i], name + ": data row " + (i + 1) + ", column " + column);
            max = Math.max(max, labels[i]);
        }
        return Dataset.classification(setName, features, labels, max + 1);
    }

    /**
     * The model's CSV reader takes a first line with a non-number field as a header; a header of numbers (say,
     * column indices) is turned into one by prefixing {@code #}. The line count is unchanged, so messages keep the
     * file's line numbers.
     */
    private static byte[] markHeader(byte[] bytes) {
        int pos = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        while (pos < bytes.length) {
            int end = pos;
            boolean blank = true;
            while (end < bytes.length && bytes[end] != '\n') {
                blank &= bytes[end] == ' ' || bytes[end] == '\t' || bytes[end] == '\r';
                end++;
            }
            if (!blank) {
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, pos);
                out[pos] = '#';
                System.arraycopy(bytes, pos, out, pos + 1, bytes.length - pos);
                return out;
            }
            pos = end + 1;
        }
        return bytes;
    }

    // ---- NPY and NPZ ----

    /** A classification set from a features {@code .npy} and a labels {@code .npy}. */
    public static Dataset npy(Path x, Path y) {
        return npy(x, y, Task.CLASSIFICATION);
    }

    /**
     * A data set from a features array and a labels or targets array (each {@code .npy}, {@code .csv} or IDX,
     * optionally gzipped; the first axis is the sample axis). For classification the labels are whole numbers (shape
     * (N,) or (N, 1)) or one-hot rows (N, C).
     */
    public static Dataset npy(Path x, Path y, Task task) {
        SampleArray features = Io.samples(x, 1.0);
        SampleArray targets = Io.samples(y, 1.0);
        return pair(Io.baseName(x), features, x.toString(), targets, y.toString(), task, -1);
    }

    /** A classification set from two arrays of an {@code .npz} archive, e.g. {@code "x_train", "y_train"}. */
    public static Dataset npz(Path file, String xKey, String yKey) {
        return npz(file, xKey, yKey, Task.CLASSIFICATION);
    }

    /** A data set from the features array {@code xKey} and the labels or targets array {@code yKey} of an archive. */
    public static Dataset npz(Path file, String xKey, String yKey, Task task) {
        Map<String, SampleArray> arrays = Npz.read(file, xKey, yKey);
        return pair(Io.baseName(file), arrays.get(strip(xKey)), file + ": " + xKey, arrays.get(strip(yKey)),
                file + ": " + yKey, task, -1);
    }

    /** {@link #npzTrainTest(Path, Task)} for classification. */
    public static TrainTest npzTrainTest(Path file) {
        return npzTrainTest(file, Task.CLASSIFICATION);
    }

    /**
     * The training and test sets of an archive with the arrays {@code x_train}, {@code y_train}, {@code x_test} and
     * {@code y_test} (the layout of Keras's {@code mnist.npz}); for classification both get the class count of the
     * larger largest label.
     */
    public static TrainTest npzTrainTest(Path file, Task task) {
        Map<String, SampleArray> a = Npz.read(file, "x_train", "y_train", "x_test", "y_test");
        String name = Io.baseName(file);
        int classes = -1;
        if (task == Task.CLASSIFICATION) {
            classes = Math.max(Labels.of(a.get("y_train"), file + ": y_train").classCount(),
                    Labels.of(a.get("y_test"), file + ": y_test").classCount());
        }
        return new TrainTest(
                pair(name, a.get("x_train"), file + ": x_train", a.get("y_train"), file + ": y_train", task, classes),
                pair(name, a.get("x_test"), file + ": x_test", a.get("y_test"), file + ": y_test", task, classes));
    }

    private static String strip(String key) {
        return key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
    }

    /** Features and labels or targets of the same samples; {@code classes} < 0 means from the labels. */
    private static Dataset pair(String name, SampleArray x, String xSource, SampleArray y, String ySource, Task task,
            int classes) {
        if (x.count() != y.count()) {
            throw new DataException(xSource + " has " + x.count() + " samples but " + ySource + " has " + y.count());
        }
        if (task == Task.REGRESSION) {
            return Dataset.regression(name, x, y);
        }
        Labels.Set labels = Labels.of(y, ySource);
        return Dataset.classification(name, x, labels.labels(), Math.max(1, Math.max(classes, labels.classCount())));
    }

    // ---- IDX / MNIST ----

    /**
     * A classification set from an IDX image file and an IDX label file (optionally gzipped), pixels multiplied by
     * {@code scale} (e.g. 1/256 = 0.00390625; 1 keeps the bytes 0..255).
     */
    public static Dataset idx(Path images, Path labels, double scale) {
        checkScale(scale);
        return idx(Io.baseName(images), images, labels, scale, -1);
    }

    private static Dataset idx(String name, Path images, Path labels, double scale, int classes) {
        SampleArray x = Io.samples(images, scale);
        SampleArray y = Io.samples(labels, 1.0);
        if (y.sampleSize() != 1) {
            throw new DataException(labels + ": holds samples of " + y.sampleShape() + "; expected one label per sample"
                    + " (an idx1 file)");
        }
        Dataset set = pair(name, x, images.toString(), y, labels.toString(), Task.CLASSIFICATION, classes);
        if (classes > 0 && set.classCount() > classes) {
            throw new DataException(labels + ": label " + (set.classCount() - 1) + " is outside 0.." + (classes - 1));
        }
        return set;
    }

    /**
     * MNIST from its four standard files in {@code dir} ({@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each also
     * accepted gzipped as {@code *.gz} or with a dot before {@code idx}): the training set (60,000 images of 28x28)
     * and the test set (10,000), 10 classes, pixels multiplied by {@code scale}.
     */
    public static TrainTest mnist(Path dir, double scale) {
        checkScale(scale);
        Path[] files = new Path[4];
        for (int i = 0; i < 4; i++) {
            files[i] = find(dir, MNIST[i]);
        }
        return new TrainTest(idx("mnist-train", files[0], files[1], scale, 10), idx("mnist-test", files[2], files[3], scale, 10));
    }

    private static Path find(Path dir, String base) {
        String dotted = base.replace("-idx", ".idx");
        List<String> tried = new ArrayList<>();
        for (String name : new String[] {base, base + ".gz", dotted, dotted + ".gz"}) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(name);
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such folder; expected the four MNIST files in it");
        }
        throw new DataException(dir + ": no MNIST file " + base + " (looked for " + String.join(", ", tried)
                + "); expected train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                + "t10k-labels-idx1-ubyte, optionally .gz");
    }

    private static void checkScale(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale " + scale + " is not a finite number");
        }
    }

    // ---- ARFF ----

    /** A data set from an ARFF file whose last attribute is the target. */
    public static Dataset arff(Path file) {
        return arff(file, null);
    }

    /**
     * A data set from an ARFF file (optionally gzipped). A nominal target gives a classification set (class i is the
     * i-th declared value), a numeric one a regression set; every other attribute not ignored must be numeric.
     *
     * @param targetAttribute the target's name, or null for the last attribute
     * @param ignored         attributes to leave out (row ids, string or date attributes, ...)
     */
    public static Dataset arff(Path file, String targetAttribute, String... ignored) {
        return Arff.read(Io.read(file), file.toString(), targetAttribute, List.of(ignored), null);
    }

    // ---- OpenML ----

    /** The OpenML data set {@code id}, from the cache or downloaded into it: {@link OpenMl#load(int)} with defaults. */
    public static Dataset openml(int id) {
        return OpenMl.defaults().load(id);
    }

    /** The OpenML data set called {@code name}: {@link OpenMl#load(String)} with defaults. */
    public static Dataset openml(String name) {
        return OpenMl.defaults().load(name);
    }

    // ---- bundled ----

    /**
     * The UCI optical recognition of handwritten digits set as scikit-learn ships it ({@code load_digits}), bundled in
     * this jar: 1,797 samples of 64 features (8x8 pixels, row by row, each 0..16) and 10 classes (the digits 0..9).
     * The features are flat, shape [64]; view them as images with
     * {@code features().withSampleShape(Shape.of(8, 8))}.
     */
    public static Dataset digits() {
        Dataset set = digits;
        if (set == null) {
            synchronized (Datasets.class) {
                set = digits;
                if (set == null) {
                    set = loadDigits();
                    digits = set;
                }
            }
        }
        return set;
    }

    private static Dataset loadDigits() {
        String resource = "digits.csv.gz";
        byte[] bytes;
        try (InputStream in = Datasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataException("the bundled " + resource + " is missing from the class path (next to "
                        + Datasets.class.getName() + ")");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new DataException("cannot read the bundled " + resource + " (" + DataException.reason(e) + ")", e);
        }
        SampleArray all = Io.arrays(() -> SampleArrays.fromBytes(bytes, resource, 1.0));
        if (all.sampleSize() != 65) {
            throw new DataException("the bundled " + resource + " has rows of " + all.sampleSize()
                    + " values; expected 64 pixels and a label");
        }
        Labels.Set labels = Labels.of(all.elements(64, 65), resource);
        return Dataset.classification("digits", all.elements(0, 64), labels.labels(), 10);
    }
}

package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.data.Datasets;
import io.hgq4j.quantizer.data.MinMaxScaler;
import io.hgq4j.quantizer.data.Scaler;
import io.hgq4j.quantizer.data.Split;
import io.hgq4j.quantizer.data.Splits;
import io.hgq4j.quantizer.data.StandardScaler;
import io.hgq4j.quantizer.data.Task;
import io.hgq4j.quantizer.data.TrainTest;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code data} section: where the samples come from, how they are split and scaled.
 *
 * <pre>
 * data:
 *   source: openml          # digits (bundled), mnist, openml, csv, npz, npy, arff
 *   name: hls4ml_lhc_jets_hlf   # openml: name or id
 *   path: ...               # mnist: the folder of the IDX files; csv/npz/arff/npy: the file (relative to the config)
 *   split: {method: sklearn, validation: 0.15, test: 0.2, seed: 42}
 *   scaling: standard       # standard, minmax or none; fitted on the training part
 * </pre>
 *
 * @param source     where the samples come from
 * @param path       the file or folder of file-based sources (null otherwise)
 * @param labels     npy: the label file; npz: the key of the labels (null: defaults)
 * @param openml     openml: the data set's id or name
 * @param target     csv: the label column (index, negative from the end); arff: the target attribute
 * @param task       classification or regression
 * @param pixelScale mnist: factor applied to the pixel values 0..255
 * @param split      how training, validation and test parts are drawn
 * @param validation fraction of the samples (or of the training part, for sources with a test set) for validation
 * @param test       fraction of the samples for testing (sources without a test set)
 * @param splitSeed  the split's seed
 * @param scaling    feature scaling fitted on the training part
 */
public record DataConfig(Source source, String path, String labels, String openml, String target, Task task,
                         double pixelScale, SplitMethod split, double validation, double test, long splitSeed,
                         Scaling scaling) {

    /** Where the samples come from. */
    public enum Source {
        /** The bundled 8×8 digits (1,797 samples, 10 classes). */
        DIGITS,
        /** MNIST from its four IDX files in {@code path}. */
        MNIST,
        /** An OpenML data set, downloaded once into the cache. */
        OPENML,
        /** A CSV file of numbers. */
        CSV,
        /** An NPZ archive with {@code x}/{@code y} or {@code x_train}/{@code y_train}/{@code x_test}/{@code y_test}. */
        NPZ,
        /** Two NPY files: {@code path} (features) and {@code labels}. */
        NPY,
        /** An ARFF file. */
        ARFF
    }

    /** How the parts are drawn. */
    public enum SplitMethod {
        /** Shuffled, each class divided by the fractions on its own (default for classification). */
        STRATIFIED,
        /** Shuffled. */
        RANDOM,
        /**
         * The HGQ paper's jet split: scikit-learn's {@code train_test_split(test_size, random_state=seed)}, then
         * Keras's {@code validation_split}: the last {@code validation} fraction of the training part.
         */
        SKLEARN
    }

    /** Feature scaling, fitted on the training part. */
    public enum Scaling {
        /** Zero mean, unit variance per feature. */
        STANDARD,
        /** Each feature mapped to [0, 1]. */
        MINMAX,
        /** The values as loaded. */
        NONE
    }

    /** Validates the fractions. */
    public DataConfig {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new IllegalArgumentException("data split: validation and test fractions >= 0 with a sum below 1 expected");
        }
    }

    /** The bundled digits, split 70/10/20 stratified, standard-scaled. */
    public static DataConfig digits() {
        return new DataConfig(Source.DIGITS, null, null, null, null, Task.CLASSIFICATION, 1, SplitMethod.STRATIFIED, 0.1,
                0.2, 1, Scaling.STANDARD);
    }

    /** MNIST from the IDX files in {@code dir}, pixels × 1/256, 10 % of the training images for validation. */
    public static DataConfig mnist(String dir) {
        return new DataConfig(Source.MNIST, dir, null, null, null, Task.CLASSIFICATION, 1.0 / 256, SplitMethod.STRATIFIED,
                0.1, 0, 1, Scaling.NONE);
    }

    /** This configuration reading from another path. */
    public DataConfig withPath(String newPath) {
        return new DataConfig(source, newPath, labels, openml, target, task, pixelScale, split, validation, test, splitSeed,
                scaling);
    }

    /** Whether the source brings its own test set (then {@code test} is unused). */
    public boolean hasOwnTestSet() {
        return source == Source.MNIST || source == Source.NPZ && labels == null;
    }

    /** The loaded, split and scaled data, with the scaler fitted on the training part (null without scaling). */
    public record Prepared(Dataset train, Dataset validation, Dataset test, Scaler scaler) {
    }

    /** Loads, splits and scales; relative paths are resolved against {@code base}. */
    public Prepared prepare(Path base) {
        Split split = switch (source) {
            case MNIST -> validationFrom(Datasets.mnist(resolve(base), pixelScale));
            case NPZ -> labels == null ? validationFrom(Datasets.npzTrainTest(resolve(base), task))
                    : divide(Datasets.npz(resolve(base), "x", labels, task));
            case DIGITS -> divide(Datasets.digits());
            case OPENML -> divide(openml.matches("\\d+") ? Datasets.openml(Integer.parseInt(openml)) : Datasets.openml(openml));
            case CSV -> divide(Datasets.csv(resolve(base), target == null ? -1 : Integer.parseInt(target), false, task));
            case NPY -> divide(Datasets.npy(resolve(base), base.resolve(labels), task));
            case ARFF -> divide(target == null ? Datasets.arff(resolve(base)) : Datasets.arff(resolve(base), target));
        };
        Scaler scaler = switch (scaling) {
            case STANDARD -> StandardScaler.fit(split.train());
            case MINMAX -> MinMaxScaler.fit(split.train());
            case NONE -> null;
        };
        if (scaler == null) {
            return new Prepared(split.train(), split.validation(), split.test(), null);
        }
        return new Prepared(scaler.apply(split.train()), scaler.apply(split.validation()), scaler.apply(split.test()), scaler);
    }

    private Path resolve(Path base) {
        if (path == null) {
            throw new ConfigException("data.path: missing (the " + source.name().toLowerCase(Locale.ROOT)
                    + " source reads a file or folder)");
        }
        return base.resolve(path);
    }

    private Split divide(Dataset data) {
        double train = 1 - validation - test;
        return switch (split) {
            case STRATIFIED -> data.isClassification() ? Splits.stratified(data, train, validation, test, splitSeed)
                    : Splits.split(data, train, validation, test, splitSeed);
            case RANDOM -> Splits.split(data, train, validation, test, splitSeed);
            case SKLEARN -> sklearn(data);
        };
    }

    private Split validationFrom(TrainTest published) {
        Split inner = switch (split) {
            case STRATIFIED -> published.train().isClassification()
                    ? Splits.stratified(published.train(), 1 - validation, validation, 0, splitSeed)
                    : Splits.split(published.train(), 1 - validation, validation, 0, splitSeed);
            case RANDOM -> Splits.split(published.train(), 1 - validation, validation, 0, splitSeed);
            case SKLEARN -> Splits.kerasValidationSplit(published, validation);
        };
        return new Split(inner.train(), inner.validation(), published.test());
    }

    private Split sklearn(Dataset data) {
        if (test == 0) {
            throw new ConfigException("data.split.test: the sklearn split needs a test fraction above 0");
        }
        return Splits.kerasValidationSplit(Splits.sklearnTrainTest(data, test, splitSeed), validation);
    }

    static DataConfig read(ConfigNode c) {
        Source source = c.choice("source", Source.DIGITS, Source.class);
        String path = c.string("path", null);
        String labels = c.string("labels", null);
        String openml = null;
        if (source == Source.OPENML) {
            ConfigNode id = c.optional("id");
            String name = c.string("name", null);
            if ((id == null) == (name == null)) {
                throw c.problem("an openml source needs exactly one of id and name");
            }
            openml = id != null ? String.valueOf(id.integer()) : name;
        }
        String target = c.string("target", null);
        if (source == Source.CSV && target != null && !target.matches("-?\\d+")) {
            throw c.required("target").error("a column index (negative counts from the end)");
        }
        if (source == Source.NPY && labels == null) {
            throw c.problem("an npy source needs labels: the file of the labels");
        }
        Task task = c.choice("task", Task.CLASSIFICATION, Task.class);
        double pixelScale = c.number("pixel_scale", 1.0 / 256, 1e-12, 1e6);
        ConfigNode s = c.mapOrEmpty("split");
        SplitMethod method = s.choice("method", task == Task.CLASSIFICATION ? SplitMethod.STRATIFIED : SplitMethod.RANDOM,
                SplitMethod.class);
        double validation = s.number("validation", 0.1, 0, 0.9);
        boolean ownTest = source == Source.MNIST || source == Source.NPZ && labels == null;
        double test = ownTest ? 0 : s.number("test", 0.2, 0, 0.9);
        if (ownTest && s.has("test")) {
            throw s.required("test").error("nothing: this source brings its own test set");
        }
        long seed = s.has("seed") ? s.required("seed").integer() : 1;
        s.finish();
        Scaling scaling = c.choice("scaling", source == Source.MNIST ? Scaling.NONE : Scaling.STANDARD, Scaling.class);
        c.finish();
        if (validation + test >= 1) {
            throw s.problem("validation + test must stay below 1");
        }
        if (method == SplitMethod.STRATIFIED && task == Task.REGRESSION) {
            throw s.required("method").error("random or sklearn (a regression set has no classes to stratify)");
        }
        return new DataConfig(source, path, labels, openml, target, task, pixelScale, method, validation, test, seed,
                scaling);
    }

    ObjectNode write() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("source", source.name().toLowerCase(Locale.ROOT));
        if (openml != null) {
            if (openml.matches("\\d+")) {
                c.put("id", Integer.parseInt(openml));
            } else {
                c.put("name", openml);
            }
        }
        if (path != null) {
            c.put("path", path);
        }
        if (labels != null) {
            c.put("labels", labels);
        }
        if (target != null) {
            c.put("target", target);
        }
        c.put("task", task.name().toLowerCase(Locale.ROOT));
        if (source == Source.MNIST) {
            c.put("pixel_scale", pixelScale);
        }
        ObjectNode s = c.putObject("split");
        s.put("method", split.name().toLowerCase(Locale.ROOT));
        s.put("validation", validation);
        if (!hasOwnTestSet()) {
            s.put("test", test);
        }
        s.put("seed", splitSeed);
        c.put("scaling", scaling.name().toLowerCase(Locale.ROOT));
        return c;
    }
}

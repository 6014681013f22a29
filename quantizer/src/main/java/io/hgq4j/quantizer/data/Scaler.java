package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.AtomicFiles;
import io.hgq4j.model.data.SampleArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A fixed per-feature transformation of feature values, fitted on training data and then applied unchanged to every
 * other data set (validation, test, and the inputs of the exported model). Features are numbered row-major within a
 * sample, so a scaler fitted on 28x28 images has 784 per-feature parameters.
 *
 * <p>Saved as a small JSON document, so the preprocessing of a trained model can be documented and reused:
 * <pre>{"format": "hgq4j-scaler", "formatVersion": 1, "type": "standard", "mean": [...], "std": [...]}</pre>
 * with {@code "type": "min-max"} ({@code min}, {@code max}, {@code low}, {@code high}) and {@code "type": "fixed"}
 * ({@code factor}) for the other kinds. Doubles are written so that they read back bit for bit.
 */
public sealed interface Scaler permits StandardScaler, MinMaxScaler, FixedScale {

    /** The {@code format} field of the JSON document. */
    String FORMAT = "hgq4j-scaler";
    /** The {@code formatVersion} this version writes and reads. */
    int FORMAT_VERSION = 1;

    /**
     * The scaled value of feature {@code feature} (row-major index within a sample).
     *
     * @throws IndexOutOfBoundsException if the scaler has no such feature
     */
    double apply(int feature, double value);

    /**
     * The number of features the scaler was fitted on, or −1 when it scales any number (a fixed factor).
     */
    int featureCount();

    /**
     * Every sample scaled, same shapes.
     *
     * @throws IllegalArgumentException if the samples have a different number of features than the scaler
     */
    default SampleArray apply(SampleArray features) {
        int n = features.sampleSize();
        if (featureCount() >= 0 && n != featureCount()) {
            throw new IllegalArgumentException("a scaler fitted on " + featureCount() + " features cannot scale samples "
                    + "of " + features.sampleShape() + " (" + n + " values)");
        }
        double[] values = new double[Math.multiplyExact(features.count(), n)];
        for (int i = 0; i < features.count(); i++) {
            for (int j = 0; j < n; j++) {
                values[i * n + j] = apply(j, features.value(i, j));
            }
        }
        return SampleArray.of(values, features.count(), features.sampleShape());
    }

    /** The data set with its features scaled and its targets unchanged. */
    default Dataset apply(Dataset data) {
        return data.withFeatures(apply(data.features()));
    }

    /** The JSON document describing this scaler. */
    String toJson();

    /**
     * Writes {@link #toJson()} to {@code file} (atomically).
     *
     * @throws IOException if the file cannot be written
     */
    default void write(Path file) throws IOException {
        byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(json));
    }

    /**
     * The scaler a JSON document describes.
     *
     * @throws DataException if the document is not a valid scaler description
     */
    static Scaler fromJson(String json) {
        return Scalers.parse(json, "scaler JSON");
    }

    /**
     * The scaler in a JSON file written by {@link #write}.
     *
     * @throws DataException if the file cannot be read or is not a valid scaler description
     */
    static Scaler read(Path file) {
        return Scalers.parse(new String(Io.read(file), StandardCharsets.UTF_8), file.toString());
    }
}

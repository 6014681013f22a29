package io.hgq4j.model.data;

import io.hgq4j.model.tensor.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable batch of samples: {@link #count()} samples, each a tensor of {@link #sampleShape()} holding doubles
 * in row-major order. Values are kept exactly as given, including −0.0, subnormals, NaN and infinities (whoever
 * consumes samples decides whether non-finite values are acceptable; the emulator rejects them).
 *
 * <p>Two arrays are equal when they have the same count, sample shape and the same doubles bit for bit (NaNs
 * compared as {@link Double#doubleToLongBits} does, so all NaNs are equal).
 */
public final class SampleArray {

    private final double[] values;
    private final int count;
    private final Shape sampleShape;

    private SampleArray(double[] values, int count, Shape sampleShape) {
        this.values = values;
        this.count = count;
        this.sampleShape = sampleShape;
    }

    /**
     * Samples from {@code values} in row-major order (sample after sample), copied.
     *
     * @throws IllegalArgumentException if {@code values} does not hold exactly {@code count} samples of the shape
     */
    public static SampleArray of(double[] values, int count, Shape sampleShape) {
        return wrap(values.clone(), count, sampleShape);
    }

    /** {@link #of} without the copy, for arrays nobody else holds. */
    static SampleArray wrap(double[] values, int count, Shape sampleShape) {
        Objects.requireNonNull(sampleShape, "sampleShape");
        if (count < 0) {
            throw new IllegalArgumentException("negative sample count " + count);
        }
        if ((long) count * sampleShape.size() != values.length) {
            throw new IllegalArgumentException(count + " samples of shape " + sampleShape + " need "
                    + (long) count * sampleShape.size() + " values, given " + values.length);
        }
        return new SampleArray(values, count, sampleShape);
    }

    /**
     * One sample of shape [n] per row, copied.
     *
     * @throws IllegalArgumentException if there are no rows, a row is empty or the rows differ in length
     */
    public static SampleArray ofRows(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows: the sample shape would be unknown");
        }
        int n = rows[0].length;
        if ((long) rows.length * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows.length + " rows of " + n + " values are too many for one array");
        }
        double[] values = new double[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + n);
            }
            System.arraycopy(rows[i], 0, values, i * n, n);
        }
        return new SampleArray(values, rows.length, Shape.of(n));
    }

    /** The number of samples. */
    public int count() {
        return count;
    }

    /** The shape of one sample. */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** The number of values in one sample. */
    public int sampleSize() {
        return sampleShape.size();
    }

    /** A copy of sample {@code i}, row-major. */
    public double[] sample(int i) {
        Objects.checkIndex(i, count);
        int n = sampleShape.size();
        return Arrays.copyOfRange(values, i * n, i * n + n);
    }

    /** Element {@code element} (row-major index within the sample) of sample {@code sample}. */
    public double value(int sample, int element) {
        Objects.checkIndex(sample, count);
        Objects.checkIndex(element, sampleShape.size());
        return values[sample * sampleShape.size() + element];
    }

    /** A copy of all values, sample after sample, each row-major. */
    public double[] toArray() {
        return values.clone();
    }

    /**
     * The same values with each sample viewed as {@code shape}, e.g. CSV rows of 784 as 28x28 images.
     *
     * @throws IllegalArgumentException if {@code shape} has a different number of elements
     */
    public SampleArray withSampleShape(Shape shape) {
        if (shape.size() != sampleShape.size()) {
            throw new IllegalArgumentException("samples of shape " + sampleShape + " (" + sampleShape.size()
                    + " values) cannot be viewed as " + shape + " (" + shape.size() + " values)");
        }
        return new SampleArray(values, count, shape);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public SampleArray samples(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        int n = sampleShape.size();
        return new SampleArray(Arrays.copyOfRange(values, from * n, to * n), to - from, sampleShape);
    }

    /**
     * Elements {@code from} (inclusive) to {@code to} (exclusive, row-major within a sample) of every sample, as
     * samples of shape [to − from]; e.g. the 64 pixels and the label of each row of a digits CSV.
     */
    public SampleArray elements(int from, int to) {
        int n = sampleShape.size();
        Objects.checkFromToIndex(from, to, n);
        if (to == from) {
            throw new IllegalArgumentException("an empty element range [" + from + ", " + to + ")");
        }
        int m = to - from;
        double[] out = new double[count * m];
        for (int i = 0; i < count; i++) {
            System.arraycopy(values, i * n + from, out, i * m, m);
        }
        return new SampleArray(out, count, Shape.of(m));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleArray a && count == a.count && sampleShape.equals(a.sampleShape)
                && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, sampleShape, Arrays.hashCode(values));
    }

    /** E.g. {@code 10000 samples of 28x28}. */
    @Override
    public String toString() {
        return count + " sample" + (count == 1 ? "" : "s") + " of " + sampleShape;
    }
}

package io.hgq4j.model.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The static shape of one sample's tensor (no batch axis), row-major. Immutable; every dimension is at least 1.
 */
public final class Shape {

    /** The largest number of elements a tensor may have. */
    public static final int MAX_SIZE = 1 << 28;

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        long product = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a dimension " + d + " < 1");
            }
            product *= d;
            if (product > MAX_SIZE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than " + MAX_SIZE + " elements");
            }
        }
        this.dims = dims;
        this.size = (int) product;
    }

    /** A shape with these dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The extent of {@code axis}. */
    public int dim(int axis) {
        return dims[axis];
    }

    /** The extent of the last axis. */
    public int lastDim() {
        return dims[dims.length - 1];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** This shape with the last axis replaced by {@code extent}. */
    public Shape withLastDim(int extent) {
        int[] d = dims.clone();
        d[d.length - 1] = extent;
        return new Shape(d);
    }

    /** The row-major index of an element. */
    public int flatIndex(int... index) {
        if (index.length != dims.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for shape " + this);
        }
        int flat = 0;
        for (int axis = 0; axis < dims.length; axis++) {
            if (index[axis] < 0 || index[axis] >= dims[axis]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + this);
            }
            flat = flat * dims[axis] + index[axis];
        }
        return flat;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** The dimensions joined by {@code x}, e.g. {@code 28x28x1}. */
    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}

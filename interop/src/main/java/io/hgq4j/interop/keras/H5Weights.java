package io.hgq4j.interop.keras;

import io.hgq4j.model.tensor.Shape;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The weights of a Keras HDF5 file, found as Keras stores them: group {@code model_weights/<layer>} (or
 * {@code <layer>} at the root of a weights-only file) lists its datasets in the attribute {@code weight_names}, paths
 * relative to the group such as {@code dense_1/kernel:0} or {@code bits:0}. Without that attribute, the group's
 * datasets are searched by name.
 *
 * <p>Every call into jhdf is guarded: a damaged file makes jhdf throw all kinds of runtime exceptions, which become a
 * {@link KerasProblem} naming the layer and the weight.
 */
final class H5Weights {

    private final Group root;

    /**
     * The weights of {@code file}.
     *
     * @throws KerasProblem if the file's root group cannot be read
     */
    H5Weights(Group file) {
        Node weights;
        try {
            weights = file.getChild("model_weights");
        } catch (RuntimeException e) {
            throw new KerasProblem("cannot read the weights (" + KerasHgqImporter.describe(e) + ")", e);
        }
        this.root = weights instanceof Group g ? g : file;
    }

    /** One numeric dataset, read on demand. */
    static final class WeightArray {

        private final KerasLayer layer;
        private final String weight;
        private final Dataset dataset;
        private final int[] dims;

        private WeightArray(KerasLayer layer, String weight, Dataset dataset, int[] dims) {
            this.layer = layer;
            this.weight = weight;
            this.dataset = dataset;
            this.dims = dims;
        }

        /** The dataset's dimensions ({@code []} for a scalar). */
        int[] dims() {
            return dims.clone();
        }

        /** The number of elements. */
        long size() {
            long n = 1;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }

        /**
         * Fails unless the dimensions are exactly {@code expected}.
         *
         * @throws KerasProblem naming the weight, its shape and the expected one
         */
        WeightArray requireShape(int... expected) {
            if (!Arrays.equals(dims, expected)) {
                throw KerasProblem.at(layer, weight + " has shape " + Arrays.toString(dims) + ", expected "
                        + Arrays.toString(expected));
            }
            return this;
        }

        /**
         * Every element as a double, row-major (exact for floats, doubles and integers of up to 53 bits).
         *
         * @throws KerasProblem if the data type is not numeric or the data cannot be read
         */
        double[] read() {
            if (size() > Shape.MAX_SIZE) {
                throw KerasProblem.at(layer, weight + " has shape " + Arrays.toString(dims) + ", more than "
                        + Shape.MAX_SIZE + " elements");
            }
            Object data = guard(layer, "cannot read " + weight, () -> dims.length == 0 ? dataset.getData() : dataset.getDataFlat());
            double[] values = toDoubles(data);
            if (values == null) {
                throw KerasProblem.at(layer, weight + " holds " + describeType() + ", expected numbers");
            }
            if (values.length != size()) {
                throw KerasProblem.at(layer, "cannot read " + weight + ": " + values.length + " values for shape "
                        + Arrays.toString(dims));
            }
            return values;
        }

        private String describeType() {
            Class<?> type = guard(layer, "cannot read " + weight, dataset::getJavaType);
            return type == null ? "data of an unknown type" : type.getSimpleName() + " data";
        }

        private static double[] toDoubles(Object data) {
            if (data instanceof float[] a) {
                double[] v = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    v[i] = a[i];
                }
                return v;
            }
            if (data instanceof double[] a) {
                return a.clone();
            }
            if (data instanceof byte[] a) {
                double[] v = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    v[i] = a[i];
                }
                return v;
            }
            if (data instanceof short[] a) {
                double[] v = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    v[i] = a[i];
                }
                return v;
            }
            if (data instanceof int[] a) {
                return Arrays.stream(a).asDoubleStream().toArray();
            }
            if (data instanceof long[] a) {
                double[] v = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    // a long beyond 2^53 rounds; callers only accept small integers from integer datasets
                    v[i] = a[i];
                }
                return v;
            }
            if (data instanceof Number n && !(data instanceof java.math.BigInteger)) {
                return new double[] {n.doubleValue()};
            }
            return null;
        }
    }

    /**
     * The dataset {@code weight} (e.g. {@code kernel}, {@code bits}) of {@code layer}.
     *
     * @throws KerasProblem if the layer has no weights group or no such dataset
     */
    WeightArray require(KerasLayer layer, String weight) {
        return find(layer, weight).orElseThrow(() -> KerasProblem.at(layer, "missing weight '" + weight
                + "' (expected a dataset " + weight + ":0 listed in " + groupPath(layer) + "/weight_names)"));
    }

    /**
     * The dataset {@code weight} of {@code layer}, if there is one.
     *
     * @throws KerasProblem if the layer has no weights group, or it cannot be read
     */
    Optional<WeightArray> find(KerasLayer layer, String weight) {
        String what = "cannot read weight '" + weight + "'";
        Group group = guard(layer, what, () -> {
            Node node = root.getChild(layer.name());
            return node instanceof Group g ? g : null;
        });
        if (group == null) {
            throw KerasProblem.at(layer, "the file has no weights group " + groupPath(layer));
        }
        List<Dataset> matches = guard(layer, what, () -> H5Datasets.matching(group, weight));
        if (matches.size() > 1) {
            throw KerasProblem.at(layer, "more than one dataset holds weight '" + weight + "' in " + groupPath(layer));
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        Dataset dataset = matches.get(0);
        int[] dims = guard(layer, what, dataset::getDimensions);
        for (int d : dims) {
            if (d < 0) {
                throw KerasProblem.at(layer, what + ": dimensions " + Arrays.toString(dims));
            }
        }
        return Optional.of(new WeightArray(layer, weight, dataset, dims.clone()));
    }

    private String groupPath(KerasLayer layer) {
        String prefix = guard(layer, "cannot read the weights", root::getPath);
        return (prefix.equals("/") ? "" : prefix.replaceAll("^/", "").replaceAll("/$", "") + "/") + layer.name();
    }

    /** Runs a jhdf call, turning whatever a damaged file makes it throw into a problem of {@code layer}. */
    static <T> T guard(KerasLayer layer, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KerasProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw KerasProblem.at(layer, what + " (" + KerasHgqImporter.describe(e) + ")", e);
        }
    }
}

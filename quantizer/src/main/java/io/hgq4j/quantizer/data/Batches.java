package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.SampleArray;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches of a data set for training: {@code float} feature blocks (row-major, sample after sample) with their
 * {@code int} labels (or {@code float} regression targets), in a shuffled order that depends only on the seed and the
 * epoch number, or in the data set's order.
 *
 * <pre>{@code
 * Batches batches = Batches.of(train, 128).shuffled(42);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (Batches.Batch b : batches.epoch(epoch)) {
 *         INDArray x = Nd4j.create(b.features(), new long[] {b.size(), train.featureSize()});
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Allocation-light: an epoch's iterator allocates its permutation and its buffers once (one set for full batches,
 * one for a shorter last batch) and refills them for every batch. The {@link Batch} returned by {@code next()} is the
 * same object each time, valid until the next call; its arrays have exactly {@link Batch#size()} samples, so they
 * can be handed to ND4J as they are. Copy them to keep them.
 */
public final class Batches {

    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;

    private Batches(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /**
     * Batches of {@code batchSize} samples in the data set's order, the last one shorter when the count is not a
     * multiple.
     *
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public static Batches of(Dataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " is below 1");
        }
        return new Batches(data, batchSize, false, 0, false);
    }

    /** The same batches in an order shuffled anew for each epoch, from {@code seed} and the epoch number. */
    public Batches shuffled(long newSeed) {
        return new Batches(data, batchSize, true, newSeed, dropLast);
    }

    /** The same without a last batch shorter than the batch size. */
    public Batches dropLast() {
        return new Batches(data, batchSize, shuffle, seed, true);
    }

    /** The data set. */
    public Dataset dataset() {
        return data;
    }

    /** The number of samples in a full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The number of batches per epoch. */
    public int batchCount() {
        int count = data.count();
        return dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
    }

    /**
     * The batches of epoch {@code epoch}; iterating again gives the same batches in the same order.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public Iterable<Batch> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
        return () -> new EpochIterator(order(epoch));
    }

    /** The sample order of an epoch: identity, or a permutation seeded by (seed, epoch). */
    public int[] order(int epoch) {
        int n = data.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(mix(seed ^ mix(epoch + 0x632BE59BD9B4E019L)));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Stafford's mix13 finalizer: nearby seeds and epochs give unrelated random streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One mini-batch; its arrays are reused for the next batch of the same iterator. */
    public static final class Batch {
        private final float[] features;
        private final int[] labels;
        private final float[] targets;
        private final int[] indices;
        private int number;

        private Batch(int size, int featureSize, boolean classification, int targetSize) {
            features = new float[size * featureSize];
            labels = classification ? new int[size] : null;
            targets = classification ? null : new float[size * targetSize];
            indices = new int[size];
        }

        /** The number of samples in this batch. */
        public int size() {
            return indices.length;
        }

        /** The position of this batch in its epoch, from 0. */
        public int number() {
            return number;
        }

        /** The features: {@code size() × featureSize} floats, sample after sample, each row-major. */
        public float[] features() {
            return features;
        }

        /**
         * The class labels, one per sample.
         *
         * @throws IllegalStateException for a regression set
         */
        public int[] labels() {
            if (labels == null) {
                throw new IllegalStateException("a regression set's batches have targets, not labels");
            }
            return labels;
        }

        /**
         * The regression targets: {@code size() × targetSize} floats.
         *
         * @throws IllegalStateException for a classification set
         */
        public float[] targets() {
            if (targets == null) {
                throw new IllegalStateException("a classification set's batches have labels, not targets");
            }
            return targets;
        }

        /** The data set indices of the samples in this batch. */
        public int[] indices() {
            return indices;
        }
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int[] order;
        private final int batches;
        private final SampleArray x;
        private final int[] labels;
        private final SampleArray y;
        private Batch full;
        private Batch last;
        private int next;

        EpochIterator(int[] order) {
            this.order = order;
            this.batches = batchCount();
            this.x = data.features();
            this.labels = data.labelsView();
            this.y = labels == null ? data.targets() : null;
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Batch next() {
            if (next >= batches) {
                throw new NoSuchElementException("epoch done: " + batches + " batches");
            }
            int from = next * batchSize;
            int size = Math.min(batchSize, order.length - from);
            Batch b;
            if (size == batchSize) {
                b = full != null ? full : (full = newBatch(size));
            } else {
                b = last != null ? last : (last = newBatch(size));
            }
            int n = x.sampleSize();
            float[] features = b.features;
            for (int k = 0; k < size; k++) {
                int i = order[from + k];
                b.indices[k] = i;
                int base = k * n;
                for (int j = 0; j < n; j++) {
                    features[base + j] = (float) x.value(i, j);
                }
                if (labels != null) {
                    b.labels[k] = labels[i];
                } else {
                    int m = y.sampleSize();
                    for (int j = 0; j < m; j++) {
                        b.targets[k * m + j] = (float) y.value(i, j);
                    }
                }
            }
            b.number = next++;
            return b;
        }

        private Batch newBatch(int size) {
            return new Batch(size, x.sampleSize(), labels != null, y == null ? 0 : y.sampleSize());
        }
    }
}

package io.hgq4j.model.cmvm;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random CMVM problem for the property tests, with an oracle that does not use the code under test: the exact
 * matrix product and an independent count of non-zero CSD digits.
 *
 * @param matrix M[i][j], [inputs][outputs]
 * @param lo     smallest value of each input
 * @param hi     largest value of each input
 * @param seed   seed of the input vectors drawn by {@link #inputVectors}
 */
record CmvmCase(long[][] matrix, long[] lo, long[] hi, long seed) {

    /**
     * Sizes 1..40 by 1..40, entries of 1..12 bits (sign included when negative entries are allowed), a random share of
     * zeros, and input ranges of every kind: unsigned, signed, arbitrary, constant, and [0, 0] (width 0).
     */
    static Arbitrary<CmvmCase> cases() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 100),
                Arbitraries.of(true, false),
                Arbitraries.longs()).as(CmvmCase::random);
    }

    static CmvmCase random(int inputs, int outputs, int bits, int zeroPercent, boolean negative, long seed) {
        Random random = new Random(seed);
        long[][] m = new long[inputs][outputs];
        for (long[] row : m) {
            for (int j = 0; j < outputs; j++) {
                if (random.nextInt(100) >= zeroPercent) {
                    long magnitude = 1L << (negative ? Math.max(0, bits - 1) : bits);
                    long v = negative ? random.nextLong(-magnitude, magnitude) : random.nextLong(magnitude);
                    row[j] = v;
                }
            }
        }
        long[] lo = new long[inputs];
        long[] hi = new long[inputs];
        for (int i = 0; i < inputs; i++) {
            int w = 1 + random.nextInt(16);
            switch (random.nextInt(6)) {
                case 0 -> hi[i] = (1L << w) - 1;
                case 1 -> {
                    lo[i] = -(1L << (w - 1));
                    hi[i] = (1L << (w - 1)) - 1;
                }
                case 2 -> {
                    long a = random.nextLong(-(1L << w), 1L << w);
                    long b = random.nextLong(-(1L << w), 1L << w);
                    lo[i] = Math.min(a, b);
                    hi[i] = Math.max(a, b);
                }
                case 3 -> {
                    lo[i] = random.nextLong(-100, 100);
                    hi[i] = lo[i];
                }
                case 4 -> {
                    // width 0: the constant 0
                }
                default -> {
                    lo[i] = -random.nextLong(1L << 30);
                    hi[i] = random.nextLong(1L << 30);
                }
            }
        }
        return new CmvmCase(m, lo, hi, seed);
    }

    int inputs() {
        return matrix.length;
    }

    int outputs() {
        return matrix[0].length;
    }

    /** Input vectors within the ranges: all lows, all highs, and random ones (each input at an end or inside). */
    long[][] inputVectors(int randomCount) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        long[][] vectors = new long[2 + randomCount][];
        vectors[0] = lo.clone();
        vectors[1] = hi.clone();
        for (int v = 0; v < randomCount; v++) {
            long[] a = new long[inputs()];
            for (int i = 0; i < a.length; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> a[i] = lo[i];
                    case 1 -> a[i] = hi[i];
                    default -> a[i] = lo[i] + random.nextLong(hi[i] - lo[i] + 1);
                }
            }
            vectors[2 + v] = a;
        }
        return vectors;
    }

    /** The exact Σ_i M[i][j]·a_i. */
    BigInteger[] product(long[] a) {
        BigInteger[] y = new BigInteger[outputs()];
        Arrays.fill(y, BigInteger.ZERO);
        for (int i = 0; i < inputs(); i++) {
            for (int j = 0; j < outputs(); j++) {
                y[j] = y[j].add(BigInteger.valueOf(matrix[i][j]).multiply(BigInteger.valueOf(a[i])));
            }
        }
        return y;
    }

    /** Non-zero CSD digits of output j's entries, skipping inputs of range [0, 0]. */
    int digits(int j) {
        int n = 0;
        for (int i = 0; i < inputs(); i++) {
            if (lo[i] != 0 || hi[i] != 0) {
                n += csdWeight(matrix[i][j]);
            }
        }
        return n;
    }

    /**
     * The number of non-zero digits of the non-adjacent form by a closed formula rather than digit by digit: with
     * h = n/2, the digits sit where h and n + h differ (Reitwiesner's recoding as bit operations), for n ≥ 0, and the
     * form of −n is that of n negated.
     */
    static int csdWeight(long v) {
        long n = Math.abs(v);
        long h = n >> 1;
        return Long.bitCount(h ^ (n + h));
    }

    /** ⌈log2 n⌉ for n ≥ 1, 0 for n ≤ 1. */
    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    @Override
    public String toString() {
        return inputs() + "x" + outputs() + " seed " + seed + " M=" + Arrays.deepToString(matrix) + " lo="
                + Arrays.toString(lo) + " hi=" + Arrays.toString(hi);
    }
}

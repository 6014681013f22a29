package io.hgq4j.quantizer.data;

/**
 * The part of NumPy's legacy {@code numpy.random.RandomState(seed)} that scikit-learn's shuffled splits use: the
 * MT19937 generator seeded from one integer, its raw 32-bit outputs and {@link #permutation(int)}, each giving
 * exactly what NumPy gives for the same seed. It exists so that a split made in Python with {@code random_state=42}
 * can be reproduced here index for index (see {@link Splits#sklearnTrainTest}); NumPy has kept these legacy
 * streams unchanged on purpose, for this kind of reproducibility.
 *
 * <p>How NumPy does it (the shuffle and the bounded draw as in NumPy's {@code mtrand.pyx} {@code _shuffle_raw} and
 * {@code distributions.c} {@code random_interval}; the seeding as NumPy's outputs for several seeds confirm):
 * <ul>
 *   <li>an integer seed from 0 to 2<sup>32</sup> − 1 fills the 624-word state with the reference
 *       {@code init_genrand} recurrence (not {@code init_by_array}, which NumPy uses for array seeds and the
 *       newer {@code SeedSequence} for {@code MT19937(seed)});</li>
 *   <li>{@code permutation(n)} shuffles {@code 0 .. n − 1} in place, Fisher–Yates from the end: for
 *       {@code i = n − 1} down to 1 it swaps element {@code i} with element {@code j}, a uniform draw from
 *       {@code 0 .. i};</li>
 *   <li>that draw masks 32-bit outputs to the smallest all-ones bit mask covering {@code i} and rejects values
 *       above {@code i} (64-bit outputs only for bounds above 2<sup>32</sup> − 1, which Java arrays never
 *       reach).</li>
 * </ul>
 * The fixture test compares raw outputs and permutations with NumPy's (script and file next to the test).
 *
 * <p>Not thread-safe: each instance is one generator state, as in NumPy.
 */
public final class NumpyRandomState {

    /** The largest seed NumPy's legacy seeding accepts as a single integer. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908_B0DF;
    private static final int UPPER_MASK = 0x8000_0000;
    private static final int LOWER_MASK = 0x7FFF_FFFF;

    private final int[] state = new int[N];
    /** The next state word to temper and return; {@code N} means the state must be regenerated first. */
    private int position;

    /**
     * A generator seeded as {@code numpy.random.RandomState(seed)} seeds it.
     *
     * @throws IllegalArgumentException if {@code seed} is outside {@code 0 .. 2^32 − 1} (NumPy refuses those too)
     */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("seed " + seed + " is outside 0.." + MAX_SEED
                    + " (NumPy's RandomState takes an unsigned 32-bit integer seed)");
        }
        // init_genrand: Java's int arithmetic wraps modulo 2^32 like the reference C code's "& 0xffffffff"
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int previous = state[i - 1];
            state[i] = 1_812_433_253 * (previous ^ (previous >>> 30)) + i;
        }
        position = N;
    }

    /** The next raw 32-bit output, 0 to 2<sup>32</sup> − 1 (what {@code random_raw()} returns for this state). */
    public long nextUint32() {
        return Integer.toUnsignedLong(next());
    }

    /** The next output as the 32 bits of an int (an unsigned value stored in a signed type). */
    private int next() {
        if (position >= N) {
            regenerate();
        }
        int y = state[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C_5680;
        y ^= (y << 15) & 0xEFC6_0000;
        y ^= y >>> 18;
        return y;
    }

    /** The MT19937 twist: all 624 words at once, as the reference code does when the words are used up. */
    private void regenerate() {
        for (int k = 0; k < N; k++) {
            int y = (state[k] & UPPER_MASK) | (state[(k + 1) % N] & LOWER_MASK);
            state[k] = state[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        position = 0;
    }

    /**
     * A uniform integer from 0 to {@code max} inclusive, drawn as NumPy's {@code random_interval} draws it for bounds
     * below 2<sup>32</sup>: 32-bit outputs masked to the smallest {@code 2^k − 1 ≥ max}, retried while above
     * {@code max}. The exact rejection scheme matters: any other unbiased method gives other numbers.
     *
     * @throws IllegalArgumentException if {@code max} is negative
     */
    int interval(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("interval bound " + max + " is negative");
        }
        if (max == 0) {
            return 0; // NumPy draws nothing here, so neither may we
        }
        int mask = -1 >>> Integer.numberOfLeadingZeros(max);
        int value;
        do {
            value = next() & mask;
        } while (value > max); // mask < 2^31, so value is non-negative and the signed comparison is exact
        return value;
    }

    /**
     * {@code numpy.random.RandomState.permutation(n)}: the numbers {@code 0 .. n − 1} in the order NumPy's legacy
     * shuffle leaves them, drawing {@code n − 1} bounded values (more with rejections) from this generator.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot permute " + n + " elements; the count must be 0 or more");
        }
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = interval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }
}

package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link NumpyRandomState} against NumPy's own outputs ({@code sklearn_split.txt}) and as a permutation source. */
class NumpyRandomStateTest {

    @Test
    void rawOutputsAreNumPys() {
        int checked = 0;
        for (String key : SklearnFixture.keys()) {
            if (!key.startsWith("raw ")) {
                continue;
            }
            long seed = Long.parseLong(key.split(" ")[1]);
            long[] expected = SklearnFixture.numbers(key);
            NumpyRandomState random = new NumpyRandomState(seed);
            long[] actual = new long[expected.length];
            Arrays.setAll(actual, i -> random.nextUint32());
            assertThat(actual).as(key).containsExactly(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(3); // seeds 42 (1,300 outputs: two regenerations of the state), 0, 2^32 − 1
    }

    @Test
    void permutationsAreNumPys() {
        int full = 0;
        int summarised = 0;
        for (String key : SklearnFixture.keys()) {
            String[] words = key.split(" ");
            if (!words[0].equals("permutation")) {
                continue;
            }
            int[] permutation = new NumpyRandomState(Long.parseLong(words[1])).permutation(Integer.parseInt(words[2]));
            if (words.length == 3) {
                assertThat(permutation).as(key).containsExactly(SklearnFixture.ints(key));
                full++;
            } else if (words[3].equals("head")) {
                int k = Integer.parseInt(words[4]);
                assertThat(Arrays.copyOf(permutation, k)).as(key).containsExactly(SklearnFixture.ints(key));
            } else if (words[3].equals("tail")) {
                int k = Integer.parseInt(words[4]);
                assertThat(Arrays.copyOfRange(permutation, permutation.length - k, permutation.length)).as(key)
                        .containsExactly(SklearnFixture.ints(key));
            } else {
                // the whole permutation, e.g. all 830,000 entries of seed 42, through its hash
                assertThat(SklearnFixture.sha256(permutation)).as(key).isEqualTo(SklearnFixture.text(key));
                summarised++;
            }
        }
        assertThat(full).isEqualTo(9);
        assertThat(summarised).isEqualTo(2);
        assertThat(new NumpyRandomState(42).permutation(10)).containsExactly(8, 1, 5, 0, 7, 2, 9, 4, 3, 6);
    }

    @Property(tries = 200)
    void aPermutationIsABijection(@ForAll @LongRange(min = 0, max = NumpyRandomState.MAX_SEED) long seed,
            @ForAll @IntRange(min = 0, max = 3000) int n) {
        int[] permutation = new NumpyRandomState(seed).permutation(n);
        assertThat(permutation).hasSize(n);
        boolean[] seen = new boolean[n];
        for (int v : permutation) {
            assertThat(v).isBetween(0, n - 1);
            assertThat(seen[v]).as("%d twice", v).isFalse();
            seen[v] = true;
        }
        assertThat(new NumpyRandomState(seed).permutation(n)).as("same seed, same permutation").isEqualTo(permutation);
    }

    @Property(tries = 200)
    void intervalDrawsStayInRange(@ForAll @LongRange(min = 0, max = NumpyRandomState.MAX_SEED) long seed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int max) {
        NumpyRandomState random = new NumpyRandomState(seed);
        for (int k = 0; k < 20; k++) {
            assertThat(random.interval(max)).isBetween(0, max);
        }
    }

    @Test
    void intervalOfZeroDrawsNothing() {
        NumpyRandomState a = new NumpyRandomState(5);
        NumpyRandomState b = new NumpyRandomState(5);
        assertThat(a.interval(0)).isZero();
        assertThat(a.nextUint32()).isEqualTo(b.nextUint32());
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new NumpyRandomState(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seed -1 is outside 0..4294967295 (NumPy's RandomState takes an unsigned 32-bit integer"
                        + " seed)");
        assertThatThrownBy(() -> new NumpyRandomState(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NumpyRandomState(NumpyRandomState.MAX_SEED).permutation(0)).isEmpty();
        assertThatThrownBy(() -> new NumpyRandomState(1).permutation(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot permute -3 elements; the count must be 0 or more");
    }
}

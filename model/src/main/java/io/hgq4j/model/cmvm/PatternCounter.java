package io.hgq4j.model.cmvm;

import java.util.Arrays;

/**
 * Counts pattern keys while the patterns of one node are enumerated, remembering the places of the first two
 * occurrences. Emptied in O(1) by advancing a generation number: the optimizer empties it once per node, millions
 * of times in all, mostly after a handful of keys, while its capacity is set by the largest node. A slot's three
 * words (key, generation and count, places) lie side by side, so a probe touches one cache line, not four arrays.
 */
final class PatternCounter {

    private static final int WORDS = 3;

    private long[] table = new long[WORDS * 1024];
    private int capacity = 1024;
    private long current = 1;
    private int[] used = new int[512];
    private int size;

    /** Counts one occurrence of {@code key} at {@code place} (31 bits). */
    void add(long key, int place) {
        int mask = capacity - 1;
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (true) {
            int b = i * WORDS;
            long meta = table[b + 1];
            if (meta >>> 32 != current) {
                table[b] = key;
                table[b + 1] = current << 32 | 1;
                table[b + 2] = (long) place << 32;
                if (size == used.length) {
                    used = Arrays.copyOf(used, size * 2);
                }
                used[size++] = i;
                if (size * 2 > capacity) {
                    grow();
                }
                return;
            }
            if (table[b] == key) {
                table[b + 1] = meta + 1;
                if ((int) meta == 1) {
                    table[b + 2] |= place;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** The number of distinct keys counted. */
    int size() {
        return size;
    }

    /** The k-th distinct key, in first-seen order. */
    long key(int k) {
        return table[used[k] * WORDS];
    }

    int count(int k) {
        return (int) table[used[k] * WORDS + 1];
    }

    /** The places of the first two occurrences, packed high and low (the low half is 0 below two). */
    long places(int k) {
        return table[used[k] * WORDS + 2];
    }

    void clear() {
        size = 0;
        current++;
    }

    private void grow() {
        long[] old = table;
        int[] oldUsed = Arrays.copyOf(used, size);
        capacity *= 2;
        table = new long[WORDS * capacity];
        int mask = capacity - 1;
        for (int k = 0; k < oldUsed.length; k++) {
            int from = oldUsed[k] * WORDS;
            int i = (int) ((old[from] * 0x9E3779B97F4A7C15L) >>> 32) & mask;
            while (table[i * WORDS + 1] >>> 32 == current) {
                i = (i + 1) & mask;
            }
            System.arraycopy(old, from, table, i * WORDS, WORDS);
            used[k] = i;
        }
    }
}

package io.hgq4j.model.cmvm;

import java.util.Arrays;

/**
 * A max-heap of (count, pattern key, payload) entries in parallel arrays: the optimizer keeps millions of candidate
 * patterns, too many for one object each. Order: larger count first, then smaller key, so that ties never depend on
 * insertion order and the result is deterministic. The payload rides along unordered.
 */
final class PatternHeap {

    private int[] counts = new int[1024];
    private long[] keys = new long[1024];
    private long[] payloads = new long[1024];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int topCount() {
        return counts[0];
    }

    long topKey() {
        return keys[0];
    }

    long topPayload() {
        return payloads[0];
    }

    /** Appends without restoring the heap order; call {@link #heapify()} before the next query. */
    void append(int count, long key, long payload) {
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        counts[size] = count;
        keys[size] = key;
        payloads[size] = payload;
        size++;
    }

    void clear() {
        size = 0;
    }

    /** Drops the entries of count below {@code count} (heap order is lost: call {@link #heapify()}). */
    void retainAtLeast(int count) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (counts[i] >= count) {
                counts[kept] = counts[i];
                keys[kept] = keys[i];
                payloads[kept] = payloads[i];
                kept++;
            }
        }
        size = kept;
    }

    void heapify() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    void push(int count, long key, long payload) {
        append(count, key, payload);
        int i = size - 1;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(i, parent)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    void pop() {
        size--;
        counts[0] = counts[size];
        keys[0] = keys[size];
        payloads[0] = payloads[size];
        siftDown(0);
    }

    /** Whether (count, key) would be popped before the current top. */
    boolean beats(int count, long key) {
        return size == 0 || count > counts[0] || (count == counts[0] && key < keys[0]);
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int best = left + 1 < size && before(left + 1, left) ? left + 1 : left;
            if (!before(best, i)) {
                return;
            }
            swap(i, best);
            i = best;
        }
    }

    private boolean before(int a, int b) {
        return counts[a] > counts[b] || (counts[a] == counts[b] && keys[a] < keys[b]);
    }

    private void swap(int a, int b) {
        int c = counts[a];
        counts[a] = counts[b];
        counts[b] = c;
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long q = payloads[a];
        payloads[a] = payloads[b];
        payloads[b] = q;
    }
}

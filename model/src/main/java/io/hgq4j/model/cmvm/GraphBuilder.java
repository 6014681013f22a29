package io.hgq4j.model.cmvm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects the nodes of an adder graph as plain arrays while an algorithm runs, sums an output's terms, and finally
 * derives every node's exact range and freezes the result into an {@link AdderGraph}.
 */
final class GraphBuilder {

    /** Node ids are packed into 25 bits of pattern and term keys. */
    static final int MAX_NODES = 1 << 25;

    /** One signed, shifted node in an output's sum: (negative ? −1 : 1)·(node << shift). */
    record Term(int node, int shift, boolean negative) {
    }

    private final long[] inputLo;
    private final long[] inputHi;
    private final boolean share;
    private final LongIntMap known = new LongIntMap(1024);

    private int[] input = new int[256];
    private int[] left = new int[256];
    private int[] right = new int[256];
    private int[] shift = new int[256];
    private boolean[] subtract = new boolean[256];
    private boolean[] reversed = new boolean[256];
    private int[] depth = new int[256];
    private int size;

    /**
     * @param share whether an adder identical to an existing one (same operands, shift and sign) reuses it; off for
     *              the naive baseline, which shares nothing by definition
     */
    GraphBuilder(long[] inputLo, long[] inputHi, boolean share) {
        this.inputLo = inputLo;
        this.inputHi = inputHi;
        this.share = share;
    }

    int size() {
        return size;
    }

    int depth(int node) {
        return depth[node];
    }

    int addInput(int index) {
        int id = allocate();
        input[id] = index;
        left[id] = -1;
        right[id] = -1;
        return id;
    }

    /** The node (l) ± (r << s), reusing an identical one when sharing. */
    int add(int l, int r, int s, boolean sub) {
        return add(l, r, s, sub, false);
    }

    /**
     * The node (l) ± (r << s), or (r << s) − (l) when {@code rev} (then {@code sub} must be set), reusing an identical
     * one when sharing.
     */
    private int add(int l, int r, int s, boolean sub, boolean rev) {
        long key = key(l, r, s, sub) | (rev ? REVERSED_KEY_BIT : 0);
        if (share) {
            int existing = known.get(key, -1);
            if (existing >= 0) {
                return existing;
            }
        }
        int id = addNew(l, r, s, sub);
        reversed[id] = rev;
        if (share) {
            known.put(key, id);
        }
        return id;
    }

    /**
     * A new node (l) ± (r << s) even if an identical one exists; still registered for later sharing. The optimizer
     * needs a node of its own: it tracks where each node appears, and a reused node would appear twice.
     */
    int addNew(int l, int r, int s, boolean sub) {
        long key = key(l, r, s, sub);
        int id = allocate();
        input[id] = -1;
        left[id] = l;
        right[id] = r;
        shift[id] = s;
        subtract[id] = sub;
        reversed[id] = false;
        depth[id] = Math.max(depth[l], depth[r]) + 1;
        if (share) {
            known.put(key, id);
        }
        return id;
    }

    /**
     * The canonical key of "(l) ± (r << s)"; also the optimizer's pattern key, so both use one packing. Needs
     * l, r &lt; 2^25 and 0 ≤ s &lt; 64.
     */
    static long key(int l, int r, int s, boolean sub) {
        // Bits: l 32–56, r 7–31, s 1–6, sub 0; REVERSED_KEY_BIT (57) only in the builder's own sharing map.
        return (long) l << 32 | (long) r << 7 | (long) s << 1 | (sub ? 1 : 0);
    }

    private static final long REVERSED_KEY_BIT = 1L << 57;

    static int keyLeft(long key) {
        return (int) (key >>> 32);
    }

    static int keyRight(long key) {
        return (int) (key >>> 7) & (MAX_NODES - 1);
    }

    static int keyShift(long key) {
        return (int) (key >>> 1) & 63;
    }

    static boolean keySubtract(long key) {
        return (key & 1) != 0;
    }

    /**
     * Adds two terms of one output into one: the term with the smaller shift (then the smaller node) becomes the left
     * operand, so the result is "left ± (right << difference)" at the left's shift. The result is negative only when
     * both terms are: a negative left and a positive right make the reversed subtraction (right << difference) − left,
     * so that an output needs no negation of its own (in hardware, another adder-wide carry chain).
     */
    Term combine(Term a, Term b) {
        boolean aFirst = a.shift < b.shift || (a.shift == b.shift && a.node < b.node);
        Term l = aFirst ? a : b;
        Term r = aFirst ? b : a;
        int difference = r.shift - l.shift;
        if (l.negative && !r.negative) {
            return new Term(add(l.node, r.node, difference, true, true), l.shift, false);
        }
        int node = add(l.node, r.node, difference, l.negative != r.negative);
        return new Term(node, l.shift, l.negative && r.negative);
    }

    /**
     * Turns negated outputs positive where that is free: a subtraction read only by outputs, more of them negated
     * than not, is reversed ((a − b) becomes (b − a)), and so are the signs of the outputs that read it. An output
     * whose terms were all negative, or read off a shared pattern, can otherwise end up negated.
     */
    List<AdderGraph.Output> preferPositive(List<AdderGraph.Output> outputs) {
        int[] adderUses = new int[size];
        int[] balance = new int[size];
        for (int id = 0; id < size; id++) {
            if (input[id] < 0) {
                adderUses[left[id]]++;
                adderUses[right[id]]++;
            }
        }
        for (AdderGraph.Output o : outputs) {
            if (!o.isZero()) {
                balance[o.node()] += o.negate() ? 1 : -1;
            }
        }
        boolean[] flipped = new boolean[size];
        for (int id = 0; id < size; id++) {
            if (input[id] < 0 && subtract[id] && adderUses[id] == 0 && balance[id] > 0) {
                reversed[id] = !reversed[id];
                flipped[id] = true;
            }
        }
        List<AdderGraph.Output> result = new ArrayList<>(outputs.size());
        for (AdderGraph.Output o : outputs) {
            result.add(o.isZero() || !flipped[o.node()] ? o
                    : new AdderGraph.Output(o.node(), o.shift(), !o.negate()));
        }
        return result;
    }

    /**
     * Sums an output's terms into one: in a tree of minimal depth (always adding the two shallowest terms, ties by
     * shift so that neighbours in significance, which make narrow adders, meet first), or in a chain by shift.
     */
    AdderGraph.Output sum(List<Term> terms, boolean balanced) {
        if (terms.isEmpty()) {
            return AdderGraph.Output.ZERO;
        }
        Comparator<Term> byShift = Comparator.comparingInt(Term::shift).thenComparingInt(Term::node);
        Term result;
        if (balanced) {
            PriorityQueue<Term> queue = new PriorityQueue<>(
                    Comparator.<Term>comparingInt(t -> depth[t.node]).thenComparing(byShift));
            queue.addAll(terms);
            while (queue.size() > 1) {
                queue.add(combine(queue.poll(), queue.poll()));
            }
            result = queue.poll();
        } else {
            List<Term> sorted = new ArrayList<>(terms);
            sorted.sort(byShift);
            result = sorted.get(0);
            for (int i = 1; i < sorted.size(); i++) {
                result = combine(result, sorted.get(i));
            }
        }
        return new AdderGraph.Output(result.node, result.shift, result.negative);
    }

    /**
     * Freezes the graph. Each node's range is the exact hull of its value over the input box: the node is a linear
     * form Σ c_i·a_i of independent inputs, so its extremes are Σ c_i·(c_i &gt; 0 ? hi_i : lo_i) and the reverse.
     * This is tighter than interval arithmetic on the two operands, which loses when they share an input
     * (x − 4x gives [lo − 4hi, hi − 4lo] there, but −3x really spans [−3hi, −3lo]).
     */
    AdderGraph build(int inputCount, List<AdderGraph.Output> outputs) {
        List<AdderGraph.Node> nodes = new ArrayList<>(size);
        int[][] support = new int[size][];
        long[][] coefficient = new long[size][];
        for (int id = 0; id < size; id++) {
            if (input[id] >= 0) {
                int i = input[id];
                support[id] = new int[] {i};
                coefficient[id] = new long[] {1};
                nodes.add(new AdderGraph.Node(AdderGraph.Kind.INPUT, i, -1, -1, 0, false, false,
                        BigInteger.valueOf(inputLo[i]), BigInteger.valueOf(inputHi[i]), 0));
            } else {
                merge(id, support, coefficient);
                BigInteger lo = BigInteger.ZERO;
                BigInteger hi = BigInteger.ZERO;
                for (int k = 0; k < support[id].length; k++) {
                    BigInteger c = BigInteger.valueOf(coefficient[id][k]);
                    BigInteger atLo = c.multiply(BigInteger.valueOf(inputLo[support[id][k]]));
                    BigInteger atHi = c.multiply(BigInteger.valueOf(inputHi[support[id][k]]));
                    lo = lo.add(atLo.min(atHi));
                    hi = hi.add(atLo.max(atHi));
                }
                nodes.add(new AdderGraph.Node(AdderGraph.Kind.ADD, -1, left[id], right[id], shift[id], subtract[id],
                        reversed[id], lo, hi, depth[id]));
            }
        }
        return new AdderGraph(inputCount, nodes, outputs);
    }

    /**
     * The coefficients of node id from its operands': c = c_left ± c_right·2^shift (c_right·2^shift − c_left when
     * reversed), merged by input index.
     */
    private void merge(int id, int[][] support, long[][] coefficient) {
        int[] ls = support[left[id]];
        long[] lc = coefficient[left[id]];
        int[] rs = support[right[id]];
        long[] rc = coefficient[right[id]];
        int[] s = new int[ls.length + rs.length];
        long[] c = new long[ls.length + rs.length];
        int n = 0;
        int a = 0;
        int b = 0;
        while (a < ls.length || b < rs.length) {
            int index;
            long value = 0;
            if (b >= rs.length || (a < ls.length && ls[a] < rs[b])) {
                index = ls[a];
                value = reversed[id] ? Math.negateExact(lc[a++]) : lc[a++];
            } else {
                index = rs[b];
                // Math.*Exact: coefficients are partial sums of CSD digits of entries below 2^62, so they fit; a
                // violation would be a bug, and must not pass as a silently wrong range.
                long shifted = Math.multiplyExact(rc[b++], 1L << shift[id]);
                value = subtract[id] && !reversed[id] ? Math.negateExact(shifted) : shifted;
                if (a < ls.length && ls[a] == index) {
                    long l = lc[a++];
                    value = Math.addExact(reversed[id] ? Math.negateExact(l) : l, value);
                }
            }
            if (value != 0) {
                s[n] = index;
                c[n] = value;
                n++;
            }
        }
        support[id] = Arrays.copyOf(s, n);
        coefficient[id] = Arrays.copyOf(c, n);
    }

    private int allocate() {
        if (size == MAX_NODES) {
            throw new IllegalArgumentException("the adder graph would exceed " + MAX_NODES + " nodes");
        }
        if (size == input.length) {
            int n = size * 2;
            input = Arrays.copyOf(input, n);
            left = Arrays.copyOf(left, n);
            right = Arrays.copyOf(right, n);
            shift = Arrays.copyOf(shift, n);
            subtract = Arrays.copyOf(subtract, n);
            reversed = Arrays.copyOf(reversed, n);
            depth = Arrays.copyOf(depth, n);
        }
        return size++;
    }
}

package io.hgq4j.model.cmvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy common-subexpression elimination over the CSD terms of all outputs at once.
 *
 * <p>Each output j is a set of terms ±(node &lt;&lt; s), at first one per non-zero CSD digit of each M[i][j]. Two
 * terms of one output, ordered so that the first has the smaller shift (then the smaller node id), form the pattern
 * (first, second, shift difference, signs differ); the pair is then ±(pattern node &lt;&lt; first's shift). The
 * pattern found in the most places becomes one adder and replaces both terms wherever it occurs, and so on until no
 * pattern occurs twice; ties go to the smallest pattern key. The sign-and-shift normalisation makes 3a (= 4a − a) and
 * −6a (= −8a + 2a) one pattern.
 *
 * <h2>Keeping the greedy choice cheap</h2>
 *
 * <p>Counts only fall: an existing node never gains a term, so a pattern of existing nodes only loses occurrences;
 * only a new node brings new patterns, all counted when it is made. A heap of candidates therefore holds upper
 * bounds, and is evaluated lazily: the top pattern's true count is recomputed and it is taken if it still beats the
 * next candidate, else it goes back with its true count. This gives exactly the choices of an eager greedy.
 *
 * <p>What costs is the number of candidates: on a 500×500 matrix millions of patterns occur two or three times by
 * coincidence, and nearly all of them lose an occurrence before their turn, so each would be recounted in vain. So
 * only patterns counted at least a threshold θ are kept (at first half the largest count); when the best candidate
 * falls below θ, θ is halved (down to 2) and the heap refilled by a recount. No pattern of count ≥ θ is ever
 * missing from the heap (it was either counted at the last recount or born with its node), so the choices are still
 * exactly the greedy ones; a pattern whose count drops below θ is simply dropped until a recount finds it again.
 * A recount needs no pass over the inputs' pairs, whose exact counts are kept up to date, and skips every node with
 * fewer live terms than θ.
 *
 * <p>Measured on a 500×500 matrix of 4–8-bit entries, half zeros: about 6 s on one core, against minutes for the
 * plain lazy heap. The graph is the same whatever the schedule of θ; only the time changes.
 *
 * <p>Depth bound: the minimal depth of summing terms of depths d_k is ⌈log2 Σ 2^{d_k}⌉ (Kraft's inequality, reached
 * by always adding the two shallowest). Each output keeps Σ 2^{d_k}; an occurrence whose substitution would push
 * that past the output's bound is not used. The sum never falls, so such an occurrence stays unusable and the counts
 * in the heap remain upper bounds.
 */
final class CseOptimizer {

    /** No listing: the pattern's places are found by a scan. */
    private static final long UNLISTED = -1;

    /**
     * Knobs that change the time taken, never the graph (which the tests check).
     *
     * @param denseLimit the most counters the exact counts of the patterns between inputs may take (else rows are
     *                   merged at each recount)
     * @param levels     whether to use the thresholds θ; without, every pattern of count ≥ 2 is a candidate at once
     */
    record Tuning(long denseLimit, boolean levels) {
        static final Tuning DEFAULT = new Tuning(1L << 24, true);
    }

    private final GraphBuilder builder;
    private final Problem problem;
    private final CmvmOptions options;
    private final Tuning tuning;
    private final int columns;

    // Per output: its terms in slots (swap-removal keeps them dense) and an index from (node, shift) to the slot.
    private final int[][] termNode;
    private final int[][] termShift;
    private final boolean[][] termNegative;
    private final int[] termCount;
    private final LongIntMap[] termSlot;
    // Per output: Σ 2^depth over its terms, and the largest allowed ⌈log2⌉ of it (−1: unbounded).
    private final long[] weight;
    private final int[] depthLimit;

    // Per input node: its non-zero columns (ascending) with the live digits there as two bit masks, positive and
    // negative digits by position. Patterns between two inputs are the bulk of the early candidates; recounting one
    // is then a merge of two short arrays with word-parallel matching instead of a hash look-up per digit. Columns
    // whose digits are all consumed are dropped as they are met.
    private int inputNodes;
    private int[][] rowColumn;
    private long[][] rowPositive;
    private long[][] rowNegative;
    private int[] rowLength;

    // Exact counts of the patterns between two inputs, kept up to date as input terms disappear: a recount then
    // reads them instead of merging every pair of rows again, and a stale candidate is recognised without a
    // recount. Index: see denseIndex. Null when it would exceed the tuning's limit (then rows are merged).
    private int[] pairCount;
    private int span;

    // Per node: where it has ever been a term, packed (column << 6 | shift); entries whose term has been replaced
    // since are dropped when met, which is cheaper than removing them at once. And how many of its terms are live:
    // no pattern of the node can occur more often, which lets a recount skip most nodes.
    private long[][] occurrences = new long[256][];
    private int[] occurrenceCount = new int[256];
    private int[] liveTerms = new int[256];

    private final PatternHeap heap = new PatternHeap();
    private int threshold;

    // Scratch space of collect(): the usable occurrences of one pattern as (column, shift of the first term, sign).
    private int[] foundColumn = new int[64];
    private int[] foundShift = new int[64];
    private boolean[] foundNegative = new boolean[64];
    private final long[] trialWeight;
    private final int[] trialStamp;
    private int stamp;
    private final LongIntMap usedTerms = new LongIntMap(64);
    // Whether the last collect() turned down a present occurrence (overlap or depth bound).
    private boolean turnedDown;

    // Scratch space of the pattern counting of one node.
    private final PatternCounter counter = new PatternCounter();
    // The same for partners that are inputs: a dense counter per (input, order, difference, sign), which stays in
    // cache, with the first two places and the touched indices.
    private int[] inputPartnerCount;
    private long[] inputPartnerPlaces;
    private int[] inputPartnerTouched;

    CseOptimizer(GraphBuilder builder, Problem problem, CmvmOptions options, Tuning tuning) {
        this.builder = builder;
        this.problem = problem;
        this.options = options;
        this.tuning = tuning;
        this.columns = problem.outputCount();
        termNode = new int[columns][];
        termShift = new int[columns][];
        termNegative = new boolean[columns][];
        termCount = new int[columns];
        termSlot = new LongIntMap[columns];
        weight = new long[columns];
        depthLimit = new int[columns];
        trialWeight = new long[columns];
        trialStamp = new int[columns];
    }

    /** Runs the elimination and returns each output's remaining terms, to be summed by the caller. */
    List<List<GraphBuilder.Term>> run() {
        int[] inputNode = problem.createInputNodes(builder);
        inputNodes = builder.size();
        // Rows by input node: the columns with a non-zero entry and that entry's digits, as position·2 + negative.
        rowColumn = new int[inputNodes][];
        rowPositive = new long[inputNodes][];
        rowNegative = new long[inputNodes][];
        rowLength = new int[inputNodes];
        int[][][] rowDigits = new int[inputNodes][][];
        int[] columnDigits = new int[columns];
        int[] digits = new int[64];
        for (int i = 0; i < problem.inputCount(); i++) {
            int u = inputNode[i];
            if (u < 0) {
                continue;
            }
            long[] row = problem.matrix()[i];
            int nonZero = 0;
            for (long m : row) {
                nonZero += m != 0 ? 1 : 0;
            }
            rowColumn[u] = new int[nonZero];
            rowPositive[u] = new long[nonZero];
            rowNegative[u] = new long[nonZero];
            rowLength[u] = nonZero;
            rowDigits[u] = new int[nonZero][];
            int k = 0;
            for (int j = 0; j < columns; j++) {
                if (row[j] != 0) {
                    int n = Csd.digits(row[j], digits);
                    rowColumn[u][k] = j;
                    rowDigits[u][k] = Arrays.copyOf(digits, n);
                    columnDigits[j] += n;
                    k++;
                }
            }
        }
        int top = 0;
        for (int u = 0; u < inputNodes; u++) {
            for (int[] entry : rowDigits[u]) {
                top = Math.max(top, entry[entry.length - 1] >> 1);
            }
        }
        span = top + 1;
        long dense = (long) inputNodes * (inputNodes + 1) / 2 * 4 * span;
        pairCount = dense <= tuning.denseLimit() ? new int[(int) dense] : null;
        inputPartnerCount = new int[inputNodes * 4 * span];
        inputPartnerPlaces = new long[inputNodes * 4 * span];
        inputPartnerTouched = new int[inputNodes * 4 * span];
        fillColumns(rowDigits, columnDigits);
        countInitialPatterns();
        eliminate();
        List<List<GraphBuilder.Term>> remaining = new ArrayList<>(columns);
        for (int j = 0; j < columns; j++) {
            List<GraphBuilder.Term> terms = new ArrayList<>(termCount[j]);
            for (int p = 0; p < termCount[j]; p++) {
                terms.add(new GraphBuilder.Term(termNode[j][p], termShift[j][p], termNegative[j][p]));
            }
            remaining.add(terms);
        }
        return remaining;
    }

    private void fillColumns(int[][][] rowDigits, int[] columnDigits) {
        for (int j = 0; j < columns; j++) {
            // A substitution replaces two terms by one, so an output never holds more terms than at the start.
            termNode[j] = new int[columnDigits[j]];
            termShift[j] = new int[columnDigits[j]];
            termNegative[j] = new boolean[columnDigits[j]];
            termSlot[j] = new LongIntMap(columnDigits[j]);
            weight[j] = columnDigits[j];
            int minimum = columnDigits[j] <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(columnDigits[j] - 1L);
            int limit = options.depthBounded() ? minimum + options.maxExtraDepth() : -1;
            // Σ 2^depth is kept in a long; bounds beyond 62 levels are no bound in practice.
            depthLimit[j] = limit > 62 ? -1 : limit;
        }
        for (int u = 0; u < inputNodes; u++) {
            ensureNode(u);
            for (int k = 0; k < rowLength[u]; k++) {
                for (int digit : rowDigits[u][k]) {
                    int shift = digit >> 1;
                    boolean negative = (digit & 1) != 0;
                    addTerm(rowColumn[u][k], u, shift, negative);
                    if (negative) {
                        rowNegative[u][k] |= 1L << shift;
                    } else {
                        rowPositive[u][k] |= 1L << shift;
                    }
                }
            }
        }
    }

    /** Counts the patterns between inputs; the first θ is half the largest count. */
    private void countInitialPatterns() {
        int largest = countInputPatterns(2);
        threshold = tuning.levels() ? Math.max(2, largest / 2) : 2;
        heap.retainAtLeast(threshold);
        heap.heapify();
    }

    /**
     * Counts every pattern between two input terms and appends those of count ≥ {@code minimum} to the heap (without
     * restoring its order); returns the largest count. It goes pair of inputs by pair of inputs, merging their column
     * lists, so that the counters of one pair (indexed by which input comes first, the shift difference and the
     * sign) fit in a small array: far faster than a map over all patterns. Also fills the exact counts.
     */
    private int countInputPatterns(int minimum) {
        int[] counter = new int[2 * 64 * 2];
        int[] touched = new int[counter.length];
        int largest = 0;
        for (int u = 0; u < inputNodes; u++) {
            if (liveTerms[u] < minimum && pairCount == null) {
                continue;
            }
            for (int v = u; v < inputNodes; v++) {
                if (liveTerms[v] < minimum && pairCount == null) {
                    // Each occurrence of a pattern of v uses one of its terms.
                    continue;
                }
                int touchedCount = 0;
                int[] cu = rowColumn[u];
                int[] cv = rowColumn[v];
                int a = 0;
                int b = 0;
                while (a < rowLength[u] && b < rowLength[v]) {
                    if (cu[a] < cv[b]) {
                        a++;
                    } else if (cu[a] > cv[b]) {
                        b++;
                    } else {
                        long du = rowPositive[u][a] | rowNegative[u][a];
                        long negativeU = rowNegative[u][a];
                        long dv = rowPositive[v][b] | rowNegative[v][b];
                        long negativeV = rowNegative[v][b];
                        for (long x = du; x != 0; x &= x - 1) {
                            int su = Long.numberOfTrailingZeros(x);
                            // Within one entry (u = v) each unordered pair of digits once: the second one higher.
                            for (long y = u == v ? dv & -(2L << su) : dv; y != 0; y &= y - 1) {
                                int sv = Long.numberOfTrailingZeros(y);
                                boolean uFirst = su < sv || (su == sv && u < v);
                                boolean differ = (((negativeU >>> su) ^ (negativeV >>> sv)) & 1) != 0;
                                int index = (uFirst ? 0 : 128) + Math.abs(sv - su) * 2 + (differ ? 1 : 0);
                                if (counter[index]++ == 0) {
                                    touched[touchedCount++] = index;
                                }
                            }
                        }
                        a++;
                        b++;
                    }
                }
                for (int t = 0; t < touchedCount; t++) {
                    int index = touched[t];
                    if (pairCount != null) {
                        pairCount[pairBase(u, v) + (index < 128 ? 0 : 2 * span) + (index & 127)] = counter[index];
                    }
                    if (counter[index] >= minimum) {
                        boolean uFirst = index < 128;
                        heap.append(counter[index], GraphBuilder.key(uFirst ? u : v, uFirst ? v : u,
                                (index & 127) >> 1, (index & 1) != 0), UNLISTED);
                        largest = Math.max(largest, counter[index]);
                    }
                    counter[index] = 0;
                }
            }
        }
        return largest;
    }

    private void eliminate() {
        while (true) {
            if (heap.isEmpty() || heap.topCount() < threshold) {
                if (threshold <= 2) {
                    return;
                }
                threshold = Math.max(2, threshold / 2);
                recount();
                continue;
            }
            int count = heap.topCount();
            long key = heap.topKey();
            long listed = heap.topPayload();
            heap.pop();
            int first = GraphBuilder.keyLeft(key);
            int second = GraphBuilder.keyRight(key);
            if (pairCount != null && first < inputNodes && second < inputNodes) {
                int exact = pairCount[denseIndex(first, second, GraphBuilder.keyShift(key),
                        GraphBuilder.keySubtract(key))];
                if (exact < count) {
                    // Stale: back with its true count, no recount needed.
                    if (exact >= threshold) {
                        heap.push(exact, key, UNLISTED);
                    }
                    continue;
                }
            }
            int found = listed != UNLISTED && count == 2 ? collectListed(key, listed) : collect(key);
            if (found < threshold) {
                // Below θ: dropped; the recount at a lower θ finds it again if it still occurs.
                continue;
            }
            if (!heap.beats(found, key)) {
                // Two found places list all there are only if no candidate was turned down: of overlapping pairs
                // such as a@0, a@4, a@8 one is taken and the other may become free when a@0 goes, and of two in one
                // output with room for one more level, the second may fit once the first is gone another way.
                heap.push(found, key, found == 2 && !turnedDown
                        ? listing(foundColumn[0], foundShift[0], foundColumn[1], foundShift[1]) : UNLISTED);
                continue;
            }
            substitute(key, found);
        }
    }

    /**
     * Empties the heap and fills it with every pattern of count ≥ θ, counted from the current terms: those between
     * two inputs pair by pair, the others from the newer node's side.
     */
    private void recount() {
        heap.clear();
        if (pairCount != null) {
            appendCountedInputPatterns();
        } else {
            countInputPatterns(threshold);
        }
        for (int node = inputNodes; node < builder.size(); node++) {
            // A node with fewer live terms than θ has no pattern of count θ, and neither has a pair it is part of.
            if (liveTerms[node] >= threshold) {
                countPatternsOf(node, true);
            }
        }
        heap.heapify();
    }

    /** Appends the patterns between inputs of exact count ≥ θ to the heap, from {@link #pairCount}. */
    private void appendCountedInputPatterns() {
        for (int u = 0; u < inputNodes; u++) {
            for (int v = u; v < inputNodes; v++) {
                int base = pairBase(u, v);
                for (int local = 0; local < 4 * span; local++) {
                    int count = pairCount[base + local];
                    if (count >= threshold) {
                        boolean uFirst = local < 2 * span;
                        int rest = local % (2 * span);
                        heap.append(count, GraphBuilder.key(uFirst ? u : v, uFirst ? v : u, rest >> 1,
                                (rest & 1) != 0), UNLISTED);
                    }
                }
            }
        }
    }

    /** Where the counts of the patterns between inputs u ≤ v start in {@link #pairCount}. */
    private int pairBase(int u, int v) {
        // Row u of the upper triangle (v ≥ u) of an inputNodes × inputNodes matrix, 4·span counters per pair.
        long row = (long) u * inputNodes - (long) u * (u - 1) / 2;
        return (int) ((row + (v - u)) * 4 * span);
    }

    /**
     * The counter of the pattern (first, second, difference, subtract) between two inputs: the pair's block, then
     * whether the smaller input is the first operand, the difference and the sign.
     */
    private int denseIndex(int first, int second, int difference, boolean subtract) {
        int lo = Math.min(first, second);
        return pairBase(lo, Math.max(first, second)) + (first == lo ? 0 : 2 * span) + difference * 2
                + (subtract ? 1 : 0);
    }

    /** Takes the pairs an input term forms with the other input terms of its output out of the exact counts. */
    private void uncountPairs(int column, int slot) {
        int node = termNode[column][slot];
        int shift = termShift[column][slot];
        boolean negative = termNegative[column][slot];
        int[] nodes = termNode[column];
        int[] shifts = termShift[column];
        boolean[] negatives = termNegative[column];
        for (int q = 0; q < termCount[column]; q++) {
            int other = nodes[q];
            if (q == slot || other >= inputNodes) {
                continue;
            }
            int os = shifts[q];
            boolean nodeFirst = shift < os || (shift == os && node < other);
            pairCount[nodeFirst ? denseIndex(node, other, os - shift, negative != negatives[q])
                    : denseIndex(other, node, shift - os, negative != negatives[q])]--;
        }
    }

    /**
     * Counts the patterns of the new (non-input) {@code node} with the other terms of the outputs where it is a term,
     * and queues those of count ≥ θ. When {@code recounting}, every new node takes its turn, so a pair with an older
     * new node is left to that one and entries are only appended (the caller restores the heap order once);
     * otherwise the node has just been made, every other node is older, and all its pairs are counted and pushed.
     */
    private void countPatternsOf(int node, boolean recounting) {
        stamp++;
        int touched = 0;
        long[] list = occurrences[node];
        int live = 0;
        for (int k = 0; k < occurrenceCount[node]; k++) {
            int column = (int) (list[k] >>> 6);
            if (termSlot[column].get(termKey(node, (int) (list[k] & 63)), -1) < 0) {
                continue;
            }
            list[live++] = list[k];
            if (trialStamp[column] == stamp) {
                continue;
            }
            trialStamp[column] = stamp;
            int[] nodes = termNode[column];
            int[] shifts = termShift[column];
            boolean[] negative = termNegative[column];
            int n = termCount[column];
            for (int p = 0; p < n; p++) {
                if (nodes[p] != node) {
                    continue;
                }
                for (int q = 0; q < n; q++) {
                    int other = nodes[q];
                    // A pair of two terms of this node is counted from its earlier slot only; a partner with
                    // fewer live terms than θ cannot be in a pattern of count θ.
                    if (q == p || (other == node && q < p) || (recounting && other < node && other >= inputNodes)
                            || liveTerms[other] < threshold) {
                        continue;
                    }
                    boolean pFirst = shifts[p] < shifts[q] || (shifts[p] == shifts[q] && node < other);
                    int place = column << 6 | Math.min(shifts[p], shifts[q]);
                    if (other < inputNodes) {
                        int index = other * 4 * span + (pFirst ? 0 : 2 * span)
                                + Math.abs(shifts[q] - shifts[p]) * 2 + (negative[p] != negative[q] ? 1 : 0);
                        int c = ++inputPartnerCount[index];
                        if (c == 1) {
                            inputPartnerPlaces[index] = (long) place << 32;
                            inputPartnerTouched[touched++] = index;
                        } else if (c == 2) {
                            inputPartnerPlaces[index] |= place;
                        }
                        continue;
                    }
                    long key = pFirst
                            ? GraphBuilder.key(node, other, shifts[q] - shifts[p], negative[p] != negative[q])
                            : GraphBuilder.key(other, node, shifts[p] - shifts[q], negative[p] != negative[q]);
                    counter.add(key, place);
                }
            }
        }
        occurrenceCount[node] = live;
        for (int t = 0; t < touched; t++) {
            int index = inputPartnerTouched[t];
            int count = inputPartnerCount[index];
            inputPartnerCount[index] = 0;
            if (count >= threshold) {
                int other = index / (4 * span);
                int local = index % (4 * span);
                boolean nodeFirst = local < 2 * span;
                int rest = local % (2 * span);
                long key = nodeFirst ? GraphBuilder.key(node, other, rest >> 1, (rest & 1) != 0)
                        : GraphBuilder.key(other, node, rest >> 1, (rest & 1) != 0);
                queue(count, key, count == 2 ? inputPartnerPlaces[index] : UNLISTED, recounting);
            }
        }
        for (int k = 0; k < counter.size(); k++) {
            int count = counter.count(k);
            if (count >= threshold) {
                queue(count, counter.key(k), count == 2 ? counter.places(k) : UNLISTED, recounting);
            }
        }
        counter.clear();
    }

    /** Puts a counted pattern of count ≥ θ in the heap: appended during a recount, pushed otherwise. */
    private void queue(int count, long key, long payload, boolean recounting) {
        if (recounting) {
            heap.append(count, key, payload);
        } else {
            heap.push(count, key, payload);
        }
    }

    /**
     * A pattern's two occurrences, (column, shift of the first term) each packed into 31 bits. At θ = 2 most
     * candidates occur exactly twice; carrying where lets them be re-checked with four look-ups instead of a scan of
     * an operand's occurrences.
     */
    private static long listing(int column1, int shift1, int column2, int shift2) {
        return (long) (column1 << 6 | shift1) << 32 | (column2 << 6 | shift2);
    }

    /** {@link #collect} for a pattern with a listing: only its two recorded places are checked. */
    private int collectListed(long key, long listed) {
        turnedDown = false;
        int first = GraphBuilder.keyLeft(key);
        int second = GraphBuilder.keyRight(key);
        int difference = GraphBuilder.keyShift(key);
        boolean subtract = GraphBuilder.keySubtract(key);
        int newDepth = Math.max(builder.depth(first), builder.depth(second)) + 1;
        stamp++;
        int found = 0;
        // In (column, shift) order, as every scan finds them: which of two places in one output gets the last
        // level the depth bound allows must not depend on how the pattern was found.
        int place1 = (int) (listed >>> 32);
        int place2 = (int) listed;
        for (int k = 0; k < 2; k++) {
            int place = k == 0 ? Math.min(place1, place2) : Math.max(place1, place2);
            int column = place >>> 6;
            int shift = place & 63;
            int slot1 = termSlot[column].get(termKey(first, shift), -1);
            int slot2 = slot1 < 0 ? -1 : termSlot[column].get(termKey(second, shift + difference), -1);
            if (slot2 >= 0) {
                found = tryOccurrence(found, column, shift, slot1, slot2, first, second, difference, subtract,
                        newDepth);
            }
        }
        releaseUsedTerms(first, second, difference, found);
        return found;
    }

    /**
     * Finds the occurrences of a pattern that can be substituted now: both terms present with the pattern's relative
     * sign, not overlapping an occurrence found before (only possible when both operands are the same node, as in
     * a + (a &lt;&lt; 2) within a + (a &lt;&lt; 2) + (a &lt;&lt; 4)), and within the output's depth bound.
     *
     * <p>Each remaining entry of the scanned occurrence list adds at most one occurrence, so the scan stops as soon as
     * the pattern can no longer reach θ (the count returned is then below θ, and the pattern is dropped anyway).
     */
    private int collect(long key) {
        turnedDown = false;
        int first = GraphBuilder.keyLeft(key);
        int second = GraphBuilder.keyRight(key);
        int difference = GraphBuilder.keyShift(key);
        boolean subtract = GraphBuilder.keySubtract(key);
        int newDepth = Math.max(builder.depth(first), builder.depth(second)) + 1;
        stamp++;
        if (first < inputNodes && second < inputNodes) {
            return first == second ? collectWithinInput(first, difference, subtract, newDepth)
                    : collectBetweenInputs(first, second, difference, subtract, newDepth);
        }
        // Scan the rarer operand's occurrences; the other term's position follows from the pattern.
        boolean viaFirst = first == second || occurrenceCount[first] <= occurrenceCount[second];
        int via = viaFirst ? first : second;
        long[] list = occurrences[via];
        int listSize = occurrenceCount[via];
        int found = 0;
        int live = 0;
        for (int k = 0; k < listSize; k++) {
            if (found + (listSize - k) < threshold) {
                System.arraycopy(list, k, list, live, listSize - k);
                live += listSize - k;
                break;
            }
            long entry = list[k];
            int column = (int) (entry >>> 6);
            int viaShift = (int) (entry & 63);
            int viaSlot = termSlot[column].get(termKey(via, viaShift), -1);
            if (viaSlot < 0) {
                continue;
            }
            list[live++] = entry;
            int shift = viaFirst ? viaShift : viaShift - difference;
            if (shift < 0 || shift + difference > 63) {
                continue;
            }
            int otherSlot = viaFirst ? termSlot[column].get(termKey(second, shift + difference), -1)
                    : termSlot[column].get(termKey(first, shift), -1);
            if (otherSlot < 0) {
                continue;
            }
            int slot1 = viaFirst ? viaSlot : otherSlot;
            int slot2 = viaFirst ? otherSlot : viaSlot;
            found = tryOccurrence(found, column, shift, slot1, slot2, first, second, difference, subtract, newDepth);
        }
        occurrenceCount[via] = live;
        releaseUsedTerms(first, second, difference, found);
        return found;
    }

    /**
     * Records the occurrence of the pattern at (column, shift), whose terms sit in slot1 and slot2, if the signs
     * match, it does not overlap one recorded before and the output's depth bound allows it; the new count.
     */
    private int tryOccurrence(int found, int column, int shift, int slot1, int slot2, int first, int second,
                              int difference, boolean subtract, int newDepth) {
        if ((termNegative[column][slot1] != termNegative[column][slot2]) != subtract) {
            return found;
        }
        if (first == second) {
            long t1 = (long) column << 6 | shift;
            long t2 = (long) column << 6 | (shift + difference);
            if (usedTerms.get(t1, 0) != 0 || usedTerms.get(t2, 0) != 0
                    || !withinDepth(column, first, second, newDepth)) {
                turnedDown = true;
                return found;
            }
            usedTerms.put(t1, 1);
            usedTerms.put(t2, 1);
        } else if (!withinDepth(column, first, second, newDepth)) {
            turnedDown = true;
            return found;
        }
        return record(found, column, shift, termNegative[column][slot1]);
    }

    /** Forgets the terms marked as used by the occurrences of a pattern of one node with itself. */
    private void releaseUsedTerms(int first, int second, int difference, int found) {
        if (first == second) {
            for (int f = 0; f < found; f++) {
                usedTerms.remove((long) foundColumn[f] << 6 | foundShift[f]);
                usedTerms.remove((long) foundColumn[f] << 6 | (foundShift[f] + difference));
            }
        }
    }

    /** {@link #collect} for a pattern of one input with itself: occurrences may overlap, the lower one wins. */
    private int collectWithinInput(int u, int difference, boolean subtract, int newDepth) {
        int found = 0;
        int live = 0;
        int[] columnsOf = rowColumn[u];
        long[] positive = rowPositive[u];
        long[] negative = rowNegative[u];
        for (int k = 0; k < rowLength[u]; k++) {
            long p = positive[k];
            long n = negative[k];
            if ((p | n) == 0) {
                continue;
            }
            int column = columnsOf[k];
            columnsOf[live] = column;
            positive[live] = p;
            negative[live] = n;
            live++;
            long hits = matches(p, n, p, n, difference, subtract);
            long used = 0;
            while (hits != 0) {
                int shift = Long.numberOfTrailingZeros(hits);
                hits &= hits - 1;
                long pair = 1L << shift | 1L << (shift + difference);
                if ((used & pair) != 0 || !withinDepth(column, u, u, newDepth)) {
                    turnedDown = true;
                    continue;
                }
                used |= pair;
                found = record(found, column, shift, (n >>> shift & 1) != 0);
            }
        }
        rowLength[u] = live;
        return found;
    }

    /** {@link #collect} for a pattern of two different inputs: a merge of their column lists. */
    private int collectBetweenInputs(int u, int v, int difference, boolean subtract, int newDepth) {
        int found = 0;
        int[] cu = rowColumn[u];
        long[] pu = rowPositive[u];
        long[] nu = rowNegative[u];
        int[] cv = rowColumn[v];
        long[] pv = rowPositive[v];
        long[] nv = rowNegative[v];
        int lu = rowLength[u];
        int lv = rowLength[v];
        int a = 0;
        int b = 0;
        int wa = 0;
        int wb = 0;
        while (a < lu && b < lv) {
            if ((pu[a] | nu[a]) == 0) {
                a++;
            } else if ((pv[b] | nv[b]) == 0) {
                b++;
            } else if (cu[a] < cv[b]) {
                cu[wa] = cu[a];
                pu[wa] = pu[a];
                nu[wa++] = nu[a++];
            } else if (cu[a] > cv[b]) {
                cv[wb] = cv[b];
                pv[wb] = pv[b];
                nv[wb++] = nv[b++];
            } else {
                int column = cu[a];
                long hits = matches(pu[a], nu[a], pv[b], nv[b], difference, subtract);
                while (hits != 0) {
                    int shift = Long.numberOfTrailingZeros(hits);
                    hits &= hits - 1;
                    if (withinDepth(column, u, v, newDepth)) {
                        found = record(found, column, shift, (nu[a] >>> shift & 1) != 0);
                    } else {
                        turnedDown = true;
                    }
                }
                cu[wa] = cu[a];
                pu[wa] = pu[a];
                nu[wa++] = nu[a++];
                cv[wb] = cv[b];
                pv[wb] = pv[b];
                nv[wb++] = nv[b++];
            }
        }
        rowLength[u] = compactTail(u, a, wa);
        rowLength[v] = compactTail(v, b, wb);
        return found;
    }

    /**
     * The positions s where the first operand has a digit at s and the second one at s + difference, with equal
     * signs for an addition pattern and opposite signs for a subtraction pattern.
     */
    private static long matches(long p1, long n1, long p2, long n2, int difference, boolean subtract) {
        return subtract ? (p1 & (n2 >>> difference)) | (n1 & (p2 >>> difference))
                : (p1 & (p2 >>> difference)) | (n1 & (n2 >>> difference));
    }

    /** Moves the live entries of input u's list from {@code read} on down to {@code write}; the new length. */
    private int compactTail(int u, int read, int write) {
        int[] c = rowColumn[u];
        long[] p = rowPositive[u];
        long[] n = rowNegative[u];
        for (; read < rowLength[u]; read++) {
            if ((p[read] | n[read]) != 0) {
                c[write] = c[read];
                p[write] = p[read];
                n[write++] = n[read];
            }
        }
        return write;
    }

    /** Appends an occurrence to the scratch arrays; the new count. */
    private int record(int found, int column, int shift, boolean negative) {
        if (found == foundColumn.length) {
            foundColumn = Arrays.copyOf(foundColumn, found * 2);
            foundShift = Arrays.copyOf(foundShift, found * 2);
            foundNegative = Arrays.copyOf(foundNegative, found * 2);
        }
        foundColumn[found] = column;
        foundShift[found] = shift;
        foundNegative[found] = negative;
        return found + 1;
    }

    /** Whether the output still fits its depth bound with one more occurrence substituted (recorded if so). */
    private boolean withinDepth(int column, int first, int second, int newDepth) {
        int limit = depthLimit[column];
        if (limit < 0) {
            return true;
        }
        if (newDepth > limit) {
            return false;
        }
        long w = trialStamp[column] == stamp ? trialWeight[column] : weight[column];
        w += (1L << newDepth) - (1L << builder.depth(first)) - (1L << builder.depth(second));
        if (64 - Long.numberOfLeadingZeros(w - 1) > limit) {
            return false;
        }
        trialStamp[column] = stamp;
        trialWeight[column] = w;
        return true;
    }

    /** Makes the pattern one adder, replaces the found occurrences and queues the new node's patterns. */
    private void substitute(long key, int found) {
        int first = GraphBuilder.keyLeft(key);
        int second = GraphBuilder.keyRight(key);
        int difference = GraphBuilder.keyShift(key);
        int node = builder.addNew(first, second, difference, GraphBuilder.keySubtract(key));
        ensureNode(node);
        for (int f = 0; f < found; f++) {
            int column = foundColumn[f];
            int shift = foundShift[f];
            removeTerm(column, first, shift);
            removeTerm(column, second, shift + difference);
            addTerm(column, node, shift, foundNegative[f]);
            if (depthLimit[column] >= 0) {
                weight[column] += (1L << builder.depth(node)) - (1L << builder.depth(first))
                        - (1L << builder.depth(second));
            }
        }
        countPatternsOf(node, false);
    }

    private static long termKey(int node, int shift) {
        return (long) node << 6 | shift;
    }

    private void addTerm(int column, int node, int shift, boolean negative) {
        int slot = termCount[column]++;
        termNode[column][slot] = node;
        termShift[column][slot] = shift;
        termNegative[column][slot] = negative;
        termSlot[column].put(termKey(node, shift), slot);
        if (occurrenceCount[node] == occurrences[node].length) {
            occurrences[node] = Arrays.copyOf(occurrences[node], occurrenceCount[node] * 2);
        }
        occurrences[node][occurrenceCount[node]++] = (long) column << 6 | shift;
        liveTerms[node]++;
    }

    private void removeTerm(int column, int node, int shift) {
        if (node < inputNodes) {
            int k = Arrays.binarySearch(rowColumn[node], 0, rowLength[node], column);
            rowPositive[node][k] &= ~(1L << shift);
            rowNegative[node][k] &= ~(1L << shift);
        }
        long key = termKey(node, shift);
        int slot = termSlot[column].get(key, -1);
        if (pairCount != null && node < inputNodes) {
            uncountPairs(column, slot);
        }
        liveTerms[node]--;
        int last = --termCount[column];
        if (slot != last) {
            termNode[column][slot] = termNode[column][last];
            termShift[column][slot] = termShift[column][last];
            termNegative[column][slot] = termNegative[column][last];
            termSlot[column].put(termKey(termNode[column][slot], termShift[column][slot]), slot);
        }
        termSlot[column].remove(key);
    }

    private void ensureNode(int node) {
        if (node >= occurrences.length) {
            int n = Math.max(node + 1, occurrences.length * 2);
            occurrences = Arrays.copyOf(occurrences, n);
            occurrenceCount = Arrays.copyOf(occurrenceCount, n);
            liveTerms = Arrays.copyOf(liveTerms, n);
        }
        if (occurrences[node] == null) {
            occurrences[node] = new long[4];
        }
    }
}

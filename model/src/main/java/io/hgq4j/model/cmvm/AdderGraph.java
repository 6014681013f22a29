package io.hgq4j.model.cmvm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A constant-matrix–vector multiplication y_j − b_j = Σ_i M[i][j]·a_i built from adders and wiring shifts only, with
 * no multiplier: every constant is written in canonical signed digits and sums of shifted inputs are shared across
 * the whole matrix.
 *
 * <h2>Semantics</h2>
 *
 * <p>{@link #nodes()} is in topological order; a node's id is its index, and operands always have smaller ids.
 * All values are exact integers (codes at the common LSB the caller scaled the matrix to):
 * <ul>
 *   <li>{@link Kind#INPUT} node: value = a_{@code input}. Only inputs that contribute are present (an input whose range
 *       is [0, 0], i.e. of width 0, or whose matrix row is all zeros, has no node), in increasing input order, before
 *       every adder.</li>
 *   <li>{@link Kind#ADD} node: value = value(left) + value(right)·2^{@code shift} when {@code subtract} is false,
 *       value(left) − value(right)·2^{@code shift} when it is true; {@code shift} ≥ 0, and left = right only with
 *       shift &gt; 0. As Verilog: {@code assign n7 = n3 - (n5 <<< 2);}.</li>
 *   <li>{@link Output} j: y_j − b_j = (negate ? −1 : 1)·value(node)·2^{@code shift}, or 0 when the column has no
 *       non-zero term ({@link Output#isZero()}, node −1). Several outputs may name the same node. The bias b_j is
 *       the caller's.</li>
 * </ul>
 *
 * <p>Every node carries the exact range [lo, hi] of its value when each a_i ranges independently over [lo_i, hi_i],
 * and from it the two's-complement width: {@link Node#signed()} iff lo &lt; 0; width = bits of the larger of |lo|,
 * |hi| (plus a sign bit when signed). Because the true value always fits that width, an adder may be computed modulo
 * 2^width: sign-extend a signed operand (zero-extend an unsigned one) to the node's width, shift, add or subtract,
 * keep the low width bits — any carry out or operand bits above the width can be dropped.
 *
 * <p>Depth: inputs have depth 0, an adder 1 + the larger depth of its operands; {@link #depth()} is the largest depth
 * of an output's node, i.e. the number of adder levels on the longest input-to-output path.
 *
 * <p>Instances are immutable; equal inputs give equal graphs ({@link #equals}), so generated code is reproducible.
 */
public final class AdderGraph {

    /** What a node computes. */
    public enum Kind {
        /** An input a_i. */
        INPUT,
        /** left ± (right &lt;&lt; shift). */
        ADD
    }

    /**
     * One node; see the class comment for the exact semantics.
     *
     * @param kind     input or adder
     * @param input    the input index i for {@link Kind#INPUT}, −1 for an adder
     * @param left     the id of the unshifted operand of an adder, −1 for an input
     * @param right    the id of the shifted operand of an adder, −1 for an input
     * @param shift    the left shift (≥ 0) of the right operand; 0 for an input
     * @param subtract whether the node is a difference; false for an input
     * @param reversed whether the difference is (right &lt;&lt; shift) − left rather than left − (right &lt;&lt; shift);
     *                 only with {@code subtract}
     * @param lo       smallest value
     * @param hi       largest value
     * @param depth    adder levels from the inputs (0 for an input)
     */
    public record Node(Kind kind, int input, int left, int right, int shift, boolean subtract, boolean reversed,
                       BigInteger lo, BigInteger hi, int depth) {

        /** Validates the fields' consistency. */
        public Node {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(lo, "lo");
            Objects.requireNonNull(hi, "hi");
            if (lo.compareTo(hi) > 0) {
                throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
            }
            if ((reversed && !subtract) || (kind == Kind.INPUT
                    ? input < 0 || left != -1 || right != -1 || shift != 0 || subtract || depth != 0
                    : input != -1 || left < 0 || right < 0 || shift < 0 || depth < 1 || (left == right && shift == 0))) {
                throw new IllegalArgumentException("inconsistent " + kind + " node");
            }
        }

        /** Whether the value can be negative (two's complement) — lo &lt; 0. */
        public boolean signed() {
            return lo.signum() < 0;
        }

        /** The bits needed for every value in [lo, hi]: 0 only for the constant 0. */
        public int width() {
            return signed() ? Math.max(lo.bitLength(), hi.bitLength()) + 1 : hi.bitLength();
        }

        /** Whether this is an adder. */
        public boolean isAdder() {
            return kind == Kind.ADD;
        }
    }

    /**
     * How output j is read off the graph: y_j − b_j = (negate ? −1 : 1)·value(node)·2^shift, or 0 when node is −1.
     *
     * @param node   the node id, −1 for an all-zero column
     * @param shift  left shift (≥ 0) applied to the node's value
     * @param negate whether the shifted value is negated
     */
    public record Output(int node, int shift, boolean negate) {

        /** The output of an all-zero column. */
        public static final Output ZERO = new Output(-1, 0, false);

        /** Validates that a zero output has no shift or sign and a non-zero one a non-negative shift. */
        public Output {
            if (node < -1 || shift < 0 || (node == -1 && (shift != 0 || negate))) {
                throw new IllegalArgumentException("invalid output (" + node + ", " + shift + ", " + negate + ")");
            }
        }

        /** Whether the output is identically 0. */
        public boolean isZero() {
            return node == -1;
        }
    }

    private final int inputCount;
    private final List<Node> nodes;
    private final List<Output> outputs;

    AdderGraph(int inputCount, List<Node> nodes, List<Output> outputs) {
        this.inputCount = inputCount;
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
    }

    /**
     * The shift-add graph with shared subexpressions: every entry in canonical signed digits, then the two-term
     * pattern a ± (b &lt;&lt; s) occurring most often across all outputs is made one adder, repeatedly, and each
     * output's remaining terms are summed (see the package documentation for the algorithm).
     *
     * @param matrix  M[i][j], [inputs][outputs]; |entry| &lt; 2^62; at least one row, all rows of one length
     * @param inputLo smallest value of each input
     * @param inputHi largest value of each input (≥ lo; an input with range [0, 0] is the constant 0 and omitted)
     * @param options depth bound and summation shape
     * @throws IllegalArgumentException for a ragged matrix, mismatched lengths, an empty range or a too large entry
     */
    public static AdderGraph optimize(long[][] matrix, long[] inputLo, long[] inputHi, CmvmOptions options) {
        return optimize(matrix, inputLo, inputHi, options, CseOptimizer.Tuning.DEFAULT);
    }

    /** {@link #optimize} with the optimizer's speed knobs, for tests that check they do not change the graph. */
    static AdderGraph optimize(long[][] matrix, long[] inputLo, long[] inputHi, CmvmOptions options,
                               CseOptimizer.Tuning tuning) {
        Objects.requireNonNull(options, "options");
        Problem problem = Problem.of(matrix, inputLo, inputHi);
        GraphBuilder builder = new GraphBuilder(problem.lo(), problem.hi(), true);
        List<List<GraphBuilder.Term>> remaining = new CseOptimizer(builder, problem, options, tuning).run();
        List<Output> outputs = new ArrayList<>(remaining.size());
        for (List<GraphBuilder.Term> terms : remaining) {
            outputs.add(builder.sum(terms, options.balancedSummation()));
        }
        return builder.build(problem.inputCount(), builder.preferPositive(outputs));
    }

    /**
     * The baseline without sharing: each output is the sum of its shifted, signed CSD digit terms in a balanced tree,
     * so it costs (non-zero digits − 1) adders and ⌈log2 digits⌉ levels; nothing is reused, not even between equal
     * columns. Arguments as for {@link #optimize}.
     */
    public static AdderGraph naive(long[][] matrix, long[] inputLo, long[] inputHi) {
        Problem problem = Problem.of(matrix, inputLo, inputHi);
        GraphBuilder builder = new GraphBuilder(problem.lo(), problem.hi(), false);
        int[] inputNode = problem.createInputNodes(builder);
        int[] digits = new int[64];
        List<Output> outputs = new ArrayList<>(problem.outputCount());
        for (int j = 0; j < problem.outputCount(); j++) {
            List<GraphBuilder.Term> terms = new ArrayList<>();
            for (int i = 0; i < problem.inputCount(); i++) {
                if (inputNode[i] < 0) {
                    continue;
                }
                int n = Csd.digits(problem.matrix()[i][j], digits);
                for (int k = 0; k < n; k++) {
                    terms.add(new GraphBuilder.Term(inputNode[i], digits[k] >> 1, (digits[k] & 1) != 0));
                }
            }
            outputs.add(builder.sum(terms, true));
        }
        return builder.build(problem.inputCount(), outputs);
    }

    /** The number of inputs a_i (rows of the matrix), including omitted ones. */
    public int inputCount() {
        return inputCount;
    }

    /** The number of outputs (columns of the matrix). */
    public int outputCount() {
        return outputs.size();
    }

    /** All nodes in topological order; a node's id is its index. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node with id {@code id}. */
    public Node node(int id) {
        return nodes.get(id);
    }

    /** One entry per matrix column. */
    public List<Output> outputs() {
        return outputs;
    }

    /** The number of adders (and subtractors). */
    public int adderCount() {
        int n = 0;
        for (Node node : nodes) {
            if (node.isAdder()) {
                n++;
            }
        }
        return n;
    }

    /** The largest adder depth of an output (0 when there is no adder). */
    public int depth() {
        int d = 0;
        for (Output output : outputs) {
            if (!output.isZero()) {
                d = Math.max(d, nodes.get(output.node()).depth());
            }
        }
        return d;
    }

    /** The adder depth of output j (0 for a zero output or a plain shifted input). */
    public int depth(int output) {
        Output o = outputs.get(output);
        return o.isZero() ? 0 : nodes.get(o.node()).depth();
    }

    /**
     * The exact value of every node for the given inputs, each checked against its declared range.
     *
     * @param inputs a_i for every input; inputs without a node (range [0, 0] or an all-zero row) are not read
     * @throws IllegalArgumentException when an input lies outside its range or the length is wrong
     * @throws IllegalStateException    when a node's value leaves its declared range (a bug)
     */
    public BigInteger[] evaluateNodes(long[] inputs) {
        if (inputs.length != inputCount) {
            throw new IllegalArgumentException("expected " + inputCount + " inputs, got " + inputs.length);
        }
        BigInteger[] value = new BigInteger[nodes.size()];
        for (int id = 0; id < value.length; id++) {
            Node node = nodes.get(id);
            BigInteger v;
            if (node.kind() == Kind.INPUT) {
                v = BigInteger.valueOf(inputs[node.input()]);
                if (v.compareTo(node.lo()) < 0 || v.compareTo(node.hi()) > 0) {
                    throw new IllegalArgumentException("input " + node.input() + " = " + v + " is outside ["
                            + node.lo() + ", " + node.hi() + "]");
                }
            } else {
                BigInteger r = value[node.right()].shiftLeft(node.shift());
                BigInteger l = value[node.left()];
                v = !node.subtract() ? l.add(r) : node.reversed() ? r.subtract(l) : l.subtract(r);
                if (v.compareTo(node.lo()) < 0 || v.compareTo(node.hi()) > 0) {
                    throw new IllegalStateException("node " + id + " = " + v + " is outside [" + node.lo() + ", "
                            + node.hi() + "]");
                }
            }
            value[id] = v;
        }
        return value;
    }

    /**
     * The exact y_j − b_j for the given inputs (the caller adds the bias).
     *
     * @param inputs a_i for every input; inputs without a node (range [0, 0] or an all-zero row) are not read
     * @throws IllegalArgumentException when an input lies outside its range or the length is wrong
     */
    public BigInteger[] evaluate(long[] inputs) {
        BigInteger[] value = evaluateNodes(inputs);
        BigInteger[] y = new BigInteger[outputs.size()];
        for (int j = 0; j < y.length; j++) {
            Output o = outputs.get(j);
            if (o.isZero()) {
                y[j] = BigInteger.ZERO;
            } else {
                BigInteger v = value[o.node()].shiftLeft(o.shift());
                y[j] = o.negate() ? v.negate() : v;
            }
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdderGraph g && inputCount == g.inputCount && nodes.equals(g.nodes)
                && outputs.equals(g.outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputCount, nodes, outputs);
    }

    /** A listing, one line per node and output, e.g. {@code n3 = n0 - (n1 << 2)  [-28, 7] signed 6 bits, depth 1}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int id = 0; id < nodes.size(); id++) {
            Node n = nodes.get(id);
            s.append('n').append(id).append(" = ");
            if (n.kind() == Kind.INPUT) {
                s.append('a').append(n.input());
            } else {
                String right = n.shift() == 0 ? "n" + n.right() : "(n" + n.right() + " << " + n.shift() + ")";
                if (n.reversed()) {
                    s.append(right).append(" - n").append(n.left());
                } else {
                    s.append('n').append(n.left()).append(n.subtract() ? " - " : " + ").append(right);
                }
            }
            s.append("  [").append(n.lo()).append(", ").append(n.hi()).append("] ")
                    .append(n.signed() ? "signed " : "unsigned ").append(n.width()).append(" bits, depth ")
                    .append(n.depth()).append('\n');
        }
        for (int j = 0; j < outputs.size(); j++) {
            Output o = outputs.get(j);
            s.append('y').append(j).append(" = ");
            if (o.isZero()) {
                s.append('0');
            } else {
                s.append(o.negate() ? "-" : "").append('n').append(o.node());
                if (o.shift() > 0) {
                    s.append(" << ").append(o.shift());
                }
            }
            s.append('\n');
        }
        return s.toString();
    }
}

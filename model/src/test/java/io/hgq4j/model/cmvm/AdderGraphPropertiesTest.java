package io.hgq4j.model.cmvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of optimized and naive graphs on random matrices, against the exact matrix product and an independent
 * CSD digit count.
 */
class AdderGraphPropertiesTest {

    private static final List<CmvmOptions> OPTIONS = List.of(
            CmvmOptions.defaults(),
            CmvmOptions.minimumDepth(),
            CmvmOptions.defaults().withMaxExtraDepth(1),
            new CmvmOptions(CmvmOptions.UNLIMITED, false));

    @Provide
    Arbitrary<CmvmCase> cases() {
        return CmvmCase.cases();
    }

    @Property(tries = 300)
    void optimizedGraphsComputeTheProduct(@ForAll("cases") CmvmCase c) {
        for (CmvmOptions options : OPTIONS) {
            AdderGraph g = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options);
            assertComputesProduct(c, g, options.toString());
            assertWellFormed(c, g);
        }
    }

    @Property(tries = 300)
    void naiveGraphsComputeTheProduct(@ForAll("cases") CmvmCase c) {
        AdderGraph g = AdderGraph.naive(c.matrix(), c.lo(), c.hi());
        assertComputesProduct(c, g, "naive");
        assertWellFormed(c, g);
    }

    /** The baseline costs exactly digits − 1 adders and ⌈log2 digits⌉ levels per output. */
    @Property(tries = 300)
    void naiveCostIsTheDigitCount(@ForAll("cases") CmvmCase c) {
        AdderGraph g = AdderGraph.naive(c.matrix(), c.lo(), c.hi());
        int adders = 0;
        for (int j = 0; j < c.outputs(); j++) {
            int digits = c.digits(j);
            adders += Math.max(0, digits - 1);
            assertThat(g.depth(j)).as("depth of output %d", j).isEqualTo(CmvmCase.ceilLog2(digits));
            assertThat(g.outputs().get(j).isZero()).isEqualTo(digits == 0);
        }
        assertThat(g.adderCount()).isEqualTo(adders);
    }

    /** Sharing never costs an adder, and the depth bound holds output by output. */
    @Property(tries = 300)
    void sharingSavesAddersWithinTheDepthBound(@ForAll("cases") CmvmCase c) {
        AdderGraph naive = AdderGraph.naive(c.matrix(), c.lo(), c.hi());
        for (CmvmOptions options : OPTIONS) {
            AdderGraph g = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options);
            assertThat(g.adderCount()).as("%s", options).isLessThanOrEqualTo(naive.adderCount());
            if (options.depthBounded()) {
                for (int j = 0; j < c.outputs(); j++) {
                    assertThat(g.depth(j)).as("%s output %d", options, j)
                            .isLessThanOrEqualTo(CmvmCase.ceilLog2(c.digits(j)) + options.maxExtraDepth());
                }
            }
        }
        AdderGraph shallow = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), CmvmOptions.minimumDepth());
        assertThat(shallow.depth()).isLessThanOrEqualTo(naive.depth());
    }

    /** The same problem gives the same graph, also from a fresh copy of the arrays. */
    @Property(tries = 100)
    void optimizationIsDeterministic(@ForAll("cases") CmvmCase c) {
        AdderGraph first = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), CmvmOptions.defaults());
        long[][] copy = new long[c.inputs()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = c.matrix()[i].clone();
        }
        AdderGraph second = AdderGraph.optimize(copy, c.lo().clone(), c.hi().clone(), CmvmOptions.defaults());
        assertThat(second).isEqualTo(first);
        assertThat(second.toString()).isEqualTo(first.toString());
    }

    private static void assertComputesProduct(CmvmCase c, AdderGraph g, String what) {
        for (long[] a : c.inputVectors(6)) {
            assertThat(g.evaluate(a)).as("%s: %s", what, c).containsExactly(c.product(a));
            BigInteger[] values = g.evaluateNodes(a);
            for (int id = 0; id < values.length; id++) {
                AdderGraph.Node n = g.node(id);
                BigInteger v = values[id];
                assertThat(v).as("node %d within its range", id).isBetween(n.lo(), n.hi());
                assertThat(fits(v, n.width(), n.signed())).as("node %d = %s in %d bits", id, v, n.width()).isTrue();
            }
        }
    }

    /** Whether v is a two's-complement (or unsigned) code of the given width. */
    private static boolean fits(BigInteger v, int width, boolean signed) {
        if (signed) {
            BigInteger half = BigInteger.ONE.shiftLeft(width - 1);
            return v.compareTo(half.negate()) >= 0 && v.compareTo(half) < 0;
        }
        return v.signum() >= 0 && v.compareTo(BigInteger.ONE.shiftLeft(width)) < 0;
    }

    /**
     * Topological order, inputs first and only the contributing ones, every node on the way to some output, and each
     * adder's depth one more than its deeper operand's.
     */
    private static void assertWellFormed(CmvmCase c, AdderGraph g) {
        List<Integer> expectedInputs = new ArrayList<>();
        for (int i = 0; i < c.inputs(); i++) {
            boolean rowNonZero = false;
            for (long m : c.matrix()[i]) {
                rowNonZero |= m != 0;
            }
            if (rowNonZero && (c.lo()[i] != 0 || c.hi()[i] != 0)) {
                expectedInputs.add(i);
            }
        }
        List<Integer> inputs = new ArrayList<>();
        boolean[] used = new boolean[g.nodes().size()];
        for (AdderGraph.Output o : g.outputs()) {
            if (!o.isZero()) {
                used[o.node()] = true;
            }
        }
        for (int id = g.nodes().size() - 1; id >= 0; id--) {
            AdderGraph.Node n = g.node(id);
            assertThat(used[id]).as("node %d is used", id).isTrue();
            if (n.isAdder()) {
                assertThat(n.left()).isLessThan(id);
                assertThat(n.right()).isLessThan(id);
                assertThat(n.depth()).isEqualTo(Math.max(g.node(n.left()).depth(), g.node(n.right()).depth()) + 1);
                used[n.left()] = true;
                used[n.right()] = true;
            }
        }
        for (int id = 0; id < g.nodes().size(); id++) {
            if (!g.node(id).isAdder()) {
                assertThat(id).as("inputs come first").isEqualTo(inputs.size());
                inputs.add(g.node(id).input());
            }
        }
        assertThat(inputs).isEqualTo(expectedInputs);
    }
}

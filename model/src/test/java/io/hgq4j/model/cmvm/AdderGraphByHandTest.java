package io.hgq4j.model.cmvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Small matrices worked out by hand: the graph, its adder count, depth, ranges and values. */
class AdderGraphByHandTest {

    private static final CmvmOptions DEFAULTS = CmvmOptions.defaults();

    /**
     * y = 3a + 5b: CSD 3 = 4 − 1 and 5 = 4 + 1, four digits and no pattern that occurs twice, so optimize and naive
     * both need 3 adders in 2 levels. The balanced sum adds the digits of equal weight first: (a − b) and (a + b),
     * then y = (b − a) + ((a + b) &lt;&lt; 2): the negative −a is the subtrahend of a reversed subtraction, so the
     * output needs no negation.
     */
    @Test
    void threeAPlusFiveB() {
        long[][] m = {{3}, {5}};
        long[] lo = {0, -8};
        long[] hi = {15, 7};
        String expected = """
                n0 = a0  [0, 15] unsigned 4 bits, depth 0
                n1 = a1  [-8, 7] signed 4 bits, depth 0
                n2 = n1 - n0  [-23, 7] signed 6 bits, depth 1
                n3 = n0 + n1  [-8, 22] signed 6 bits, depth 1
                n4 = n2 + (n3 << 2)  [-40, 80] signed 8 bits, depth 2
                y0 = n4
                """;
        for (AdderGraph g : new AdderGraph[] {AdderGraph.optimize(m, lo, hi, DEFAULTS), AdderGraph.naive(m, lo, hi)}) {
            assertThat(g).hasToString(expected);
            assertThat(g.adderCount()).isEqualTo(3);
            assertThat(g.depth()).isEqualTo(2);
            assertThat(g.evaluate(new long[] {15, -8})).containsExactly(BigInteger.valueOf(45 - 40));
            assertThat(g.evaluate(new long[] {7, 7})).containsExactly(BigInteger.valueOf(56));
        }
    }

    /** One input, y0 = 3a and y1 = 5a: one adder each (4a − a, 4a + a), nothing to share. */
    @Test
    void threeAAndFiveA() {
        long[][] m = {{3, 5}};
        AdderGraph g = AdderGraph.optimize(m, new long[] {0}, new long[] {7}, DEFAULTS);
        assertThat(g.adderCount()).isEqualTo(2);
        assertThat(g.depth()).isEqualTo(1);
        assertThat(AdderGraph.naive(m, new long[] {0}, new long[] {7}).adderCount()).isEqualTo(2);
        assertThat(g.evaluate(new long[] {6})).containsExactly(BigInteger.valueOf(18), BigInteger.valueOf(30));
    }

    /**
     * 3a, −3a and 6a are all ±(a − (a &lt;&lt; 2)) shifted: one adder instead of three. Two of the three outputs would
     * read it negated, so the subtraction is reversed to 4a − a = 3a; its range for a in [0, 7] is [0, 21] (unsigned,
     * 5 bits), not the [−7, 28] interval arithmetic on 4a − a would give.
     */
    @Test
    void signsAndShiftsOfOnePattern() {
        long[][] m = {{3, -3, 6}};
        AdderGraph g = AdderGraph.optimize(m, new long[] {0}, new long[] {7}, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a0  [0, 7] unsigned 3 bits, depth 0
                n1 = (n0 << 2) - n0  [0, 21] unsigned 5 bits, depth 1
                y0 = n1
                y1 = -n1
                y2 = n1 << 1
                """);
        assertThat(g.outputs()).containsExactly(new AdderGraph.Output(1, 0, false), new AdderGraph.Output(1, 0, true),
                new AdderGraph.Output(1, 1, false));
        assertThat(g.evaluate(new long[] {5}))
                .containsExactly(BigInteger.valueOf(15), BigInteger.valueOf(-15), BigInteger.valueOf(30));
        assertThat(AdderGraph.naive(m, new long[] {0}, new long[] {7}).adderCount()).isEqualTo(3);
    }

    /**
     * y0 = 5a + 3b and y1 = 10a + 6b = 2·y0. Naive: 4 digits per output, 3 + 3 = 6 adders. By hand: 5a = a + (a &lt;&lt; 2)
     * and −3b = b − (b &lt;&lt; 2) are patterns of both outputs (at shifts 0 and 1), then 5a − (−3b) is too, and y1 is
     * y0 shifted: 3 adders, depth 2.
     */
    @Test
    void twoByTwoSharesEverything() {
        long[][] m = {{5, 10}, {3, 6}};
        long[] lo = {0, 0};
        long[] hi = {15, 15};
        AdderGraph g = AdderGraph.optimize(m, lo, hi, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a0  [0, 15] unsigned 4 bits, depth 0
                n1 = a1  [0, 15] unsigned 4 bits, depth 0
                n2 = n0 + (n0 << 2)  [0, 75] unsigned 7 bits, depth 1
                n3 = n1 - (n1 << 2)  [-45, 0] signed 7 bits, depth 1
                n4 = n2 - n3  [0, 120] unsigned 7 bits, depth 2
                y0 = n4
                y1 = n4 << 1
                """);
        assertThat(g.adderCount()).isEqualTo(3);
        assertThat(g.depth()).isEqualTo(2);
        AdderGraph naive = AdderGraph.naive(m, lo, hi);
        assertThat(naive.adderCount()).isEqualTo(6);
        assertThat(naive.depth()).isEqualTo(2);
        assertThat(g.evaluate(new long[] {15, 15})).containsExactly(BigInteger.valueOf(120), BigInteger.valueOf(240));
    }

    /**
     * y0 = a + 4b + 2c, y1 = 2a + 8b − c: only a + (b &lt;&lt; 2) occurs in both (at shifts 0 and 1), so 3 adders
     * instead of 4; y1 = ((a + 4b) &lt;&lt; 1) − c.
     */
    @Test
    void onePatternAmongOthers() {
        long[][] m = {{1, 2}, {4, 8}, {2, -1}};
        long[] lo = {0, 0, 0};
        long[] hi = {3, 3, 3};
        AdderGraph g = AdderGraph.optimize(m, lo, hi, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a0  [0, 3] unsigned 2 bits, depth 0
                n1 = a1  [0, 3] unsigned 2 bits, depth 0
                n2 = a2  [0, 3] unsigned 2 bits, depth 0
                n3 = n0 + (n1 << 2)  [0, 15] unsigned 4 bits, depth 1
                n4 = n3 + (n2 << 1)  [0, 21] unsigned 5 bits, depth 2
                n5 = (n3 << 1) - n2  [-3, 30] signed 6 bits, depth 2
                y0 = n4
                y1 = n5
                """);
        assertThat(AdderGraph.naive(m, lo, hi).adderCount()).isEqualTo(4);
    }

    @Test
    void zeroMatrix() {
        long[][] m = new long[3][4];
        AdderGraph g = AdderGraph.optimize(m, new long[] {0, -1, 0}, new long[] {5, 1, 9}, DEFAULTS);
        assertThat(g.nodes()).isEmpty();
        assertThat(g.outputs()).containsOnly(AdderGraph.Output.ZERO).hasSize(4);
        assertThat(g.adderCount()).isZero();
        assertThat(g.depth()).isZero();
        assertThat(g.evaluate(new long[] {5, -1, 9})).containsOnly(BigInteger.ZERO).hasSize(4);
        assertThat(AdderGraph.naive(m, new long[] {0, -1, 0}, new long[] {5, 1, 9}).nodes()).isEmpty();
    }

    /** 7a = 8a − a: one (reversed) subtractor; 4a is wiring only; a zero column stays zero; −a is read negated. */
    @Test
    void singleInputWithAZeroColumn() {
        long[][] m = {{7, 0, 4, -1}};
        AdderGraph g = AdderGraph.optimize(m, new long[] {-4}, new long[] {3}, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a0  [-4, 3] signed 3 bits, depth 0
                n1 = (n0 << 3) - n0  [-28, 21] signed 6 bits, depth 1
                y0 = n1
                y1 = 0
                y2 = n0 << 2
                y3 = -n0
                """);
        assertThat(g.depth(2)).isZero();
        assertThat(g.evaluate(new long[] {-4})).containsExactly(BigInteger.valueOf(-28), BigInteger.ZERO,
                BigInteger.valueOf(-16), BigInteger.valueOf(4));
    }

    /** y = −a − 2b: both terms negative, so the sum a + 2b is read negated; no subtraction could absorb the sign. */
    @Test
    void allNegativeTermsStayNegated() {
        AdderGraph g = AdderGraph.optimize(new long[][] {{-1}, {-2}}, new long[] {0, 0}, new long[] {3, 3}, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a0  [0, 3] unsigned 2 bits, depth 0
                n1 = a1  [0, 3] unsigned 2 bits, depth 0
                n2 = n0 + (n1 << 1)  [0, 9] unsigned 4 bits, depth 1
                y0 = -n2
                """);
        assertThat(g.evaluate(new long[] {3, 2})).containsExactly(BigInteger.valueOf(-7));
    }

    /** An input of range [0, 0] (width 0) has no node; the outputs only see the other input. */
    @Test
    void widthZeroInputIsOmitted() {
        long[][] m = {{3}, {5}};
        AdderGraph g = AdderGraph.optimize(m, new long[] {0, 0}, new long[] {0, 3}, DEFAULTS);
        assertThat(g).hasToString("""
                n0 = a1  [0, 3] unsigned 2 bits, depth 0
                n1 = n0 + (n0 << 2)  [0, 15] unsigned 4 bits, depth 1
                y0 = n1
                """);
        assertThat(g.evaluate(new long[] {0, 3})).containsExactly(BigInteger.valueOf(15));
    }

    /**
     * y0 = a + b + c + d, y1 = a + b + c, y2 = a + b (minimum depths 2, 2, 1). Unlimited sharing takes a + b (three
     * times), then c + (a + b) (twice), and y0 = d + (c + (a + b)): 3 adders, but y0 is 3 levels deep. With the bound
     * 0, c + (a + b) would make y0 too deep there, so it occurs once only and is not shared: y0 = (a + b) + (c + d),
     * y1 = c + (a + b), 4 adders in 2 levels.
     */
    @Test
    void depthBoundTradesAnAdderForALevel() {
        long[][] m = {{1, 1, 1}, {1, 1, 1}, {1, 1, 0}, {1, 0, 0}};
        long[] lo = {0, 0, 0, 0};
        long[] hi = {1, 1, 1, 1};
        AdderGraph deep = AdderGraph.optimize(m, lo, hi, DEFAULTS);
        assertThat(deep.adderCount()).isEqualTo(3);
        assertThat(deep.depth()).isEqualTo(3);
        AdderGraph shallow = AdderGraph.optimize(m, lo, hi, CmvmOptions.minimumDepth());
        assertThat(shallow.adderCount()).isEqualTo(4);
        assertThat(shallow.depth()).isEqualTo(2);
        assertThat(AdderGraph.optimize(m, lo, hi, DEFAULTS.withMaxExtraDepth(1))).isEqualTo(deep);
        AdderGraph naive = AdderGraph.naive(m, lo, hi);
        assertThat(naive.adderCount()).isEqualTo(3 + 2 + 1);
        assertThat(naive.depth()).isEqualTo(2);
        for (AdderGraph g : new AdderGraph[] {deep, shallow, naive}) {
            assertThat(g.evaluate(new long[] {1, 1, 0, 1}))
                    .containsExactly(BigInteger.valueOf(3), BigInteger.valueOf(2), BigInteger.valueOf(2));
        }
    }

    @Test
    void rejectsMalformedProblems() {
        assertThatThrownBy(() -> AdderGraph.optimize(new long[][] {{1, 2}, {3}}, new long[2], new long[2], DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> AdderGraph.naive(new long[][] {{1}}, new long[] {2}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty range");
        assertThatThrownBy(() -> AdderGraph.naive(new long[][] {{1L << 62}}, new long[] {0}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2^62");
        assertThatThrownBy(() -> AdderGraph.naive(new long[][] {{1}}, new long[] {0, 0}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdderGraph.naive(new long[0][], new long[0], new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CmvmOptions(2, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CmvmOptions(-2, true)).isInstanceOf(IllegalArgumentException.class);
        AdderGraph g = AdderGraph.naive(new long[][] {{3}}, new long[] {0}, new long[] {3});
        assertThatThrownBy(() -> g.evaluate(new long[] {4})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
    }
}

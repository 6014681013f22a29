package io.hgq4j.model.cmvm;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The optimizer's speed devices (count thresholds with recounts, exact pair counts of the inputs) must not change
 * the greedy choices: the graph equals the one of the plain lazy heap, also with a depth bound. (This found that
 * a pattern's two found places may only travel with it when no other place was turned down.)
 */
class AdderGraphTuningTest {

    private static final CseOptimizer.Tuning PLAIN = new CseOptimizer.Tuning(0, false);
    private static final CseOptimizer.Tuning NO_PAIR_COUNTS = new CseOptimizer.Tuning(0, true);

    @Provide
    Arbitrary<CmvmCase> cases() {
        return CmvmCase.cases();
    }

    @Property(tries = 150)
    void speedDevicesDoNotChangeTheGraph(@ForAll("cases") CmvmCase c) {
        for (CmvmOptions options : new CmvmOptions[] {CmvmOptions.defaults(), CmvmOptions.minimumDepth(),
            CmvmOptions.defaults().withMaxExtraDepth(1)}) {
            AdderGraph plain = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options, PLAIN);
            assertThat(AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options)).isEqualTo(plain);
            assertThat(AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options, NO_PAIR_COUNTS)).isEqualTo(plain);
        }
    }

    /** A larger dense matrix, where counts reach several thresholds. */
    @Property(tries = 3)
    void speedDevicesDoNotChangeALargerGraph(@ForAll("seeds") long seed) {
        CmvmCase c = CmvmFiguresTest.randomCase(60, 80, 4, 8, 30, seed);
        AdderGraph plain = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), CmvmOptions.defaults(), PLAIN);
        assertThat(AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), CmvmOptions.defaults())).isEqualTo(plain);
        assertThat(AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), CmvmOptions.defaults(), NO_PAIR_COUNTS))
                .isEqualTo(plain);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}

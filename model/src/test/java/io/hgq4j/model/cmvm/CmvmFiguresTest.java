package io.hgq4j.model.cmvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Adder counts, depths and optimisation times of optimize against naive on random matrices, printed as a table.
 * Times are this thread's CPU time, which a machine shared with other jobs disturbs less than the wall clock.
 * Opt-in, as it takes seconds: {@code -Dhgq4j.cmvm.figures=true}. It also checks the products on a few inputs and that
 * sharing saves adders, so it fails rather than prints wrong figures.
 */
@EnabledIfSystemProperty(named = "hgq4j.cmvm.figures", matches = "true")
class CmvmFiguresTest {

    @Test
    void randomMatrices() {
        System.out.printf("%-34s %-12s %8s %6s %8s %9s%n", "matrix", "graph", "adders", "depth", "saving", "cpu ms");
        report("16x64, 6-bit, no zeros", randomCase(16, 64, 6, 6, 0, 1));
        report("64x32, 6-bit, no zeros", randomCase(64, 32, 6, 6, 0, 2));
        report("500x500, 4..8-bit, 50% zeros", randomCase(500, 500, 4, 8, 50, 3));
    }

    /** Signed entries of minBits..maxBits bits (sign included), 8-bit unsigned inputs. */
    static CmvmCase randomCase(int inputs, int outputs, int minBits, int maxBits, int zeroPercent, long seed) {
        Random random = new Random(seed);
        long[][] m = new long[inputs][outputs];
        for (long[] row : m) {
            for (int j = 0; j < outputs; j++) {
                if (random.nextInt(100) >= zeroPercent) {
                    int bits = minBits + random.nextInt(maxBits - minBits + 1);
                    long half = 1L << (bits - 1);
                    long v;
                    do {
                        v = random.nextLong(-half, half);
                    } while (v == 0);
                    row[j] = v;
                }
            }
        }
        long[] lo = new long[inputs];
        long[] hi = new long[inputs];
        Arrays.fill(hi, 255);
        return new CmvmCase(m, lo, hi, seed);
    }

    static void report(String name, CmvmCase c) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        AdderGraph naive = AdderGraph.naive(c.matrix(), c.lo(), c.hi());
        long naiveMs = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
        print(name, "naive", naive, naive, naiveMs);
        CmvmOptions[] options = {CmvmOptions.defaults(), CmvmOptions.defaults().withMaxExtraDepth(2),
            CmvmOptions.defaults().withMaxExtraDepth(1), CmvmOptions.minimumDepth()};
        String[] labels = {"optimize", "extra<=2", "extra<=1", "extra=0"};
        for (int k = 0; k < options.length; k++) {
            start = threads.getCurrentThreadCpuTime();
            AdderGraph g = AdderGraph.optimize(c.matrix(), c.lo(), c.hi(), options[k]);
            long ms = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
            print(name, labels[k], g, naive, ms);
            for (long[] a : c.inputVectors(2)) {
                assertThat(g.evaluate(a)).containsExactly(c.product(a));
            }
            assertThat(g.adderCount()).isLessThan(naive.adderCount());
        }
    }

    private static void print(String name, String label, AdderGraph g, AdderGraph naive, long ms) {
        double saving = 100.0 * (naive.adderCount() - g.adderCount()) / naive.adderCount();
        System.out.printf("%-34s %-12s %8d %6d %7.1f%% %9d%n", name, label, g.adderCount(), g.depth(), saving, ms);
    }
}

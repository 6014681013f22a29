package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cmvm.AdderGraph;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shift-add CMVM on the real kernels of the peer models: every Dense and Conv layer as an integer matrix at the
 * common LSB of its products, with the input codes' ranges from the layer's input types. Prints adders and depth of
 * the optimized graph against the naive one, and checks each graph against the exact product.
 */
class CmvmPeerKernelsTest {

    /** One layer's integer CMVM: y_j = Σ_r m[r][j]·a_r with a_r the code of window element r. */
    private record Problem(String layer, long[][] m, long[] lo, long[] hi) {
    }

    @Test
    void peerKernels() throws IOException {
        List<String[]> rows = new ArrayList<>();
        report(Fixtures.JET, KerasHgqImporter.read(Fixtures.peer(Fixtures.JET)), rows);
        report(Fixtures.MNIST, KerasHgqImporter.read(Fixtures.peer(Fixtures.MNIST)), rows);
        Path heterogeneous = Fixtures.sharedDir().resolve("peers/hgq_mnist_heterogeneous.h5");
        if (Files.exists(heterogeneous)) {
            report("hgq_mnist_heterogeneous.h5", KerasHgqImporter.read(heterogeneous), rows);
        }
        System.out.printf("%-28s %-18s %9s %9s %13s %13s %8s %13s %8s%n", "model", "layer", "shape", "nonzero",
                "naive add/dep", "opt add/dep", "saving", "extra0 add/dep", "cpu ms");
        for (String[] r : rows) {
            System.out.printf("%-28s %-18s %9s %9s %13s %13s %8s %13s %8s%n", (Object[]) r);
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4 + 4);
    }

    private static void report(String file, FirmwareModel model, List<String[]> rows) {
        for (Layer layer : model.layers()) {
            Problem p;
            if (layer instanceof Dense dense) {
                p = problem(layer.name(), dense.kernel(), dense.inputFeatures(), dense.units(),
                        model.inputTypes(layer).get(0), dense.inputFeatures());
            } else if (layer instanceof Conv conv) {
                int window = conv.kernelHeight() * conv.kernelWidth() * conv.inputChannels();
                p = problem(layer.name(), conv.kernel(), window, conv.filters(), model.inputTypes(layer).get(0),
                        conv.inputChannels());
            } else {
                continue;
            }
            AdderGraph naive = AdderGraph.naive(p.m(), p.lo(), p.hi());
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            AdderGraph optimized = AdderGraph.optimize(p.m(), p.lo(), p.hi(), CmvmOptions.defaults());
            long ms = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1_000_000;
            AdderGraph shallow = AdderGraph.optimize(p.m(), p.lo(), p.hi(), CmvmOptions.minimumDepth());
            for (AdderGraph g : List.of(naive, optimized, shallow)) {
                checkProduct(p, g);
            }
            assertThat(optimized.adderCount()).isLessThanOrEqualTo(naive.adderCount());
            assertThat(shallow.depth()).isLessThanOrEqualTo(naive.depth());
            long nonZero = 0;
            for (long[] row : p.m()) {
                for (long v : row) {
                    nonZero += v != 0 ? 1 : 0;
                }
            }
            double saving = naive.adderCount() == 0 ? 0 : 100.0 * (naive.adderCount() - optimized.adderCount())
                    / naive.adderCount();
            rows.add(new String[] {file, p.layer(), p.m().length + "x" + p.m()[0].length, String.valueOf(nonZero),
                naive.adderCount() + "/" + naive.depth(), optimized.adderCount() + "/" + optimized.depth(),
                String.format("%.1f%%", saving), shallow.adderCount() + "/" + shallow.depth(), String.valueOf(ms)});
        }
    }

    /**
     * The kernel as [rows][columns] (row-major flattening of Keras' kernel layout puts the window elements, channel
     * last, in rows) scaled to the finest product LSB. A window row r reads channel r mod channels; its range is that
     * of the widest type the channel has anywhere in the input tensor.
     */
    private static Problem problem(String name, FixedTensor kernel, int rows, int columns, TensorType input,
                                   int channels) {
        FixedType[] channelType = new FixedType[channels];
        for (int c = 0; c < channels; c++) {
            List<FixedType> types = new ArrayList<>();
            for (int e = c; e < input.size(); e += channels) {
                types.add(input.typeAt(e));
            }
            channelType[c] = FixedType.covering(types);
        }
        int lsb = Integer.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            FixedType x = channelType[r % channels];
            for (int j = 0; j < columns; j++) {
                FixedValue w = kernel.get(r * columns + j);
                if (!w.isZero() && !x.isZero()) {
                    lsb = Math.min(lsb, w.type().lsbExponent() + x.lsbExponent());
                }
            }
        }
        long[][] m = new long[rows][columns];
        long[] lo = new long[rows];
        long[] hi = new long[rows];
        for (int r = 0; r < rows; r++) {
            FixedType x = channelType[r % channels];
            if (x.isZero()) {
                continue;
            }
            lo[r] = x.minRaw().longValueExact();
            hi[r] = x.maxRaw().longValueExact();
            for (int j = 0; j < columns; j++) {
                FixedValue w = kernel.get(r * columns + j);
                if (!w.isZero()) {
                    m[r][j] = w.raw().shiftLeft(w.type().lsbExponent() + x.lsbExponent() - lsb).longValueExact();
                }
            }
        }
        return new Problem(name, m, lo, hi);
    }

    private static void checkProduct(Problem p, AdderGraph g) {
        Random random = new Random(p.layer().hashCode());
        for (int t = 0; t < 20; t++) {
            long[] a = new long[p.lo().length];
            for (int r = 0; r < a.length; r++) {
                a[r] = t == 0 ? p.lo()[r] : t == 1 ? p.hi()[r] : p.lo()[r] + random.nextLong(p.hi()[r] - p.lo()[r] + 1);
            }
            BigInteger[] y = g.evaluate(a);
            for (int j = 0; j < y.length; j++) {
                BigInteger expected = BigInteger.ZERO;
                for (int r = 0; r < a.length; r++) {
                    expected = expected.add(BigInteger.valueOf(p.m()[r][j]).multiply(BigInteger.valueOf(a[r])));
                }
                assertThat(y[j]).as("%s output %d", p.layer(), j).isEqualTo(expected);
            }
        }
    }
}

package io.hgq4j.quantizer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The softmax node against an independent double-precision softmax written here: its forward pass, its backward pass
 * (the Jacobian-vector product) against central finite differences of that softmax, its quantizers and its EBOPs.
 */
class SoftmaxNodeTest {

    /** A network of an input of {@code shape} and the softmax "s" over its last axis. */
    private static Network network(int... shape) {
        return new NetworkSpec(List.of(new LayerSpec.InputSpec("x", shape),
                new LayerSpec.ActivationSpec("s", List.of(), Activation.SOFTMAX))).build(QuantizerSettings.HGQ, 1);
    }

    /** The softmax of every row of n values, in double precision, written without the node's code. */
    private static double[] softmax(double[] x, int n) {
        double[] y = new double[x.length];
        for (int row = 0; row < x.length; row += n) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[row + i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                y[row + i] = Math.exp(x[row + i] - max);
                sum += y[row + i];
            }
            for (int i = 0; i < n; i++) {
                y[row + i] /= sum;
            }
        }
        return y;
    }

    /**
     * For batches of rank-3 inputs [batch, rows, n] and a random output gradient g: the forward pass is the double
     * softmax, and the input gradient is ∂(Σ g·y)/∂x by central differences of the double softmax (step 1e-5, error
     * about 1e-10), up to float32 rounding.
     */
    @Property(tries = 40)
    void theBackwardPassIsTheJacobianVectorProduct(@ForAll @IntRange(min = 1, max = 4) int batch,
                                                   @ForAll @IntRange(min = 1, max = 3) int rows,
                                                   @ForAll @IntRange(min = 1, max = 7) int n, @ForAll long seed) {
        Random random = new Random(seed);
        int size = batch * rows * n;
        float[] x = new float[size];
        float[] g = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
            g[i] = (float) random.nextGaussian();
        }
        Node node = network(rows, n).node("s");
        INDArray y = node.forward(List.of(NdCopy.of(x, batch, rows, n)), Pass.TRAIN_FLOAT);
        float[] gradient = NdCopy.floats(node.backward(NdCopy.of(g, batch, rows, n)).get(0));

        double[] xd = new double[size];
        for (int i = 0; i < size; i++) {
            xd[i] = x[i];
        }
        double[] expected = softmax(xd, n);
        float[] forward = NdCopy.floats(y);
        for (int i = 0; i < size; i++) {
            assertThat((double) forward[i]).as("y[%d]", i).isCloseTo(expected[i], within(1e-6));
        }
        double h = 1e-5;
        for (int j = 0; j < size; j++) {
            double[] plus = xd.clone();
            double[] minus = xd.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] yp = softmax(plus, n);
            double[] ym = softmax(minus, n);
            double numeric = 0;
            for (int i = 0; i < size; i++) {
                numeric += g[i] * (yp[i] - ym[i]) / (2 * h);
            }
            assertThat((double) gradient[j]).as("dL/dx[%d]", j).isCloseTo(numeric, within(1e-5 + 1e-5 * Math.abs(numeric)));
        }
    }

    /** With quantizers on, the output is the softmax of the quantized input, rounded to the output's f. */
    @Test
    void theQuantizedPassRoundsInputAndOutputWithOneFEach() {
        Network net = network(4);
        SoftmaxNode node = (SoftmaxNode) net.node("s");
        node.inputQuantizer().f().value().assign(1);   // input steps of 1/2
        node.outputQuantizer().f().value().assign(3);  // output steps of 1/8
        float[] x = {0.3f, -0.8f, 1.2f, 0.0f};
        float[] y = NdCopy.floats(node.forward(List.of(NdCopy.of(x, 1, 4)), Pass.INFER));
        // x̂ = [0.5, −1, 1, 0] (round half up at 1/2: 0.3 → 0.5, −0.8 → −1, 1.2 → 1, 0 → 0).
        double[] p = softmax(new double[] {0.5, -1, 1, 0}, 4);
        for (int i = 0; i < 4; i++) {
            assertThat((double) y[i]).isEqualTo(Math.floor(p[i] * 8 + 0.5) / 8);
        }
        assertThat(node.rowLength()).isEqualTo(4);
        assertThat(node.params()).containsExactly(node.inputQuantizer().f(), node.outputQuantizer().f());
    }

    /**
     * The exported layer's multipliers: rows of 4 → g = max(f, 0) + ceil(log2 7) = f + 3; with f = 3, entries of 7 bits,
     * and 3·4 elements cost 12·7·7 = 588 EBOPs. The gradient reaches the output's f only: 2·12·7/√12 per unit β.
     */
    @Test
    void ebopsCountOneProductOfTwoTableEntriesPerElement() {
        Network net = network(3, 4);
        SoftmaxNode node = (SoftmaxNode) net.node("s");
        node.outputQuantizer().f().value().assign(3);
        assertThat(node.ebops(0)).as("no quantized pass yet").isZero();
        net.forward(NdCopy.of(new float[24], 2, 3, 4), Pass.TRAIN);
        net.params().forEach(Param::clearGradient);
        assertThat(node.ebops(1e-3)).isEqualTo(588);
        assertThat(node.outputQuantizer().f().gradient().getDouble(0)).isCloseTo(1e-3 * 2 * 12 * 7 / Math.sqrt(12), within(1e-7));
        assertThat(node.inputQuantizer().f().gradient().getDouble(0)).isZero();
    }

    @Test
    void theTablePrecisionRule() {
        // g = max(f, 0) + ceil(log2(n + 3)), at most 24.
        assertThat(SoftmaxNode.tableFractionBits(4, 1)).isEqualTo(4 + 2);
        assertThat(SoftmaxNode.tableFractionBits(4, 5)).isEqualTo(4 + 3);
        assertThat(SoftmaxNode.tableFractionBits(4, 6)).isEqualTo(4 + 4);
        assertThat(SoftmaxNode.tableFractionBits(-3, 10)).isEqualTo(4);
        assertThat(SoftmaxNode.tableFractionBits(23, 10)).isEqualTo(24);
    }

    @Test
    void softmaxIsNotElementWise() {
        assertThat(Activation.parse("softmax")).isEqualTo(Activation.SOFTMAX);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Activation.SOFTMAX.apply(0))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NetworkSpec(List.of(
                        new LayerSpec.InputSpec("x", new int[] {3}),
                        new LayerSpec.DenseSpec("d", List.of(), 2, false, Activation.SOFTMAX))).build(QuantizerSettings.HGQ, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its own activation layer");
    }
}

package io.hgq4j.quantizer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The quantizer's forward pass, surrogate gradient and bit widths, on cases worked by hand. */
class BitQuantizerTest {

    private static final double LN2 = Math.log(2);

    @Test
    void perWeightForwardAndSurrogateGradient() {
        BitQuantizer q = new BitQuantizer("w", new long[] {3}, false, BitQuantizer.Granularity.ELEMENT, 0, true);
        q.f().value().assign(Nd4j.createFromArray(1f, 2f, 0f));
        // scales 2, 4, 1: 0.6 -> 1, -1.2 -> -1, 2.5 -> 3 (ties toward +inf), so 0.5, -0.25, 3
        INDArray xhat = q.forward(Nd4j.createFromArray(0.3f, -0.3f, 2.5f), Pass.TRAIN);
        assertThat(xhat.toDoubleVector()).containsExactly(0.5, -0.25, 3.0);
        INDArray gradX = q.backward(Nd4j.createFromArray(1f, 2f, 3f));
        assertThat(gradX.toDoubleVector()).containsExactly(1.0, 2.0, 3.0); // straight through
        // df = -ln2 * g * (xhat - x) = -ln2 * {0.2, 2*0.05, 3*0.5}
        double[] df = q.f().gradient().toDoubleVector();
        assertThat(df[0]).isCloseTo(-LN2 * 0.2, within(1e-6));
        assertThat(df[1]).isCloseTo(-LN2 * 0.1, within(1e-6));
        assertThat(df[2]).isCloseTo(-LN2 * 1.5, within(1e-6));
    }

    @Test
    void fRoundsTiesTowardPlusInfinity() {
        BitQuantizer q = new BitQuantizer("w", new long[] {2}, false, BitQuantizer.Granularity.ELEMENT, 0, true);
        q.f().value().assign(Nd4j.createFromArray(1.5f, -0.5f));
        assertThat(q.roundedBitsPerElement()).containsExactly(2f, 0f);
    }

    @Test
    void activationsShareFAcrossTheBatchAndRecordTheirRange() {
        BitQuantizer q = new BitQuantizer("a", new long[] {2}, true, BitQuantizer.Granularity.ELEMENT, 1, true);
        INDArray x = Nd4j.createFromArray(new float[][] {{0.3f, 1.26f}, {-0.74f, 0f}});
        // scale 2: [[0.6, 2.52], [-1.48, 0]] -> [[1, 3], [-1, 0]] -> [[0.5, 1.5], [-0.5, 0]]
        assertThat(q.forward(x, Pass.TRAIN).reshape(4).toDoubleVector()).containsExactly(0.5, 1.5, -0.5, 0.0);
        assertThat(q.rangeMin()).containsExactly(-0.5f, 0f);
        assertThat(q.rangeMax()).containsExactly(0.5f, 1.5f);
        q.backward(Nd4j.ones(2, 2));
        // element 0: (0.5-0.3) + (-0.5+0.74) = 0.44; element 1: (1.5-1.26) + 0 = 0.24
        double[] df = q.f().gradient().toDoubleVector();
        assertThat(df[0]).isCloseTo(-LN2 * 0.44, within(1e-6));
        assertThat(df[1]).isCloseTo(-LN2 * 0.24, within(1e-6));
    }

    @Test
    void perChannelAndPerLayerGranularitySumTheirGradients() {
        BitQuantizer channel = new BitQuantizer("c", new long[] {2, 2}, false, BitQuantizer.Granularity.CHANNEL, 1, true);
        assertThat(channel.f().value().shape()).containsExactly(2L);
        assertThat(channel.degeneracy()).isEqualTo(2);
        channel.forward(Nd4j.createFromArray(new float[][] {{0.3f, 0.3f}, {0.3f, 0.3f}}), Pass.TRAIN);
        channel.backward(Nd4j.ones(2, 2));
        // every element: xhat 0.5, x 0.3, so -ln2*0.2 each, two per channel
        assertThat(channel.f().gradient().toDoubleVector()).containsExactly(new double[] {-LN2 * 0.4, -LN2 * 0.4}, within(1e-6));
        BitQuantizer layer = new BitQuantizer("l", new long[] {2, 2}, false, BitQuantizer.Granularity.LAYER, 1, true);
        layer.forward(Nd4j.createFromArray(new float[][] {{0.3f, 0.3f}, {0.3f, 0.3f}}), Pass.TRAIN);
        layer.backward(Nd4j.ones(2, 2));
        assertThat(layer.f().gradient().getDouble(0)).isCloseTo(-LN2 * 0.8, within(1e-6));
    }

    @Test
    void frozenQuantizersDoNotLearn() {
        BitQuantizer q = new BitQuantizer("w", new long[] {1}, false, BitQuantizer.Granularity.LAYER, 2, false);
        q.forward(Nd4j.createFromArray(0.3f), Pass.TRAIN);
        q.backward(Nd4j.createFromArray(1f));
        assertThat(q.f().gradient().getDouble(0)).isZero();
    }

    @Test
    void bitWidthsFollowHgq() {
        BitQuantizer a = new BitQuantizer("a", new long[] {3}, true, BitQuantizer.Granularity.ELEMENT, 1, true);
        a.setRange(new float[] {-0.5f, 0f, -3f}, new float[] {0.5f, 1.5f, -1f});
        // e0: i = floor(log2 0.5)+1 = 0, k = 1: 0+1+1 = 2; e1: i = floor(log2 1.5)+1 = 1, k = 0: 2; e2: i = 2, k = 1: 4
        assertThat(new ActivationBits(a, false).bits()).containsExactly(2f, 2f, 4f);
        // after a ReLU: only the positive part: e0: i = 0 -> 1; e1: 2; e2: never positive -> 0
        assertThat(new ActivationBits(a, true).bits()).containsExactly(1f, 2f, 0f);

        BitQuantizer w = new BitQuantizer("w", new long[] {3}, false, BitQuantizer.Granularity.ELEMENT, 0, true);
        w.f().value().assign(Nd4j.createFromArray(3f, 3f, 0f));
        // 0.375 = 0b0.011 at f=3: i = floor(log2 0.375)+1 = -1 -> 2 bits; 0 -> 0; -1 at f=0: i = 1 -> 1 bit
        assertThat(WeightBits.of(w, Nd4j.createFromArray(0.375f, 0f, -1f))).containsExactly(2f, 0f, 1f);
    }

    /** EBOPs = Σ_p a[p]·Σ_q w[p,q] and its gradients, for a 2→2 dense layer worked by hand. */
    @Test
    void denseEbopsAndItsGradient() {
        Network net = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("x", new int[] {2}),
                new LayerSpec.DenseSpec("d", List.of(), 2, false, Activation.LINEAR))).build(QuantizerSettings.HGQ, 1);
        DenseNode dense = (DenseNode) net.node("d");
        dense.kernel().assign(Nd4j.createFromArray(new float[][] {{0.5f, 0f}, {0.75f, -1f}}));
        dense.kernelQuantizer().f().value().assign(Nd4j.createFromArray(new float[][] {{1f, 1f}, {2f, 0f}}));
        net.forward(Nd4j.zeros(1, 2), Pass.TRAIN);
        // input widths: e0 range [-1, 1] at f=2 -> i = 1, k = 1: 4 bits... set explicitly to 2 and 3 bits:
        net.input().quantizer().f().value().assign(Nd4j.createFromArray(0f, 1f));
        net.input().quantizer().setRange(new float[] {-1f, 0f}, new float[] {0.5f, 3f});
        // a0: i = floor(log2 1)+1 = 1, f = 0, k = 1 -> 2; a1: i = floor(log2 3)+1 = 2, f = 1, k = 0 -> 3
        // w: 0.5@f1 -> 1 bit, 0 -> 0, 0.75@f2 -> 2 bits, -1@f0 -> 1 bit. EBOPs = 2*(1+0) + 3*(2+1) = 11
        net.params().forEach(Param::clearGradient);
        assertThat(net.ebops(0.5)).isEqualTo(11);
        // d(beta*EBOPs)/d f_w[p,q] = beta*a[p] where the weight has bits: {1, 0; 1.5, 1.5}
        assertThat(dense.kernelQuantizer().f().gradient().reshape(4).toDoubleVector()).containsExactly(1.0, 0.0, 1.5, 1.5);
        // d/d f_a[p] = beta * Σ_q w[p,q]: {0.5, 1.5}
        assertThat(net.input().quantizer().f().gradient().toDoubleVector()).containsExactly(0.5, 1.5);
    }
}

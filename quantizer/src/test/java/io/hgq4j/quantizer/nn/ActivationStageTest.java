package io.hgq4j.quantizer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The fused activation stage (bias, quantizer, ReLU in one pass) against the same steps taken one by one with the
 * quantizer's own forward and backward: outputs, recorded ranges, ∂L/∂z, ∂L/∂f and the bias sums must agree.
 */
class ActivationStageTest {

    @ParameterizedTest
    @CsvSource({"ELEMENT,true", "ELEMENT,false", "CHANNEL,true", "LAYER,false"})
    void fusedStageEqualsTheStepsOneByOne(BitQuantizer.Granularity granularity, boolean relu) {
        long[] element = {3, 4};
        int batch = 50;
        BitQuantizer fused = new BitQuantizer("fused", element, true, granularity, 2, true);
        BitQuantizer reference = new BitQuantizer("reference", element, true, granularity, 2, true);
        Random random = new Random(3);
        float[] f = new float[(int) fused.f().value().length()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (random.nextDouble() * 6 - 2);
        }
        fused.f().value().assign(NdCopy.of(f, fused.f().value().shape()));
        reference.f().value().assign(NdCopy.of(f, reference.f().value().shape()));
        float[] bias = {0.3f, -0.7f, 0.05f, 1.5f};
        float[] z = new float[batch * 12];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 2);
        }
        INDArray zArray = NdCopy.of(z, batch, 3, 4);
        INDArray gradient = NdCopy.of(randoms(random, z.length), batch, 3, 4);

        ActivationStage stage = new ActivationStage(fused, relu);
        INDArray out = stage.forward(zArray, bias, Pass.TRAIN);
        INDArray gradZ = stage.backward(gradient);

        INDArray withBias = zArray.dup().addi(Nd4j.createFromArray(bias).reshape(1, 1, 4));
        INDArray xhat = reference.forward(withBias, Pass.TRAIN);
        INDArray expectedOut = relu ? Transforms.relu(xhat, true) : xhat;
        INDArray masked = relu ? gradient.mul(xhat.gt(0).castTo(gradient.dataType())) : gradient;
        INDArray expectedGradZ = reference.backward(masked);

        assertThat(signless(NdCopy.floats(out))).containsExactly(signless(NdCopy.floats(expectedOut)));
        assertThat(signless(NdCopy.floats(gradZ))).containsExactly(signless(NdCopy.floats(expectedGradZ)));
        assertThat(fused.rangeMin()).containsExactly(reference.rangeMin());
        assertThat(fused.rangeMax()).containsExactly(reference.rangeMax());
        float[] fusedF = NdCopy.floats(fused.f().gradient());
        float[] referenceF = NdCopy.floats(reference.f().gradient());
        for (int i = 0; i < fusedF.length; i++) {
            assertThat(fusedF[i]).as("df[%d]", i).isCloseTo(referenceF[i],
                    org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(referenceF[i]))));
        }
        float[] sums = stage.channelSums();
        float[] g = NdCopy.floats(expectedGradZ);
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            for (int i = c; i < g.length; i += 4) {
                sum += g[i];
            }
            assertThat((double) sums[c]).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    /** The values with −0 made +0 (a masked gradient is −0 or +0 depending on the order of operations). */
    private static float[] signless(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] + 0f;
        }
        return out;
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}

package io.hgq4j.quantizer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.BitQuantizer;
import io.hgq4j.quantizer.nn.DenseNode;
import io.hgq4j.quantizer.nn.InputNode;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.NdCopy;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.nn.QuantizerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calibration on a case whose ranges are known by hand: x0 ∈ [−3, 5] and x1 ∈ [0, 7.75] at f = 2, then
 * z = 0.5·x0 + 0.25·x1 at f = 2.
 */
class CalibrationTest {

    @Test
    void typesFollowTheRangesSeen() {
        Network network = twoInputs(BitQuantizer.Granularity.ELEMENT);
        DenseNode dense = (DenseNode) network.node("z");
        SampleArray samples = SampleArray.of(new double[] {-3, 0, 1.25, 2, 5, 7.75}, 3, io.hgq4j.model.tensor.Shape.of(2));

        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, samples, 1.0, 2);

        InputNode input = (InputNode) network.node("x");
        // x0: k = 1, i = max(ceil(log2(5 + 1/4)), ceil(log2 3)) = 3, f = 2: 6 bits, 4 of them integer (sign included).
        assertThat(kif(calibrated.types(input.quantizer()).typeAt(0))).containsExactly(1, 3, 2);
        // x1: k = 0, i = ceil(log2(7.75 + 1/4)) = 3, f = 2.
        assertThat(kif(calibrated.types(input.quantizer()).typeAt(1))).containsExactly(0, 3, 2);
        // z takes −1.5, 1.125 → 1.25 and 4.4375 → 4.5 after rounding to quarters: k = 1, i = ceil(log2 4.75) = 3.
        assertThat(kif(calibrated.types(dense.outputQuantizer()).typeAt(0))).containsExactly(1, 3, 2);
        assertThat(calibrated.infer(samples)).containsExactly(-1.5, 1.25, 4.5);
    }

    @Test
    void aSharedRangeGivesTheWholeTensorOneType() {
        Network network = twoInputs(BitQuantizer.Granularity.LAYER);
        SampleArray samples = SampleArray.of(new double[] {-3, 0, 1.25, 2, 5, 7.75}, 3, io.hgq4j.model.tensor.Shape.of(2));

        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, samples, 1.0, 2);

        InputNode input = (InputNode) network.node("x");
        // Both elements take the range [−3, 7.75]: k = 1, i = max(ceil(log2(7.75 + 1/4)), ceil(log2 3)) = 3, f = 2.
        assertThat(kif(calibrated.types(input.quantizer()).typeAt(0))).containsExactly(1, 3, 2);
        assertThat(kif(calibrated.types(input.quantizer()).typeAt(1))).containsExactly(1, 3, 2);
        assertThat(calibrated.infer(samples)).containsExactly(-1.5, 1.25, 4.5);
    }

    private static Network twoInputs(BitQuantizer.Granularity ranges) {
        Network network = new NetworkSpec(List.of(
                new LayerSpec.InputSpec("x", new int[] {2}),
                new LayerSpec.DenseSpec("z", List.of(), 1, false, Activation.LINEAR)))
                .build(QuantizerSettings.uniform(4, 2, ranges), 1);
        ((DenseNode) network.node("z")).kernel().assign(NdCopy.of(new float[] {0.5f, 0.25f}, 2, 1));
        return network;
    }

    @Test
    void aCoverFactorWidensTheRangeAboutItsCentre() {
        Network network = new NetworkSpec(List.of(new LayerSpec.InputSpec("x", new int[] {1})))
                .build(QuantizerSettings.uniform(4, 2), 1);
        SampleArray samples = SampleArray.of(new double[] {1, 3}, 2, io.hgq4j.model.tensor.Shape.of(1));
        InputNode input = (InputNode) network.node("x");
        // [1, 3] is unsigned with i = ceil(log2(3.25)) = 2; widened ×2 about 2 it is [0, 4]: i = ceil(log2 4.25) = 3.
        assertThat(kif(CalibratedNetwork.calibrate(network, samples, 1.0, 2).types(input.quantizer()).typeAt(0)))
                .containsExactly(0, 2, 2);
        assertThat(kif(CalibratedNetwork.calibrate(network, samples, 2.0, 2).types(input.quantizer()).typeAt(0)))
                .containsExactly(0, 3, 2);
    }

    private static int[] kif(FixedType t) {
        return new int[] {t.k(), t.i(), t.f()};
    }
}

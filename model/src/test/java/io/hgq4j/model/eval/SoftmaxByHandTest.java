package io.hgq4j.model.eval;

import static io.hgq4j.model.testing.HandWorkedSoftmax.X;
import static io.hgq4j.model.testing.HandWorkedSoftmax.Y;
import static io.hgq4j.model.testing.HandWorkedSoftmax.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.HandWorkedSoftmax;
import org.junit.jupiter.api.Test;

/**
 * The softmax layer on the tiny cases of {@link HandWorkedSoftmax}, worked out by hand, step by step, from the
 * definition in {@link Softmax}: the calculation is in the comments there and here; the code under test only produces
 * the final codes.
 */
class SoftmaxByHandTest {

    /** Both rows, as worked out in {@link HandWorkedSoftmax#OUTPUT_CODES}. */
    @Test
    void twoRowsOfThree() {
        FirmwareModel model = model(2, 3, Y);
        FixedTensor y = new ReferenceEvaluator(model).evaluate(HandWorkedSoftmax.INPUT);
        assertThat(y.raws()).extracting(Number::longValue).containsExactly(4L, 3L, 1L, 5L, 1L, 1L);
        assertThat(HandWorkedSoftmax.OUTPUT_CODES).containsExactly(4, 3, 1, 5, 1, 1);
        assertThat(y.toDoubles()).containsExactly(0.5, 0.375, 0.125, 0.625, 0.125, 0.125);
    }

    /**
     * D = ufixed<4,2> (codes 0..15 at X's LSB); S for rows of 3: entries 2..8, so 6..24 at LSB 1/8, 5 bits:
     * ufixed<5,2>; for rows of 1: 2..8, ufixed<4,1>; P = E×V = ufixed<8,2>.
     */
    @Test
    void derivedIntermediateTypes() {
        Softmax softmax = (Softmax) model(2, 3, Y).layer("sm");
        assertThat(Softmax.differenceType(X)).isEqualTo(FixedType.unsigned(4, 2));
        assertThat(softmax.sumType(3)).isEqualTo(FixedType.unsigned(5, 2));
        assertThat(softmax.sumType(1)).isEqualTo(FixedType.unsigned(4, 1));
        assertThat(softmax.productType()).isEqualTo(FixedType.unsigned(8, 2));
        assertThat(model(2, 3, Y).outputType("sm")).isEqualTo(TensorType.uniform(Shape.of(2, 3), Y));
    }

    /**
     * A row of one element: d = 0, e = 8 (1.0), S = 8 (1.0), in B code 2, v = INV[2] = 8 (1.0), e·v = 64 = 1.0, which
     * Y cannot hold: SAT gives its largest code 7 (0.875), WRAP the low 3 bits of code 8, i.e. 0.
     */
    @Test
    void theOutputModesApply() {
        double[] x = {-2, 0.25};
        assertThat(new ReferenceEvaluator(model(2, 1, Y)).evaluate(x).toDoubles()).containsExactly(0.875, 0.875);
        FixedType wrapping = Y.withModes(Quantization.RND, Overflow.WRAP);
        assertThat(new ReferenceEvaluator(model(2, 1, wrapping)).evaluate(x).toDoubles()).containsExactly(0.0, 0.0);
    }
}

package io.hgq4j.quantizer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import org.junit.jupiter.api.Test;

/** Calibrated types from known ranges, worked by hand. */
class TypeRulesTest {

    @Test
    void signedRangeNeedsRoomForBothEnds() {
        // values on the 1/4 grid in [-1.25, 2.5]: max needs ceil(log2(2.5 + 0.25)) = 2, min ceil(log2 1.25) = 1 -> i = 2
        assertThat(TypeRules.activation(-1.25, 2.5, 2, 1, false, Quantization.RND))
                .isEqualTo(FixedType.fromKif(1, 2, 2, Quantization.RND, Overflow.WRAP));
        // exactly -2 fits i = 1 signed; 1.75 = 2 - 1/4 fits too
        assertThat(TypeRules.activation(-2, 1.75, 2, 1, false, Quantization.RND))
                .isEqualTo(FixedType.fromKif(1, 1, 2, Quantization.RND, Overflow.WRAP));
    }

    @Test
    void reluTypesAreUnsignedAndPrunedWhenNeverPositive() {
        assertThat(TypeRules.activation(-5, 3, 1, 1, true, Quantization.TRN))
                .isEqualTo(FixedType.fromKif(0, 2, 1, Quantization.TRN, Overflow.WRAP)); // 3 + 0.5 -> i = 2
        assertThat(TypeRules.activation(-5, -1, 1, 1, true, Quantization.TRN)).isEqualTo(FixedType.ZERO);
        assertThat(TypeRules.activation(0, 0, 3, 1, false, Quantization.RND)).isEqualTo(FixedType.ZERO);
    }

    @Test
    void coverFactorWidensAboutTheCentre() {
        // [0, 3] widened by 2 about 1.5: [-1.5, 4.5] -> signed, i = max(ceil(log2 5), ceil(log2 1.5)) = 3
        assertThat(TypeRules.activation(0, 3, 1, 2, false, Quantization.RND))
                .isEqualTo(FixedType.fromKif(1, 3, 1, Quantization.RND, Overflow.WRAP));
    }

    @Test
    void integerBitsNeverGoBelowMinusF() {
        // a tiny range at f = 2: max 0.25 -> ceil(log2 0.5) = -1, which would leave 1 bit; -f-k = -2 allows it
        FixedType t = TypeRules.activation(0, 0.25, 2, 1, false, Quantization.RND);
        assertThat(t).isEqualTo(FixedType.fromKif(0, -1, 2, Quantization.RND, Overflow.WRAP));
        assertThat(t.width()).isEqualTo(1);
    }

    @Test
    void roundingAndConstants() {
        assertThat(TypeRules.round(0.375, 2)).isEqualTo(0.5);    // 1.5 LSBs, a tie, up
        assertThat(TypeRules.round(-0.375, 2)).isEqualTo(-0.25); // -1.5 LSBs, a tie, up
        assertThat(TypeRules.round(0.5 - 0x1p-54, 0)).isEqualTo(0.0); // not floor(y + 1/2) in floating point
        assertThat(TypeRules.constant(0.375, 3).type()).isEqualTo(FixedType.unsigned(2, -1)); // 0b11 at 1/8
        assertThat(TypeRules.constant(-0.5, 3).type()).isEqualTo(FixedType.signed(1, 0));       // -1 at 1/2
        assertThat(TypeRules.ceilLog2(4)).isEqualTo(2);
        assertThat(TypeRules.ceilLog2(4.000001)).isEqualTo(3);
        assertThat(TypeRules.ceilLog2(0.3)).isEqualTo(-1);
    }
}

package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactFloatsTest {

    @Test
    void narrowestTypesByHand() {
        assertThat(ExactFloats.exact(0.375).toString()).isEqualTo("0.375 ufixed<2,-1>");      // 3·2^-3
        assertThat(ExactFloats.exact(-0.5).toString()).isEqualTo("-0.5 fixed<1,0>");          // -1·2^-1
        assertThat(ExactFloats.exact(-0.375).toString()).isEqualTo("-0.375 fixed<3,0>");      // -3·2^-3
        assertThat(ExactFloats.exact(1).toString()).isEqualTo("1 ufixed<1,1>");
        assertThat(ExactFloats.exact(12).toString()).isEqualTo("12 ufixed<2,4>");             // 3·2^2
        assertThat(ExactFloats.exact(-4).toString()).isEqualTo("-4 fixed<1,3>");
        assertThat(ExactFloats.exact(0.0).type()).isEqualTo(FixedType.ZERO);
        assertThat(ExactFloats.exact(-0.0).type()).isEqualTo(FixedType.ZERO);
        assertThat(ExactFloats.exact(Double.MIN_VALUE).toString()).startsWith("0.").endsWith(" ufixed<1,-1073>");
        assertThat(ExactFloats.exact(-Math.nextUp(1.0)).type()).isEqualTo(FixedType.signed(54, 2));   // -(2^52+1)·2^-52
    }

    @Test
    void everyFloatIsExactAndNarrowest() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f) || f == 0) {
                continue;
            }
            FixedValue v = ExactFloats.exact(f);
            assertThat(v.toBigDecimal()).isEqualByComparingTo(new BigDecimal(f));
            assertThat(v.raw().testBit(0)).as("odd code for %s", f).isTrue();                  // no trailing zero bit
            FixedType t = v.type();
            assertThat(t.signed()).isEqualTo(f < 0);
            FixedType narrower = new FixedType(t.width() - 1, t.intBits() - 1, t.signed(), t.quantization(), t.overflow());
            assertThat(narrower.holdsRaw(v.raw())).as("narrower type for %s", f).isFalse();
            assertThat(t.width()).isLessThanOrEqualTo(25);
        }
    }

    @Test
    void nonFiniteValuesAreRejected() {
        assertThatThrownBy(() -> ExactFloats.exact(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NaN has no fixed-point value");
        assertThatThrownBy(() -> ExactFloats.exact(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.hgq4j.model.fixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of {@code ap_fixed} semantics, checked against the vendor headers by hand
 * (tables of {@code shared/research/codegen.md} §1.2–§1.4). Expected values are written as decimals.
 */
class VendorExamplesTest {

    /** Target ap_fixed&lt;4,2,Q&gt; (LSB 0.25): one column per quantization mode. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        //   x,     TRN, TRN_ZERO,  RND, RND_ZERO, RND_MIN_INF, RND_INF, RND_CONV
        "0.125,       0,        0, 0.25,        0,           0,    0.25,        0",
        "-0.125,  -0.25,        0,    0,        0,       -0.25,   -0.25,        0",
        "0.375,    0.25,     0.25,  0.5,     0.25,        0.25,     0.5,      0.5",
        "-0.375,   -0.5,    -0.25, -0.25,   -0.25,        -0.5,    -0.5,     -0.5",
        "0.2,         0,        0, 0.25,     0.25,        0.25,    0.25,     0.25",
        "-0.2,    -0.25,        0, -0.25,   -0.25,       -0.25,   -0.25,    -0.25",
        "-0.1,    -0.25,        0,    0,        0,           0,       0,        0",
    })
    void quantizationModes(double x, String trn, String trnZero, String rnd, String rndZero, String rndMinInf,
                           String rndInf, String rndConv) {
        String[] expected = {trn, trnZero, rnd, rndZero, rndMinInf, rndInf, rndConv};
        for (Quantization q : Quantization.values()) {
            FixedType type = new FixedType(4, 2, true, q, Overflow.WRAP);
            assertThat(FixedValue.fromDouble(x, type).toBigDecimal())
                    .as("%s(%s)", type, x)
                    .isEqualByComparingTo(new BigDecimal(expected[q.ordinal()]));
        }
    }

    /** Target ap_fixed&lt;4,2,AP_TRN,O&gt; (range [-2, 1.75]). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        //  y,   WRAP,  SAT, SAT_ZERO, SAT_SYM
        "1.75,   1.75, 1.75,     1.75,    1.75",
        "1.9,    1.75, 1.75,     1.75,    1.75",
        "2.0,    -2.0, 1.75,        0,    1.75",
        "2.5,    -1.5, 1.75,        0,    1.75",
        "3.0,    -1.0, 1.75,        0,    1.75",
        "5.0,     1.0, 1.75,        0,    1.75",
        "-2.0,   -2.0, -2.0,     -2.0,   -1.75",
        "-2.25,  1.75, -2.0,        0,   -1.75",
        "-3.0,    1.0, -2.0,        0,   -1.75",
    })
    void overflowModes(double y, String wrap, String sat, String satZero, String satSym) {
        String[] expected = {wrap, sat, satZero, satSym};
        for (Overflow o : Overflow.values()) {
            FixedType type = new FixedType(4, 2, true, Quantization.TRN, o);
            assertThat(FixedValue.fromDouble(y, type).toBigDecimal())
                    .as("%s(%s)", type, y)
                    .isEqualByComparingTo(new BigDecimal(expected[o.ordinal()]));
        }
    }

    @Test
    void roundingCarryIsHandledAfterQuantization() {
        assertThat(value(3.5, new FixedType(3, 3, true, Quantization.RND, Overflow.WRAP))).isEqualTo("-4");
        assertThat(value(7.5, new FixedType(3, 3, false, Quantization.RND, Overflow.SAT))).isEqualTo("7");
        assertThat(value(1.9, new FixedType(4, 2, true, Quantization.RND, Overflow.SAT))).isEqualTo("1.75");
    }

    @Test
    void unsignedTargets() {
        FixedType wrap = FixedType.unsigned(4, 2);
        FixedType sat = wrap.withModes(Quantization.TRN, Overflow.SAT);
        FixedType satSym = wrap.withModes(Quantization.TRN, Overflow.SAT_SYM);
        assertThat(value(-0.25, wrap)).isEqualTo("3.75");
        assertThat(value(-0.25, sat)).isEqualTo("0");
        assertThat(value(-0.25, satSym)).isEqualTo("0");
        assertThat(value(4.0, wrap)).isEqualTo("0");
        assertThat(value(4.0, sat)).isEqualTo("3.75");
        assertThat(value(5.5, wrap)).isEqualTo("1.5");
    }

    @Test
    void integerBitsMayBeNegativeOrExceedTheWidth() {
        FixedType tiny = FixedType.signed(4, -2);
        assertThat(tiny.lsbExponent()).isEqualTo(-6);
        assertThat(FixedValue.ofRaw(tiny, tiny.minRaw()).toBigDecimal()).isEqualByComparingTo("-0.125");
        assertThat(FixedValue.ofRaw(tiny, tiny.maxRaw()).toBigDecimal()).isEqualByComparingTo("0.109375");
        FixedType coarse = FixedType.signed(4, 6);
        assertThat(FixedValue.ofRaw(coarse, coarse.minRaw()).toBigDecimal()).isEqualByComparingTo("-32");
        assertThat(FixedValue.ofRaw(coarse, coarse.maxRaw()).toBigDecimal()).isEqualByComparingTo("28");
    }

    /** A signed SAT_SYM target of two or more bits clamps to [-max, max], even for a value that is exactly its minimum. */
    @Test
    void satSymNeverYieldsTheMostNegativeCode() {
        FixedType satSym = new FixedType(4, 2, true, Quantization.TRN, Overflow.SAT_SYM);
        FixedValue minusTwo = FixedValue.fromDouble(-2.0, FixedType.signed(4, 2));
        assertThat(minusTwo.castTo(satSym).toBigDecimal()).isEqualByComparingTo("-1.75");
        assertThat(FixedValue.fromDouble(-2.0, FixedType.signed(8, 8)).castTo(satSym).toBigDecimal())
                .isEqualByComparingTo("-1.75");
        assertThat(minusTwo.castTo(new FixedType(6, 2, true, Quantization.TRN, Overflow.SAT_SYM)).toBigDecimal())
                .isEqualByComparingTo("-1.9375");
        assertThat(FixedValue.fromDouble(-4.0, FixedType.signed(5, 3))
                .castTo(new FixedType(6, 3, true, Quantization.TRN, Overflow.SAT_SYM)).toBigDecimal())
                .isEqualByComparingTo("-3.875");
    }

    /** A 1-bit signed SAT_SYM target (codes -1 and 0) behaves like SAT: its only negative code stays reachable. */
    @Test
    void oneBitSatSymBehavesLikeSat() {
        FixedType oneBit = new FixedType(1, 3, true, Quantization.TRN, Overflow.SAT_SYM);
        assertThat(FixedValue.fromDouble(-0.25, FixedType.signed(4, 2)).castTo(oneBit).toBigDecimal())
                .isEqualByComparingTo("-4");
        FixedType unit = new FixedType(1, 1, true, Quantization.TRN, Overflow.SAT_SYM);
        assertThat(FixedValue.fromDouble(-1.0, unit).raw()).isEqualTo(-1);
        assertThat(FixedValue.fromDouble(-5.0, unit).raw()).isEqualTo(-1);
        assertThat(FixedValue.fromDouble(0.75, unit).raw()).isZero();
    }

    /** Result types of the vendor's RType, for a few mixes of signedness and integer bits. */
    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource({
        "'fixed<8,3>',  *, 'fixed<6,2>',  'fixed<14,5>'",
        "'fixed<8,3>',  +, 'fixed<6,2>',  'fixed<9,4>'",
        "'fixed<8,3>',  +, 'ufixed<5,1>', 'fixed<9,4>'",
        "'ufixed<5,1>', +, 'ufixed<7,4>', 'ufixed<9,5>'",
        "'ufixed<5,1>', -, 'ufixed<7,4>', 'fixed<9,5>'",
        "'fixed<8,3>',  *, 'ufixed<5,1>', 'fixed<13,4>'",
        "'fixed<8,3>',  +, 'fixed<10,-2>', 'fixed<16,4>'",
        "'fixed<6,9>',  +, 'fixed<10,-2>', 'fixed<22,10>'",
    })
    void resultTypes(String a, char op, String b, String expected) {
        FixedType x = FixedType.parse(a);
        FixedType y = FixedType.parse(b);
        FixedType result = switch (op) {
            case '*' -> FixedType.productType(x, y);
            case '+' -> FixedType.sumType(x, y);
            default -> FixedType.differenceType(x, y);
        };
        assertThat(result).isEqualTo(FixedType.parse(expected));
    }

    @Test
    void negationIsOneBitWider() {
        FixedValue x = FixedValue.fromDouble(1.5, FixedType.unsigned(5, 1));
        FixedValue negated = x.negate();
        assertThat(negated.type()).isEqualTo(FixedType.signed(6, 2));
        assertThat(negated.toBigDecimal()).isEqualByComparingTo("-1.5");
        FixedValue min = FixedValue.ofRaw(FixedType.signed(4, 2), -8);
        assertThat(min.negate().toBigDecimal()).isEqualByComparingTo("2");
    }

    @Test
    void nonFiniteDoublesHaveNoFixedPointValue() {
        FixedType type = FixedType.signed(8, 3);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> FixedValue.fromDouble(bad, type))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a finite number");
        }
    }

    @Test
    void limitsFailWithTheirNumbers() {
        assertThatThrownBy(() -> FixedType.signed(FixedType.MAX_WIDTH + 1, 0))
                .hasMessageContaining("1025").hasMessageContaining("0.." + FixedType.MAX_WIDTH);
        FixedType wide = FixedType.signed(600, 10);
        assertThatThrownBy(() -> FixedType.productType(wide, wide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1200 bits");
        assertThatThrownBy(() -> FixedValue.ofRaw(FixedType.signed(4, 2), 8))
                .hasMessageContaining("not representable in fixed<4,2>");
    }

    @Test
    void typeNotationRoundTrips() {
        for (String text : new String[] {"fixed<8,3>", "ufixed<6,0>", "fixed<8,3,RND,SAT>", "ufixed<4,-2,RND_CONV>",
                                         "fixed<1,1,TRN,SAT_SYM>", "ufixed<0,0>"}) {
            assertThat(FixedType.parse(text)).hasToString(text);
        }
        assertThat(FixedType.parse("fixed<8,3,AP_RND,AP_SAT>")).isEqualTo(FixedType.parse("fixed<8,3,RND,SAT>"));
        assertThat(FixedType.parse("fixed<8,3,RND,SAT>").toVendorString()).isEqualTo("ap_fixed<8,3,AP_RND,AP_SAT>");
        assertThatThrownBy(() -> FixedType.parse("fixed<8>")).hasMessageContaining("expected e.g. fixed<8,3>");
        assertThatThrownBy(() -> FixedType.parse("fixed<8,3,ROUND>")).hasMessageContaining("unknown quantization mode 'ROUND'");
    }

    @Test
    void hgqKifView() {
        FixedType t = FixedType.fromKif(1, 2, 5);
        assertThat(t).isEqualTo(FixedType.signed(8, 3));
        assertThat(new int[] {t.k(), t.i(), t.f()}).containsExactly(1, 2, 5);
        assertThat(FixedType.fromKif(0, 3, -1)).isEqualTo(FixedType.unsigned(2, 3));
        assertThat(FixedType.fromKif(1, -1, 0)).isEqualTo(FixedType.ZERO);
    }

    private static String value(double x, FixedType type) {
        return FixedValue.fromDouble(x, type).toBigDecimal().stripTrailingZeros().toPlainString();
    }
}

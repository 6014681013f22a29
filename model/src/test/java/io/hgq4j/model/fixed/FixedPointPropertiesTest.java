package io.hgq4j.model.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Algebraic properties of the fixed-point core, each checked against exact decimal arithmetic
 * ({@link BigDecimal}) rather than against the code under test.
 */
class FixedPointPropertiesTest {

    @Property
    void productsSumsAndDifferencesAreExact(@ForAll("pairs") Tuple2<FixedValue, FixedValue> pair) {
        FixedValue a = pair.get1();
        FixedValue b = pair.get2();
        assertExact(a.multiply(b), a.toBigDecimal().multiply(b.toBigDecimal()));
        assertExact(a.add(b), a.toBigDecimal().add(b.toBigDecimal()));
        assertExact(a.subtract(b), a.toBigDecimal().subtract(b.toBigDecimal()));
        assertExact(a.negate(), a.toBigDecimal().negate());
    }

    /** A result is exact and, more strongly, a valid code of its own (never overflowing) result type. */
    private static void assertExact(FixedValue result, BigDecimal expected) {
        assertThat(result.type().holdsRaw(result.raw())).as("%s holds its code", result).isTrue();
        assertThat(result.toBigDecimal()).isEqualByComparingTo(expected);
    }

    @Property
    void comparisonAgreesWithExactValues(@ForAll("pairs") Tuple2<FixedValue, FixedValue> pair) {
        int expected = pair.get1().toBigDecimal().compareTo(pair.get2().toBigDecimal());
        assertThat(Integer.signum(pair.get1().compareTo(pair.get2()))).isEqualTo(expected);
    }

    /** Converting into a type that holds every value of the source, and back, changes nothing, in any mode. */
    @Property
    void wideningRoundTripsExactly(@ForAll("values") FixedValue v, @ForAll("extraBits") Tuple2<Integer, Integer> extra,
                                   @ForAll Quantization q, @ForAll Overflow o) {
        FixedType t = v.type();
        // At least one more integer bit, so that the source's minimum is not the SAT_SYM target's excluded minimum.
        FixedType wider = new FixedType(t.width() + 1 + extra.get1() + extra.get2(), t.intBits() + 1 + extra.get1(), true, q, o);
        FixedValue widened = v.castTo(wider);
        assertThat(widened.valueEquals(v)).as("%s -> %s", v, widened).isTrue();
        assertThat(widened.castTo(t).raw()).isEqualTo(expectedRoundTrip(v));
    }

    /**
     * The code itself, except that a signed SAT_SYM type of two or more bits never yields its own most negative code
     * and gives the symmetric minimum instead.
     */
    private static BigInteger expectedRoundTrip(FixedValue v) {
        FixedType t = v.type();
        boolean excludedMinimum = t.overflow() == Overflow.SAT_SYM && t.signed() && t.width() > 1 && v.raw().equals(t.minRaw());
        return excludedMinimum ? v.raw().add(BigInteger.ONE) : v.raw();
    }

    @Property
    void doublesRoundTripForWidthsUpTo53(@ForAll("narrowValues") FixedValue v) {
        assertThat(FixedValue.fromDouble(v.toDouble(), v.type()).raw()).isEqualTo(expectedRoundTrip(v));
        assertThat(new BigDecimal(v.toDouble())).isEqualByComparingTo(v.toBigDecimal());
    }

    /** Rounding alone (no overflow possible) moves a value by less than one LSB, in the mode's direction. */
    @Property
    void quantizationErrorIsBoundedByTheMode(@ForAll("values") FixedValue v, @ForAll("droppedBits") int dropped,
                                             @ForAll Quantization q) {
        FixedType t = v.type();
        // Room for the integer part, a rounding carry and a sign; `dropped` fewer fractional bits: only rounding happens.
        int intBits = t.intBits() + 1 + (t.signed() ? 0 : 1);
        int width = intBits + t.fracBits() - dropped;
        Assume.that(width >= 1);
        FixedType coarser = new FixedType(width, intBits, true, q, Overflow.WRAP);
        BigDecimal x = v.toBigDecimal();
        BigDecimal y = v.castTo(coarser).toBigDecimal();
        BigDecimal lsb = pow2(coarser.lsbExponent());
        BigDecimal error = y.subtract(x);
        assertThat(error.abs()).isLessThan(lsb);
        BigDecimal nearest = x.divide(lsb).setScale(0, RoundingMode.FLOOR).multiply(lsb);
        switch (q) {
            case TRN -> assertThat(y).isEqualByComparingTo(nearest);
            case TRN_ZERO -> assertThat(y.abs()).isLessThanOrEqualTo(x.abs());
            default -> assertThat(error.abs().multiply(BigDecimal.valueOf(2))).isLessThanOrEqualTo(lsb);
        }
        BigDecimal scaled = x.divide(lsb);
        if (q == Quantization.RND_CONV && scaled.remainder(BigDecimal.ONE).abs().compareTo(new BigDecimal("0.5")) == 0) {
            assertThat(y.divide(lsb).toBigIntegerExact().testBit(0)).as("ties go to even").isFalse();
        }
    }

    /** Saturating conversions are monotone and stay within the target range. */
    @Property
    void saturationIsMonotoneAndBounded(@ForAll("pairs") Tuple2<FixedValue, FixedValue> pair, @ForAll("targets") FixedType target) {
        FixedType sat = target.withModes(target.quantization(), Overflow.SAT);
        FixedValue lo = pair.get1().compareTo(pair.get2()) <= 0 ? pair.get1() : pair.get2();
        FixedValue hi = lo == pair.get1() ? pair.get2() : pair.get1();
        FixedValue a = lo.castTo(sat);
        FixedValue b = hi.castTo(sat);
        assertThat(a.compareTo(b)).isLessThanOrEqualTo(0);
        for (FixedValue r : new FixedValue[] {a, b}) {
            assertThat(sat.holdsRaw(r.raw())).isTrue();
        }
    }

    /** WRAP keeps the low W bits of the rounded code: the same as rounding into a huge type, then reducing mod 2^W. */
    @Property
    void wrapIsModuloArithmetic(@ForAll("values") FixedValue v, @ForAll("targets") FixedType target) {
        FixedType wrap = target.withModes(target.quantization(), Overflow.WRAP);
        FixedType huge = new FixedType(Math.min(FixedType.MAX_WIDTH, 200), wrap.lsbExponent() + 200, true,
                wrap.quantization(), Overflow.WRAP);
        BigInteger rounded = v.castTo(huge).raw();
        BigInteger modulus = BigInteger.ONE.shiftLeft(wrap.width());
        BigInteger wrapped = v.castTo(wrap).raw();
        assertThat(wrapped.subtract(rounded).mod(modulus)).isEqualTo(BigInteger.ZERO);
        assertThat(wrap.holdsRaw(wrapped)).isTrue();
    }

    /** SAT, SAT_ZERO and SAT_SYM agree with the rounded value whenever it fits, and otherwise give their bound. */
    @Property
    void saturatingModesOnlyActOnOverflow(@ForAll("values") FixedValue v, @ForAll("targets") FixedType target) {
        FixedType huge = new FixedType(200, target.lsbExponent() + 200, true, target.quantization(), Overflow.WRAP);
        BigInteger rounded = v.castTo(huge).raw();
        boolean fits = target.holdsRaw(rounded);
        BigInteger sat = v.castTo(target.withModes(target.quantization(), Overflow.SAT)).raw();
        BigInteger satZero = v.castTo(target.withModes(target.quantization(), Overflow.SAT_ZERO)).raw();
        BigInteger satSym = v.castTo(target.withModes(target.quantization(), Overflow.SAT_SYM)).raw();
        if (fits) {
            assertThat(sat).isEqualTo(rounded);
            assertThat(satZero).isEqualTo(rounded);
            boolean symmetricMinimum = target.signed() && target.width() > 1 && rounded.equals(target.minRaw());
            if (!symmetricMinimum) {
                assertThat(satSym).isEqualTo(rounded);
            }
        } else {
            BigInteger bound = rounded.signum() > 0 ? target.maxRaw() : target.minRaw();
            assertThat(sat).isEqualTo(bound);
            assertThat(satZero).isZero();
            if (rounded.signum() > 0 || !target.signed() || target.width() == 1) {
                assertThat(satSym).isEqualTo(bound);
            } else {
                assertThat(satSym).isEqualTo(target.minRaw().add(BigInteger.ONE));
            }
        }
    }

    @Provide
    Arbitrary<FixedValue> values() {
        return FixedArbitraries.values(70);
    }

    @Provide
    Arbitrary<FixedValue> narrowValues() {
        return FixedArbitraries.values(53);
    }

    @Provide
    Arbitrary<FixedType> targets() {
        return FixedArbitraries.types(40);
    }

    @Provide
    Arbitrary<Tuple2<FixedValue, FixedValue>> pairs() {
        return Combinators.combine(FixedArbitraries.values(70), FixedArbitraries.values(70)).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple2<Integer, Integer>> extraBits() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 8)).as(Tuple::of);
    }

    @Provide
    Arbitrary<Integer> droppedBits() {
        return Arbitraries.integers().between(1, 12);
    }

    private static BigDecimal pow2(int exponent) {
        return exponent >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(exponent))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent)));
    }
}

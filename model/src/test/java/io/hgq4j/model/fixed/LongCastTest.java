package io.hgq4j.model.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link LongCast} must agree with {@link FixedCast}, the definition, on every code and every double. */
class LongCastTest {

    @Property(tries = 5000)
    void codesConvertExactlyAsFixedCastDoes(@ForAll("sources") FixedValue v, @ForAll("targets") FixedType target) {
        long[] counts = new long[1];
        long fast = LongCast.into(target).convert(v.raw().longValueExact(), v.type().lsbExponent(), counts, 0);
        BigInteger exact = FixedCast.convert(v.raw(), v.type(), target);
        assertThat(BigInteger.valueOf(fast)).as("%s -> %s", v, target).isEqualTo(exact);
        assertThat(counts[0]).isEqualTo(overflowed(v, target) ? 1 : 0);
    }

    @Property(tries = 5000)
    void doublesConvertExactlyAsFixedCastDoes(@ForAll("doubles") double x, @ForAll("targets") FixedType target) {
        long fast = LongCast.into(target).fromDouble(x);
        assertThat(BigInteger.valueOf(fast)).as("%s -> %s", x, target).isEqualTo(FixedCast.fromDouble(x, target));
    }

    /** Sources far finer or coarser than the target, including full 64-bit codes. */
    @Property(tries = 3000)
    void extremeShifts(@ForAll long raw, @ForAll @IntRange(min = -140, max = 140) int sourceExponent,
                       @ForAll("targets") FixedType target) {
        FixedType source = FixedType.signed(64, sourceExponent + 64);
        long fast = LongCast.into(target).convert(raw, source.lsbExponent());
        assertThat(BigInteger.valueOf(fast)).isEqualTo(FixedCast.convert(BigInteger.valueOf(raw), source, target));
    }

    @Test
    void conformanceVectorsAgreeToo() {
        // The conformance suite runs FixedCast on all vendor vectors; spot-check the 1-bit SAT_SYM rule here.
        FixedType oneBit = new FixedType(1, 3, true, Quantization.TRN, Overflow.SAT_SYM);
        assertThat(LongCast.into(oneBit).convert(-1, -2)).isEqualTo(-1);
        FixedType satSym = new FixedType(4, 2, true, Quantization.TRN, Overflow.SAT_SYM);
        assertThat(LongCast.into(satSym).fromDouble(-2.0)).isEqualTo(-7);
        assertThat(LongCast.into(FixedType.ZERO).fromDouble(3.5)).isZero();
    }

    /** Whether the overflow mode had to act: the rounded value (rounding into a huge type) does not fit. */
    private static boolean overflowed(FixedValue v, FixedType target) {
        if (target.isZero() || v.isZero()) {
            return false;
        }
        FixedType huge = new FixedType(400, target.lsbExponent() + 400, true, target.quantization(), Overflow.WRAP);
        BigInteger rounded = v.castTo(huge).raw();
        boolean symmetric = target.overflow() == Overflow.SAT_SYM && target.signed() && target.width() > 1;
        BigInteger min = symmetric ? target.maxRaw().negate() : target.minRaw();
        return rounded.compareTo(min) < 0 || rounded.compareTo(target.maxRaw()) > 0;
    }

    @Provide
    Arbitrary<FixedValue> sources() {
        return FixedArbitraries.values(63).filter(v -> v.type().width() <= 64);
    }

    @Provide
    Arbitrary<FixedType> targets() {
        return FixedArbitraries.types(LongCast.MAX_WIDTH);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(-64, 64).ofScale(6),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                        0.5, -0.5, 1.5, -2.5, 0x1p-1022, 0x1.fffffffffffffp-1023));
    }
}

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

    /** Exact ties (k + 1/2 LSBs of the target) and their neighbours, where rounding modes differ. */
    @Property(tries = 5000)
    void tiesAndNearTiesConvertExactlyAsFixedCastDoes(@ForAll("targets") FixedType target,
                                                      @ForAll @IntRange(min = -5000, max = 5000) int k,
                                                      @ForAll @IntRange(min = -2, max = 2) int nudge) {
        double tie = Math.scalb(k + 0.5, target.lsbExponent());
        double x = nudge == 0 ? tie : nudge > 0 ? Math.nextUp(tie) : Math.nextDown(tie);
        assertThat(BigInteger.valueOf(LongCast.into(target).fromDouble(x)))
                .as("%s -> %s", x, target).isEqualTo(FixedCast.fromDouble(x, target));
    }

    /** Sources far finer or coarser than the target, including full 64-bit codes. */
    @Property(tries = 3000)
    void extremeShifts(@ForAll long raw, @ForAll @IntRange(min = -140, max = 140) int sourceExponent,
                       @ForAll("targets") FixedType target) {
        FixedType source = FixedType.signed(64, sourceExponent + 64);
        long fast = LongCast.into(target).convert(raw, source.lsbExponent());
        assertThat(BigInteger.valueOf(fast)).isEqualTo(FixedCast.convert(BigInteger.valueOf(raw), source, target));
    }

    /** The batched kernel equals element-wise conversion, including the overflow count. */
    @Property(tries = 3000)
    void batchedConversionEqualsElementWise(@ForAll("sources") FixedValue first, @ForAll("targets") FixedType target,
                                            @ForAll long seed) {
        FixedType source = first.type();
        java.util.Random random = new java.util.Random(seed);
        int n = 1 + random.nextInt(20);
        long[] codes = new long[2 * n + 3];
        int[] elements = new int[n];
        long[] expected = new long[n];
        long[] expectedCounts = new long[2];
        LongCast cast = LongCast.into(target);
        for (int k = 0; k < n; k++) {
            elements[k] = k;
            BigInteger span = source.maxRaw().subtract(source.minRaw()).add(BigInteger.ONE);
            long raw = source.minRaw().add(new BigInteger(span.bitLength() + 8, random).mod(span)).longValueExact();
            codes[3 + k] = k == 0 ? first.raw().longValueExact() : raw;
            expected[k] = cast.convert(codes[3 + k], source.lsbExponent(), expectedCounts, 1);
        }
        long[] counts = new long[2];
        cast.convertAll(codes, 3, 3 + n, elements, source.lsbExponent(), counts, 1);
        assertThat(java.util.Arrays.copyOfRange(codes, 3 + n, 3 + 2 * n)).containsExactly(expected);
        assertThat(counts).containsExactly(expectedCounts);
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
        return FixedArbitraries.values(62);
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

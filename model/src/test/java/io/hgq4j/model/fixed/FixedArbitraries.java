package io.hgq4j.model.fixed;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of fixed-point types and values for property tests. */
public final class FixedArbitraries {

    private FixedArbitraries() {
    }

    /** Types of width 1..{@code maxWidth}, integer bits −24..40, any sign and modes. */
    public static Arbitrary<FixedType> types(int maxWidth) {
        return Combinators.combine(
                        Arbitraries.integers().between(1, maxWidth).edgeCases(c -> c.includeOnly(1, 2, maxWidth)),
                        Arbitraries.integers().between(-24, 40),
                        Arbitraries.of(true, false),
                        Arbitraries.of(Quantization.class),
                        Arbitraries.of(Overflow.class))
                .as(FixedType::new);
    }

    /** Values of {@code type}, covering its extreme codes. */
    public static Arbitrary<FixedValue> values(FixedType type) {
        return Arbitraries.bigIntegers()
                .between(type.minRaw(), type.maxRaw())
                .edgeCases(c -> c.includeOnly(type.minRaw(), type.maxRaw(), BigInteger.ZERO))
                .map(raw -> FixedValue.ofRaw(type, raw));
    }

    /** Values of random types of width 1..{@code maxWidth}. */
    public static Arbitrary<FixedValue> values(int maxWidth) {
        return types(maxWidth).flatMap(FixedArbitraries::values);
    }
}

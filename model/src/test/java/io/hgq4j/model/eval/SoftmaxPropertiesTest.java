package io.hgq4j.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties that follow from the definition of {@link Softmax} whatever its tables hold: only differences to the row
 * maximum matter, rows are independent and permutable, and every intermediate fits its derived type (the reference
 * evaluator checks each one and would throw).
 */
class SoftmaxPropertiesTest {

    /** An input type and a row of codes of it. */
    record Row(FixedType type, long[] codes) {
    }

    @Provide
    Arbitrary<Row> rows() {
        Arbitrary<FixedType> types = Combinators.combine(Arbitraries.integers().between(1, 14),
                Arbitraries.integers().between(-6, 10), Arbitraries.of(true, false)).as(FixedType::of);
        return types.flatMap(t -> Arbitraries.longs().between(t.minRaw().longValueExact(), t.maxRaw().longValueExact())
                .edgeCases(c -> c.includeOnly(t.minRaw().longValueExact(), t.maxRaw().longValueExact()))
                .array(long[].class).ofMinSize(1).ofMaxSize(9)
                .map(codes -> new Row(t, codes)));
    }

    /** Adding one constant to every element of a row (staying in range) changes no output code. */
    @Property
    void onlyDifferencesToTheMaximumMatter(@ForAll("rows") Row row, @ForAll @IntRange(min = -300, max = 300) int shift,
                                           @ForAll long tables) {
        long[] shifted = row.codes().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += shift;
            Assume.that(row.type().holdsRaw(BigInteger.valueOf(shifted[i])));
        }
        FirmwareModel model = model(row.type(), 1, row.codes().length, tables);
        assertThat(evaluate(model, row.type(), shifted)).containsExactly(evaluate(model, row.type(), row.codes()));
    }

    /** Permuting a row permutes its outputs the same way. */
    @Property
    void outputsFollowTheirElements(@ForAll("rows") Row row, @ForAll long order, @ForAll long tables) {
        int n = row.codes().length;
        List<Integer> permutation = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            permutation.add(i);
        }
        Collections.shuffle(permutation, new Random(order));
        long[] permuted = new long[n];
        for (int i = 0; i < n; i++) {
            permuted[i] = row.codes()[permutation.get(i)];
        }
        FirmwareModel model = model(row.type(), 1, n, tables);
        long[] y = evaluate(model, row.type(), row.codes());
        long[] yPermuted = evaluate(model, row.type(), permuted);
        for (int i = 0; i < n; i++) {
            assertThat(yPermuted[i]).isEqualTo(y[permutation.get(i)]);
        }
    }

    /** A tensor of several rows gives, row by row, what each row gives alone. */
    @Property
    void rowsAreIndependent(@ForAll("rows") Row first, @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int more,
                            @ForAll long tables) {
        int n = first.codes().length;
        Random random = new Random(seed);
        long[] all = new long[n * (1 + more)];
        System.arraycopy(first.codes(), 0, all, 0, n);
        long span = first.type().maxRaw().longValueExact() - first.type().minRaw().longValueExact() + 1;
        for (int i = n; i < all.length; i++) {
            all[i] = first.type().minRaw().longValueExact() + Math.floorMod(random.nextLong(), span);
        }
        long[] together = evaluate(model(first.type(), 1 + more, n, tables), first.type(), all);
        FirmwareModel single = model(first.type(), 1, n, tables);
        for (int r = 0; r <= more; r++) {
            long[] alone = evaluate(single, first.type(), java.util.Arrays.copyOfRange(all, r * n, (r + 1) * n));
            assertThat(java.util.Arrays.copyOfRange(together, r * n, (r + 1) * n)).as("row %d", r).containsExactly(alone);
        }
    }

    /** S is the narrowest type holding n times the smallest and n times the largest entry. */
    @Property
    void theSumTypeIsTight(@ForAll @IntRange(min = 1, max = 1000) int n, @ForAll long tables) {
        Softmax softmax = softmax(tables);
        BigInteger min = softmax.expTable().raw(0);
        BigInteger max = min;
        for (BigInteger code : softmax.expTable().raws()) {
            min = min.min(code);
            max = max.max(code);
        }
        FixedType s = softmax.sumType(n);
        BigInteger lo = min.multiply(BigInteger.valueOf(n));
        BigInteger hi = max.multiply(BigInteger.valueOf(n));
        if (hi.signum() == 0) {
            assertThat(s.isZero()).isTrue();
            return;
        }
        assertThat(s.lsbExponent()).isEqualTo(softmax.expType().lsbExponent());
        assertThat(s.signed()).isFalse();
        assertThat(s.holdsRaw(lo) && s.holdsRaw(hi)).isTrue();
        assertThat(FixedType.unsigned(s.width() - 1, s.intBits() - 1).holdsRaw(hi)).as("one bit less").isFalse();
    }

    private static long[] evaluate(FirmwareModel model, FixedType type, long[] codes) {
        Input input = model.inputs().get(0);
        FixedTensor x = FixedTensor.ofLongs(input.type(), codes);
        FixedTensor y = new ReferenceEvaluator(model).evaluateAllLayers(Map.of(input.name(), x)).get("sm");
        return java.util.Arrays.stream(y.raws()).mapToLong(BigInteger::longValueExact).toArray();
    }

    private static FirmwareModel model(FixedType x, int rows, int n, long tables) {
        return FirmwareModel.builder("p")
                .add(new Input("x", TensorType.uniform(Shape.of(rows, n), x)))
                .add(softmax(tables))
                .output("sm")
                .build();
    }

    /** A softmax with random index types (any modes), random unsigned tables and a random output type. */
    private static Softmax softmax(long seed) {
        Random random = new Random(seed);
        FixedType expIndex = index(random);
        FixedType invIndex = index(random);
        FixedType output = new FixedType(1 + random.nextInt(16), random.nextInt(6) - 2, random.nextBoolean(),
                mode(random, Quantization.values()), mode(random, Overflow.values()));
        return new Softmax("sm", "x", expIndex, table(random, expIndex), invIndex, table(random, invIndex), output);
    }

    private static FixedType index(Random random) {
        return new FixedType(random.nextInt(7), random.nextInt(8) - 3, false, mode(random, Quantization.values()),
                mode(random, Overflow.values()));
    }

    private static FixedTensor table(Random random, FixedType index) {
        FixedType entry = FixedType.unsigned(random.nextInt(13), random.nextInt(5) - 1);
        long[] codes = new long[1 << index.width()];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = entry.isZero() ? 0 : random.nextLong() & entry.maxRaw().longValueExact();
        }
        return FixedTensor.ofLongs(TensorType.uniform(Shape.of(codes.length), entry), codes);
    }

    private static <T> T mode(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}

package io.hgq4j.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is written reads back as the identical doubles: bit for bit through {@code .npy} (NaN payloads
 * included), and through {@code .csv} up to NaN payloads (a CSV {@code NaN} is the canonical NaN) and the sample
 * shape (CSV rows are flat).
 */
class SampleArraysRoundTripTest {

    private static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MIN_NORMAL - Double.MIN_VALUE,
        -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.longBitsToDouble(0xfff8000000000001L), 0.1, 1.0 / 3, 2e-3, 1e23, 9007199254740993.0, 255.0 / 256,
    };

    @Property(tries = 300)
    void npyRoundTripsBitForBit(@ForAll("arrays") SampleArray a, @ForAll boolean gzip) throws IOException {
        SampleArray back = roundTrip(a, gzip ? ".npy.gz" : ".npy");
        assertThat(back.count()).isEqualTo(a.count());
        assertThat(back.sampleShape()).isEqualTo(a.sampleShape());
        assertThat(rawBits(back)).containsExactly(rawBits(a));
    }

    @Property(tries = 300)
    void csvRoundTripsEveryDouble(@ForAll("arrays") SampleArray a, @ForAll boolean gzip) throws IOException {
        if (a.count() == 0) {
            return; // a CSV file cannot hold zero samples (SampleArraysTest checks the refusal)
        }
        SampleArray back = roundTrip(a, gzip ? ".csv.gz" : ".csv");
        // equals compares doubleToLongBits: -0.0 differs from 0.0, every NaN is the canonical NaN
        assertThat(back).isEqualTo(a.withSampleShape(Shape.of(a.sampleSize())));
    }

    @Property(tries = 2000)
    void csvReadsBackEveryBitPattern(@ForAll("doubles") double v) {
        byte[] csv = (v + "," + (-v) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SampleArray back = SampleArrays.fromBytes(csv, "v.csv", 1.0);
        assertThat(Double.doubleToLongBits(back.value(0, 0))).isEqualTo(Double.doubleToLongBits(v));
        assertThat(Double.doubleToLongBits(back.value(0, 1))).isEqualTo(Double.doubleToLongBits(-v));
    }

    private static SampleArray roundTrip(SampleArray a, String suffix) throws IOException {
        Path file = Files.createTempFile("samples", suffix);
        try {
            SampleArrays.write(file, a);
            return SampleArrays.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long[] rawBits(SampleArray a) {
        return java.util.Arrays.stream(a.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(java.util.Arrays.stream(SPECIAL).boxed().toArray(Double[]::new))),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().map(Double::longBitsToDouble)),
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-300, 300).map(k -> k / 16.0)));
    }

    @Provide
    Arbitrary<SampleArray> arrays() {
        Arbitrary<int[]> dims = Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        Arbitrary<Integer> counts = Arbitraries.integers().between(0, 6);
        return Combinators.combine(dims, counts).flatAs((d, count) -> {
            Shape shape = Shape.of(d);
            return doubles().array(double[].class).ofSize(count * shape.size())
                    .map(values -> SampleArray.of(values, count, shape));
        });
    }
}

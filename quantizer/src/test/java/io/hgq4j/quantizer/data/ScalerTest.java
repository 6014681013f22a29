package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalerTest {

    @TempDir
    Path dir;

    // three samples of (a, b, constant): a = 1, 2, 3 (mean 2, std sqrt(2/3)); b = -4, 0, 4 (mean 0, std sqrt(32/3))
    static final SampleArray X = SampleArray.of(new double[] {1, -4, 7, 2, 0, 7, 3, 4, 7}, 3, Shape.of(3));

    @Test
    void standardScalerByHand() {
        StandardScaler s = StandardScaler.fit(X);
        assertThat(s.means()).containsExactly(2, 0, 7);
        assertThat(s.stds()).containsExactly(Math.sqrt(2.0 / 3), Math.sqrt(32.0 / 3), 1); // constant: std 1
        assertThat(s.featureCount()).isEqualTo(3);
        SampleArray y = s.apply(X);
        assertThat(y.sample(0)).containsExactly(-1 / Math.sqrt(2.0 / 3), -4 / Math.sqrt(32.0 / 3), 0);
        assertThat(y.sample(1)).containsExactly(0, 0, 0);
        // applied unchanged to other data
        SampleArray other = SampleArray.of(new double[] {2, Math.sqrt(32.0 / 3), 8}, 1, Shape.of(3));
        assertThat(s.apply(other).sample(0)).containsExactly(0, 1, 1);
        // a data set keeps its labels, and its feature shape
        Dataset d = Dataset.classification("d", X.withSampleShape(Shape.of(1, 3)), new int[] {0, 1, 0}, 2);
        Dataset scaled = StandardScaler.fit(d).apply(d);
        assertThat(scaled.labels()).containsExactly(0, 1, 0);
        assertThat(scaled.featureShape()).isEqualTo(Shape.of(1, 3));
        assertThatThrownBy(() -> s.apply(X.elements(0, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a scaler fitted on 3 features cannot scale samples of 2 (2 values)");
    }

    @Test
    void minMaxAndFixed() {
        MinMaxScaler m = MinMaxScaler.fit(Dataset.regression("d", X, X));
        assertThat(m.mins()).containsExactly(1, -4, 7);
        assertThat(m.maxs()).containsExactly(3, 4, 7);
        assertThat(m.apply(X).toArray()).containsExactly(0, 0, 0, 0.5, 0.5, 0, 1, 1, 0);
        MinMaxScaler signed = MinMaxScaler.fit(X, -1, 1);
        assertThat(signed.apply(X).toArray()).containsExactly(-1, -1, -1, 0, 0, -1, 1, 1, -1);
        FixedScale f = FixedScale.of(0.00390625);
        assertThat(f.apply(X).sample(2)).containsExactly(3 / 256.0, 4 / 256.0, 7 / 256.0);
        assertThat(f.featureCount()).isEqualTo(-1);
        assertThatThrownBy(() -> FixedScale.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinMaxScaler.fit(X, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fittingNeedsFiniteValues() {
        SampleArray bad = SampleArray.of(new double[] {1, Double.NaN}, 1, Shape.of(2));
        assertThatThrownBy(() -> StandardScaler.fit(bad)).isInstanceOf(DataException.class)
                .hasMessage("cannot fit a standard scaler on the samples: sample 0, feature 1 is NaN; expected finite values");
        assertThatThrownBy(() -> MinMaxScaler.fit(Dataset.regression("jets", bad, bad))).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot fit a min-max scaler on jets: sample 0, feature 1 is NaN");
        assertThatThrownBy(() -> StandardScaler.fit(X.samples(0, 0))).isInstanceOf(DataException.class)
                .hasMessage("cannot fit a standard scaler on the samples: there are no samples");
        SampleArray huge = SampleArray.of(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 2, Shape.of(1));
        assertThatThrownBy(() -> StandardScaler.fit(huge)).isInstanceOf(DataException.class)
                .hasMessageContaining("overflow a double");
    }

    @Test
    void jsonRoundTripsBitForBit() throws IOException {
        double[] means = {0.1, -0.0, Double.MIN_VALUE, 1e300, 1.0 / 3};
        double[] stds = {0.7, 1, Double.MIN_NORMAL, 2.5e-7, Math.PI};
        Scaler[] scalers = {StandardScaler.of(means, stds), MinMaxScaler.of(new double[] {-1, 0.1}, new double[] {1, 0.3}, -2, 5),
            FixedScale.of(0.00390625), StandardScaler.fit(X)};
        for (Scaler s : scalers) {
            Scaler back = Scaler.fromJson(s.toJson());
            assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
            Path file = dir.resolve("scaler.json");
            s.write(file);
            assertThat(Scaler.read(file)).isEqualTo(s);
        }
        assertThat(scalers[0].toJson()).startsWith("{\n  \"format\" : \"hgq4j-scaler\",\n  \"formatVersion\" : 1,\n"
                + "  \"type\" : \"standard\",\n  \"mean\" : [ 0.1, -0.0, 4.9E-324, 1.0E300, 0.3333333333333333 ],");
        assertThat(Files.readString(dir.resolve("scaler.json"))).contains("\"std\"");
    }

    @Test
    void strictJson() {
        String head = "{\"format\": \"hgq4j-scaler\", \"formatVersion\": 1, ";
        bad("[]", "scaler JSON: expected a JSON object describing a scaler");
        assertThatThrownBy(() -> Scaler.fromJson("{")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("scaler JSON: not valid JSON (Unexpected end-of-input");
        bad("{\"format\": \"x\"}", "scaler JSON: field 'format' is \"x\", expected \"hgq4j-scaler\"");
        bad("{\"format\": \"hgq4j-scaler\"}", "scaler JSON: field 'formatVersion' is missing, expected 1");
        bad(head.replace("1", "2") + "\"type\": \"fixed\", \"factor\": 2}",
                "scaler JSON: formatVersion 2 is newer than this version of hgq4j reads (1); upgrade hgq4j");
        bad(head + "\"type\": \"robust\"}", "scaler JSON: field 'type' is \"robust\", expected \"standard\", \"min-max\" or \"fixed\"");
        bad(head + "\"type\": \"fixed\", \"factor\": 2, \"extra\": 1}", "scaler JSON: unknown field 'extra'; a fixed scaler"
                + " has the fields factor, format, formatVersion, type");
        bad(head + "\"type\": \"fixed\"}", "scaler JSON: missing field 'factor'");
        bad(head + "\"type\": \"fixed\", \"factor\": \"2\"}", "scaler JSON: field 'factor' is \"2\", expected a number");
        bad(head + "\"type\": \"standard\", \"mean\": [1, 2], \"std\": [1]}",
                "scaler JSON: 2 means and 1 stds; expected as many, at least one");
        bad(head + "\"type\": \"standard\", \"mean\": [1], \"std\": [0]}",
                "scaler JSON: feature 0: mean 1.0, std 0.0; expected a finite mean and a finite positive std");
        bad(head + "\"type\": \"standard\", \"mean\": [1e999], \"std\": [1]}",
                "scaler JSON: feature 0: mean Infinity, std 1.0; expected a finite mean and a finite positive std");
        bad(head + "\"type\": \"standard\", \"mean\": [1, null], \"std\": [1, 1]}",
                "scaler JSON: field 'mean', element 1 is null, expected a number");
        bad(head + "\"type\": \"min-max\", \"min\": [2], \"max\": [1], \"low\": 0, \"high\": 1}",
                "scaler JSON: feature 0: min 2.0, max 1.0; expected finite bounds with min <= max");
        assertThatThrownBy(() -> Scaler.fromJson(head + "\"type\": \"fixed\", \"factor\": 1, \"factor\": 2}"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("scaler JSON: not valid JSON (Duplicate field 'factor'");
    }

    static void bad(String json, String message) {
        assertThatThrownBy(() -> Scaler.fromJson(json)).isInstanceOf(DataException.class).hasMessage(message);
    }

    @Property(tries = 200)
    void standardizedTrainingDataHasMeanZeroAndStdOne(@ForAll @IntRange(min = 2, max = 50) int count, @ForAll @IntRange(min = 1, max = 5) int features,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double offset, @ForAll("seeds") long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[count * features];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + random.nextGaussian() * (1 + (i % features) * 10);
        }
        SampleArray x = SampleArray.of(values, count, Shape.of(features));
        StandardScaler s = StandardScaler.fit(x);
        SampleArray y = s.apply(x);
        for (int j = 0; j < features; j++) {
            double mean = 0;
            double square = 0;
            double xMean = 0;
            double xSquare = 0;
            for (int i = 0; i < count; i++) {
                mean += y.value(i, j);
                square += y.value(i, j) * y.value(i, j);
                xMean += x.value(i, j) / count;
            }
            for (int i = 0; i < count; i++) {
                xSquare += (x.value(i, j) - xMean) * (x.value(i, j) - xMean) / count;
            }
            mean /= count;
            // Standardizing subtracts values of size |mean| to get deviations of size std: each result carries an
            // absolute error of a few ulps of |mean|, relative to std (a large offset with a tiny spread is
            // ill-conditioned: offset 1e6 and std 0.01 leave ~1e-8).
            double tolerance = 1e-8 + 64 * count * Math.ulp(Math.abs(xMean) + Math.sqrt(xSquare)) / Math.sqrt(xSquare);
            assertThat(mean).isCloseTo(0, within(tolerance));
            assertThat(square / count - mean * mean).isCloseTo(1, within(tolerance));
        }
        assertThat(Scaler.fromJson(s.toJson())).isEqualTo(s);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}

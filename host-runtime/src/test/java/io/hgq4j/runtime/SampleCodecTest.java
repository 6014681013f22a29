package io.hgq4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.deploy.PackedLayout;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The codec against an independent reference: inputs quantized with {@link FixedTensor#quantize} (the model's
 * arbitrary-precision rule) and packed with {@link PackedLayout#pack}, for random single-input models, word widths
 * and batches.
 */
class SampleCodecTest {

    private static Artifact build(int seed, int wordBits) {
        int[] singleInput = {0, 1, 2, 5}; // the recipes with one input: mlp, cnn2d, cnn1d, softmax
        FirmwareModel model = RandomModels.model(singleInput[Math.floorMod(seed, singleInput.length)], seed);
        for (int bits = wordBits; ; bits *= 2) {
            try {
                return Builds.compile(model, "pynq-z2", bits, Files.createTempDirectory("codec"));
            } catch (io.hgq4j.codegen.CodegenException e) {
                if (bits == 64) {
                    throw e;
                } // else: some elements are wider than the drawn word; take the next width
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Property(tries = 40)
    void encodeEqualsQuantizeThenPack(@ForAll @IntRange(min = 0, max = 10_000) int seed,
                                      @ForAll("wordBits") int wordBits, @ForAll @IntRange(min = 1, max = 9) int count) {
        Artifact artifact = build(seed, wordBits);
        SampleCodec codec = SampleCodec.of(artifact.manifest(), artifact.model());
        Input input = artifact.model().inputs().get(0);
        Random random = new Random(seed);
        int n = codec.inputSize();
        float[] values = new float[count * n];
        long[] storage = new long[count * n];
        PackedLayout layout = codec.inputLayout();
        for (int s = 0; s < count; s++) {
            double[] sample = RandomModels.sample(input, random);
            double[] exact = new double[n];
            for (int e = 0; e < n; e++) {
                values[s * n + e] = (float) sample[e];
                exact[e] = values[s * n + e];
            }
            FixedTensor q = FixedTensor.quantize(input.type(), exact);
            for (int e = 0; e < n; e++) {
                storage[s * n + e] = layout.storageCode(q.raw(e).longValueExact(), input.type().typeAt(e));
            }
        }
        ByteBuffer words = codec.newInputBuffer(count);
        codec.encode(values, 0, count, words);
        long[] expected = layout.pack(storage, count);
        for (int k = 0; k < expected.length; k++) {
            assertThat(word(words, k, layout.wordBits())).as("word %d", k).isEqualTo(expected[k]);
        }
        long[] decoded = new long[count * n];
        codec.decodeInputs(words, count, decoded, 0);
        for (int i = 0; i < decoded.length; i++) {
            assertThat(layout.storageCode(decoded[i], input.type().typeAt(i % n))).isEqualTo(storage[i]);
        }
    }

    @Property(tries = 40)
    void outputWordsRoundTripAndMatchThePackedLayout(@ForAll @IntRange(min = 0, max = 10_000) int seed,
                                                     @ForAll("wordBits") int wordBits,
                                                     @ForAll @IntRange(min = 1, max = 9) int count) {
        Artifact artifact = build(seed, wordBits);
        SampleCodec codec = SampleCodec.of(artifact.manifest(), artifact.model());
        java.util.List<io.hgq4j.model.fixed.FixedType> types = new java.util.ArrayList<>();
        for (String output : artifact.model().outputs()) {
            var t = artifact.model().outputType(output);
            for (int e = 0; e < t.size(); e++) {
                types.add(t.typeAt(e));
            }
        }
        Random random = new Random(seed);
        int m = codec.outputSize();
        long[] codes = new long[count * m];
        long[] storage = new long[count * m];
        for (int i = 0; i < codes.length; i++) {
            var t = types.get(i % m);
            if (!t.isZero()) {
                long lo = t.minRaw().longValueExact();
                long hi = t.maxRaw().longValueExact();
                codes[i] = lo + (long) (random.nextDouble() * (hi - lo + 1));
            }
            storage[i] = codec.outputLayout().storageCode(codes[i], t);
        }
        ByteBuffer words = codec.newOutputBuffer(count);
        codec.encodeOutputs(codes, 0, count, words);
        long[] expected = codec.outputLayout().pack(storage, count);
        for (int k = 0; k < expected.length; k++) {
            assertThat(word(words, k, codec.outputLayout().wordBits())).isEqualTo(expected[k]);
        }
        long[] back = new long[count * m];
        codec.decode(words, count, back, 0);
        assertThat(back).isEqualTo(codes);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> wordBits() {
        return net.jqwik.api.Arbitraries.of(8, 16, 32, 64);
    }

    private static long word(ByteBuffer b, int k, int bits) {
        return switch (bits) {
            case 64 -> b.getLong(k * 8);
            case 32 -> b.getInt(k * 4) & 0xFFFF_FFFFL;
            case 16 -> b.getShort(k * 2) & 0xFFFFL;
            default -> b.get(k) & 0xFFL;
        };
    }
}

package io.hgq4j.model.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PackedLayoutTest {

    @Test
    void packsFromBitZeroUpNeverAcrossWords() {
        // 5 elements of 12 bits in 32-bit words: 2 per word (bits 0-11 and 12-23), 3 words.
        PackedLayout layout = new PackedLayout(5, FixedType.signed(12, 4), 32);
        assertThat(layout.elementsPerWord()).isEqualTo(2);
        assertThat(layout.wordsPerSample()).isEqualTo(3);
        assertThat(layout.bytesPerSample()).isEqualTo(12);
        long[] words = layout.pack(new long[] {1, -1, 0x7ff, -0x800, 5}, 1);
        assertThat(words).containsExactly(0x00fff001L, 0x008007ffL, 0x5L);
        assertThat(layout.unpack(words, 1)).containsExactly(1, -1, 0x7ff, -0x800, 5);
    }

    @Test
    void elementCodesMoveToTheStorageLsbAndBack() {
        // storage fixed<8,4> (LSB 2^-4); element ufixed<3,1> (LSB 2^-2): code 5 = 1.25 is storage code 20.
        PackedLayout layout = new PackedLayout(2, FixedType.signed(8, 4), 16);
        FixedType element = FixedType.unsigned(3, 1);
        assertThat(layout.storageCode(5, element)).isEqualTo(20);
        assertThat(layout.elementCode(20, element)).isEqualTo(5);
        assertThat(layout.storageCode(-3, FixedType.signed(4, 4))).isEqualTo(-48);
        assertThat(layout.storageCode(7, FixedType.ZERO)).isZero();
    }

    @Test
    void aZeroWidthTypeTakesOneBitAndReadsAsZero() {
        PackedLayout layout = new PackedLayout(3, FixedType.ZERO, 8);
        assertThat(layout.elementBits()).isEqualTo(1);
        assertThat(layout.unpack(new long[] {0xff}, 1)).containsExactly(0, 0, 0);
    }

    @Test
    void refusesElementsWiderThanAWord() {
        assertThatThrownBy(() -> new PackedLayout(2, FixedType.unsigned(40, 2), 32))
                .hasMessageContaining("do not fit a 32-bit bus word");
        assertThatThrownBy(() -> new PackedLayout(2, FixedType.unsigned(4, 2), 24)).hasMessageContaining("8, 16, 32 or 64");
    }

    @Property
    void unpackInvertsPack(@ForAll @IntRange(min = 1, max = 64) int width, @ForAll boolean signed,
                           @ForAll @IntRange(min = 1, max = 40) int elements, @ForAll @IntRange(min = 1, max = 3) int count,
                           @ForAll long seed) {
        int wordBits = width <= 8 ? 8 : width <= 16 ? 16 : width <= 32 ? 32 : 64;
        FixedType type = FixedType.of(width, 3, signed);
        PackedLayout layout = new PackedLayout(elements, type, wordBits);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[] codes = new long[elements * count];
        for (int i = 0; i < codes.length; i++) {
            long bits = width == 64 ? random.nextLong() : random.nextLong() & ((1L << width) - 1);
            codes[i] = signed && width < 64 && (bits >>> (width - 1)) != 0 ? bits - (1L << width) : bits;
        }
        long[] words = layout.pack(codes, count);
        assertThat(words).hasSize(layout.wordsPerSample() * count);
        for (long w : words) {
            assertThat(wordBits == 64 || (w >>> wordBits) == 0).as("bits above the word").isTrue();
        }
        assertThat(layout.unpack(words, count)).containsExactly(codes);
    }
}

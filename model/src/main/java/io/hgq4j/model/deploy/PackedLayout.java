package io.hgq4j.model.deploy;

import io.hgq4j.model.fixed.FixedType;

/**
 * How one sample of a tensor travels between host and accelerator: every element as a code of one storage type,
 * {@link #elementBits()} bits each, packed from the least significant bit of each bus word upwards, never straddling
 * two words; the last word of a sample is padded with zeros. Both the generated hardware wrappers and the host
 * runtime follow this record, so it is the single definition of the wire format.
 *
 * @param elements    elements per sample
 * @param elementType the storage type of every element (a zero-width type still takes one bit, always 0)
 * @param wordBits    bus word width: 8, 16, 32 or 64 bits
 */
public record PackedLayout(int elements, FixedType elementType, int wordBits) {

    /** Validates the sizes. */
    public PackedLayout {
        if (elements <= 0) {
            throw new IllegalArgumentException("a packed tensor needs at least one element, got " + elements);
        }
        if (wordBits != 8 && wordBits != 16 && wordBits != 32 && wordBits != 64) {
            throw new IllegalArgumentException("bus words must be 8, 16, 32 or 64 bits, got " + wordBits);
        }
        if (elementType.width() > wordBits) {
            throw new IllegalArgumentException("elements of type " + elementType + " (" + elementType.width()
                    + " bits) do not fit a " + wordBits + "-bit bus word");
        }
    }

    /** Bits each element takes on the bus. */
    public int elementBits() {
        return Math.max(1, elementType.width());
    }

    /** Elements per bus word. */
    public int elementsPerWord() {
        return wordBits / elementBits();
    }

    /** Bus words per sample. */
    public int wordsPerSample() {
        return (elements + elementsPerWord() - 1) / elementsPerWord();
    }

    /** Bytes per sample on the bus. */
    public int bytesPerSample() {
        return wordsPerSample() * wordBits / 8;
    }

    /** The word of a sample that carries element {@code e}. */
    public int wordOf(int e) {
        return e / elementsPerWord();
    }

    /** The lowest bit of element {@code e} within its word. */
    public int bitOffsetOf(int e) {
        return (e % elementsPerWord()) * elementBits();
    }

    /**
     * Packs the codes of {@code count} samples ({@code count × elements} codes of the storage type, sample after
     * sample) into {@code count × wordsPerSample} words, each in the low {@link #wordBits()} bits of a long.
     */
    public long[] pack(long[] codes, int count) {
        if (codes.length != (long) count * elements) {
            throw new IllegalArgumentException(codes.length + " codes for " + count + " samples of " + elements);
        }
        int perSample = wordsPerSample();
        long[] words = new long[count * perSample];
        long mask = mask(elementBits());
        for (int s = 0; s < count; s++) {
            for (int e = 0; e < elements; e++) {
                words[s * perSample + wordOf(e)] |= (codes[s * elements + e] & mask) << bitOffsetOf(e);
            }
        }
        return words;
    }

    /** The codes (sign-extended for a signed storage type) of {@code count} samples packed in {@code words}. */
    public long[] unpack(long[] words, int count) {
        int perSample = wordsPerSample();
        if (words.length < (long) count * perSample) {
            throw new IllegalArgumentException(words.length + " words hold fewer than " + count + " samples of "
                    + perSample + " words");
        }
        long[] codes = new long[count * elements];
        int bits = elementBits();
        boolean signed = elementType.signed() && elementType.width() > 0;
        for (int s = 0; s < count; s++) {
            for (int e = 0; e < elements; e++) {
                long code = (words[s * perSample + wordOf(e)] >>> bitOffsetOf(e)) & mask(bits);
                if (signed && bits < 64 && (code >>> (bits - 1)) != 0) {
                    code -= 1L << bits;
                }
                codes[s * elements + e] = elementType.width() == 0 ? 0 : code;
            }
        }
        return codes;
    }

    /**
     * The code, in this layout's storage type, of a value given as a code of {@code element} (a type the storage type
     * covers): the same value, at the storage type's LSB. 0 for a zero-width element.
     */
    public long storageCode(long code, FixedType element) {
        return element.isZero() ? 0 : code << (element.lsbExponent() - elementType.lsbExponent());
    }

    /** The code of {@code element} for a value given as a storage code (the inverse of {@link #storageCode}). */
    public long elementCode(long storageCode, FixedType element) {
        return element.isZero() ? 0 : storageCode >> (element.lsbExponent() - elementType.lsbExponent());
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}

package io.hgq4j.runtime;

import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.deploy.PackedLayout;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.LongCast;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.tensor.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts samples to and from the accelerator's bus words, exactly as the build manifest says ({@link PackedLayout}):
 * a real input is quantized to its element's fixed-point type (the model's input quantizer, bit for bit as the
 * emulator does it), moved to the port's storage type and packed into little-endian words; output words are unpacked
 * into the output elements' codes. Nothing is allocated per call; buffers must be little-endian and are read and
 * written from index 0 with absolute access, so their position and limit do not matter.
 */
public final class SampleCodec {

    private final PackedLayout in;
    private final PackedLayout out;
    private final LongCast[] casts;
    private final int[] inShift;
    private final boolean[] inZero;
    private final int[] outShift;
    private final int[] outLsb;
    private final boolean[] outZero;

    private SampleCodec(PackedLayout in, PackedLayout out, List<FixedType> inTypes, List<FixedType> outTypes) {
        this.in = in;
        this.out = out;
        casts = new LongCast[inTypes.size()];
        inShift = new int[inTypes.size()];
        inZero = new boolean[inTypes.size()];
        for (int e = 0; e < casts.length; e++) {
            FixedType t = inTypes.get(e);
            inZero[e] = t.isZero();
            if (!t.isZero()) {
                casts[e] = LongCast.into(t);
                inShift[e] = t.lsbExponent() - in.elementType().lsbExponent();
            }
        }
        outShift = new int[outTypes.size()];
        outLsb = new int[outTypes.size()];
        outZero = new boolean[outTypes.size()];
        for (int e = 0; e < outShift.length; e++) {
            FixedType t = outTypes.get(e);
            outZero[e] = t.isZero();
            if (!t.isZero()) {
                outShift[e] = t.lsbExponent() - out.elementType().lsbExponent();
                outLsb[e] = t.lsbExponent();
            }
        }
    }

    /**
     * The codec of a build: its manifest's layouts over the model's input and output element types.
     *
     * @throws IllegalArgumentException if the manifest's element counts do not match the model
     */
    public static SampleCodec of(BuildManifest manifest, FirmwareModel model) {
        List<FixedType> inTypes = new ArrayList<>();
        for (Input input : model.inputs()) {
            addAll(inTypes, input.type());
        }
        List<FixedType> outTypes = new ArrayList<>();
        for (String name : model.outputs()) {
            addAll(outTypes, model.outputType(name));
        }
        PackedLayout in = manifest.input().layout();
        PackedLayout out = manifest.output().layout();
        if (in.elements() != inTypes.size() || out.elements() != outTypes.size()) {
            throw new IllegalArgumentException("the manifest packs " + in.elements() + " input and " + out.elements()
                    + " output elements; model '" + model.name() + "' has " + inTypes.size() + " and "
                    + outTypes.size());
        }
        for (FixedType t : inTypes) {
            if (!t.isZero() && (!LongCast.supports(t) || t.lsbExponent() < in.elementType().lsbExponent())) {
                throw new IllegalArgumentException("input type " + t + " does not fit the port's storage type "
                        + in.elementType());
            }
        }
        return new SampleCodec(in, out, inTypes, outTypes);
    }

    private static void addAll(List<FixedType> types, TensorType tensor) {
        for (int e = 0; e < tensor.size(); e++) {
            types.add(tensor.typeAt(e));
        }
    }

    /** Real input values per sample. */
    public int inputSize() {
        return casts.length;
    }

    /** Output codes per sample. */
    public int outputSize() {
        return outShift.length;
    }

    /** The input port's packing. */
    public PackedLayout inputLayout() {
        return in;
    }

    /** The output port's packing. */
    public PackedLayout outputLayout() {
        return out;
    }

    /** Bytes of input words for {@code count} samples. */
    public int inputBytes(int count) {
        return Math.multiplyExact(count, in.bytesPerSample());
    }

    /** Bytes of output words for {@code count} samples. */
    public int outputBytes(int count) {
        return Math.multiplyExact(count, out.bytesPerSample());
    }

    /** A direct little-endian buffer for the input words of {@code count} samples. */
    public ByteBuffer newInputBuffer(int count) {
        return ByteBuffer.allocateDirect(inputBytes(count)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A direct little-endian buffer for the output words of {@code count} samples. */
    public ByteBuffer newOutputBuffer(int count) {
        return ByteBuffer.allocateDirect(outputBytes(count)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Quantizes and packs {@code count} samples of {@link #inputSize()} values from {@code values[offset...]} into
     * {@code words}.
     *
     * @throws IllegalArgumentException for a value that is NaN or infinite, or a buffer too small or big-endian
     */
    public void encode(float[] values, int offset, int count, ByteBuffer words) {
        checkValues(values.length, offset, count);
        encode(i -> values[i], offset, count, words);
    }

    /** {@link #encode(float[], int, int, ByteBuffer)} for doubles (quantized as the emulator quantizes them). */
    public void encode(double[] values, int offset, int count, ByteBuffer words) {
        checkValues(values.length, offset, count);
        encode(i -> values[i], offset, count, words);
    }

    /** Real input values by flat index; two implementations only, so the call stays cheap. */
    private interface Values {
        double at(int index);
    }

    private void checkValues(int length, int offset, int count) {
        if (offset < 0 || length - offset < (long) count * casts.length) {
            throw new IllegalArgumentException(length + " values from offset " + offset + " hold fewer than "
                    + count + " samples of " + casts.length);
        }
    }

    private void encode(Values values, int offset, int count, ByteBuffer words) {
        checkBuffer(words, inputBytes(count), "input");
        int n = casts.length;
        pack(in, n, count, words, (s, e) -> {
            LongCast cast = casts[e];
            if (cast == null) {
                return 0;
            }
            double v = values.at(offset + s * n + e);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sample " + s + ", input element " + e + " is " + v
                        + "; inputs must be finite numbers");
            }
            return cast.fromDouble(v) << inShift[e];
        });
    }

    /** The storage code of element e of sample s (already at the storage type's LSB). */
    private interface StorageCodes {
        long at(int sample, int element);
    }

    /** Packs {@code count} samples of {@code n} storage codes into words, from index 0 of {@code words}. */
    private static void pack(PackedLayout layout, int n, int count, ByteBuffer words, StorageCodes codes) {
        int perWord = layout.elementsPerWord();
        int bits = layout.elementBits();
        long mask = mask(bits);
        int wordBytes = layout.wordBits() / 8;
        int at = 0;
        for (int s = 0; s < count; s++) {
            long word = 0;
            int slot = 0;
            for (int e = 0; e < n; e++) {
                word |= (codes.at(s, e) & mask) << (slot * bits);
                if (++slot == perWord) {
                    putWord(words, at, word, wordBytes);
                    at += wordBytes;
                    word = 0;
                    slot = 0;
                }
            }
            if (slot != 0) {
                putWord(words, at, word, wordBytes);
                at += wordBytes;
            }
        }
    }

    /**
     * Unpacks {@code count} samples of output words into the output elements' codes, {@link #outputSize()} per sample,
     * at {@code codes[offset...]}.
     */
    public void decode(ByteBuffer words, int count, long[] codes, int offset) {
        checkBuffer(words, outputBytes(count), "output");
        unpack(words, count, codes, offset, out, outShift, outZero);
    }

    /**
     * Unpacks input words into the input elements' codes (at each element's own type), {@link #inputSize()} per
     * sample: what the accelerator sees.
     */
    public void decodeInputs(ByteBuffer words, int count, long[] codes, int offset) {
        checkBuffer(words, inputBytes(count), "input");
        unpack(words, count, codes, offset, in, inShift, inZero);
    }

    /** The fixed-point type of input element {@code e} (what a real input is quantized to). */
    public FixedType inputType(int e) {
        return casts[e] == null ? FixedType.ZERO : casts[e].target();
    }

    /**
     * Packs output element codes ({@link #outputSize()} per sample) into output words: what the accelerator sends.
     */
    public void encodeOutputs(long[] codes, int offset, int count, ByteBuffer words) {
        checkBuffer(words, outputBytes(count), "output");
        int n = outShift.length;
        pack(out, n, count, words, (s, e) -> outZero[e] ? 0 : codes[offset + s * n + e] << outShift[e]);
    }

    /** The real value of output element {@code e}'s code (exact for codes of up to 53 bits). */
    public double outputValue(int e, long code) {
        return outZero[e] ? 0 : Math.scalb((double) code, outLsb[e]);
    }

    private static void unpack(ByteBuffer words, int count, long[] codes, int offset, PackedLayout layout, int[] shift,
                               boolean[] zero) {
        int n = shift.length;
        if (offset < 0 || codes.length - offset < (long) count * n) {
            throw new IllegalArgumentException(codes.length + " slots from offset " + offset + " hold fewer than "
                    + count + " samples of " + n);
        }
        int perWord = layout.elementsPerWord();
        int bits = layout.elementBits();
        long mask = mask(bits);
        boolean signed = layout.elementType().signed() && layout.elementType().width() > 0;
        int wordBytes = layout.wordBits() / 8;
        int at = 0;
        for (int s = 0; s < count; s++) {
            long word = 0;
            int slot = perWord;
            for (int e = 0; e < n; e++) {
                if (slot == perWord) {
                    word = getWord(words, at, wordBytes);
                    at += wordBytes;
                    slot = 0;
                }
                long storage = (word >>> (slot * bits)) & mask;
                if (signed && bits < 64 && (storage >>> (bits - 1)) != 0) {
                    storage -= 1L << bits;
                }
                codes[offset + s * n + e] = zero[e] ? 0 : storage >> shift[e];
                slot++;
            }
        }
    }

    private static void checkBuffer(ByteBuffer words, int bytes, String port) {
        if (words.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("the " + port + " buffer must be little-endian (the bus's byte order)");
        }
        if (words.capacity() < bytes) {
            throw new IllegalArgumentException("the " + port + " buffer holds " + words.capacity() + " bytes; "
                    + bytes + " needed");
        }
    }

    private static void putWord(ByteBuffer b, int at, long word, int bytes) {
        switch (bytes) {
            case 8 -> b.putLong(at, word);
            case 4 -> b.putInt(at, (int) word);
            case 2 -> b.putShort(at, (short) word);
            default -> b.put(at, (byte) word);
        }
    }

    private static long getWord(ByteBuffer b, int at, int bytes) {
        return switch (bytes) {
            case 8 -> b.getLong(at);
            case 4 -> b.getInt(at) & 0xFFFF_FFFFL;
            case 2 -> b.getShort(at) & 0xFFFFL;
            default -> b.get(at) & 0xFFL;
        };
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}

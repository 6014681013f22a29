package io.hgq4j.model.fixed;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed-point type in the sense of {@code ap_fixed<W, I, Q, O>} / {@code ap_ufixed<W, I, Q, O>}: a value
 * is a W-bit integer code (two's complement when signed) times 2^(I−W).
 *
 * <p>{@code intBits} counts the sign bit of a signed type and may be negative or larger than the width.
 * The quantization and overflow modes only matter when a value is converted <em>into</em> this type;
 * the result types of arithmetic carry the defaults (TRN, WRAP), as in the vendor headers.
 *
 * <p>A width of 0 denotes the constant zero (a pruned weight or activation in HGQ terms). All zero-width
 * types are normalised to {@link #ZERO} so that they compare equal.
 *
 * <p>Limits: widths up to {@value #MAX_WIDTH} bits (the default {@code AP_INT_MAX_W} of the vendor headers),
 * which covers full-precision intermediates of 64-bit values; integer bits within ±{@value #MAX_INT_BITS}.
 * Anything beyond fails with an {@link IllegalArgumentException} that names the limit.
 *
 * @param width        total width W, 0..{@value #MAX_WIDTH}
 * @param intBits      integer bits I, including the sign bit when signed
 * @param signed       two's complement (true) or unsigned
 * @param quantization rounding applied when converting into this type
 * @param overflow     overflow handling applied when converting into this type
 */
public record FixedType(int width, int intBits, boolean signed, Quantization quantization, Overflow overflow) {

    /** The widest type supported, for values and full-precision intermediates alike. */
    public static final int MAX_WIDTH = 1024;
    /** The largest magnitude of {@link #intBits()} supported. */
    public static final int MAX_INT_BITS = 2048;
    /** The widest type a stored value (input, weight, quantizer output) may have. */
    public static final int MAX_VALUE_WIDTH = 64;

    /** The constant zero: no bits at all. */
    public static final FixedType ZERO = new FixedType(0, 0, false, Quantization.TRN, Overflow.WRAP);

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*(u?)fixed\\s*<\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*(?:,\\s*(\\w+)\\s*)?(?:,\\s*(\\w+)\\s*)?>\\s*");

    /** Validates the limits and normalises zero-width types. */
    public FixedType {
        if (quantization == null || overflow == null) {
            throw new IllegalArgumentException("quantization and overflow modes must not be null");
        }
        if (width < 0 || width > MAX_WIDTH) {
            throw new IllegalArgumentException(
                    "fixed-point width " + width + " is out of range; supported widths are 0.." + MAX_WIDTH);
        }
        if (Math.abs(intBits) > MAX_INT_BITS) {
            throw new IllegalArgumentException(
                    "integer bits " + intBits + " out of range; supported are -" + MAX_INT_BITS + ".." + MAX_INT_BITS);
        }
        if (width == 0) {
            intBits = 0;
            signed = false;
            quantization = Quantization.TRN;
            overflow = Overflow.WRAP;
        }
    }

    /** A signed type with the default modes (TRN, WRAP): {@code ap_fixed<width, intBits>}. */
    public static FixedType signed(int width, int intBits) {
        return new FixedType(width, intBits, true, Quantization.TRN, Overflow.WRAP);
    }

    /** An unsigned type with the default modes (TRN, WRAP): {@code ap_ufixed<width, intBits>}. */
    public static FixedType unsigned(int width, int intBits) {
        return new FixedType(width, intBits, false, Quantization.TRN, Overflow.WRAP);
    }

    /** A type with the default modes (TRN, WRAP). */
    public static FixedType of(int width, int intBits, boolean signed) {
        return new FixedType(width, intBits, signed, Quantization.TRN, Overflow.WRAP);
    }

    /**
     * The type HGQ describes as (k, i, f): k sign bits (0 or 1), i integer bits excluding the sign, f fractional
     * bits; W = k+i+f and I = k+i. A total of 0 bits gives {@link #ZERO}.
     *
     * @throws IllegalArgumentException if k is not 0 or 1, or k+i+f is negative
     */
    public static FixedType fromKif(int k, int i, int f, Quantization quantization, Overflow overflow) {
        if (k != 0 && k != 1) {
            throw new IllegalArgumentException("sign bits k must be 0 or 1, got " + k);
        }
        long width = (long) k + i + f;
        if (width < 0) {
            throw new IllegalArgumentException("k+i+f = " + width + " is negative (k=" + k + ", i=" + i + ", f=" + f + ")");
        }
        return new FixedType(Math.toIntExact(width), k + i, k == 1, quantization, overflow);
    }

    /** {@link #fromKif(int, int, int, Quantization, Overflow)} with the default modes (TRN, WRAP). */
    public static FixedType fromKif(int k, int i, int f) {
        return fromKif(k, i, f, Quantization.TRN, Overflow.WRAP);
    }

    /** Fractional bits F = W − I (may be negative). */
    public int fracBits() {
        return width - intBits;
    }

    /** The exponent of the least significant bit: a code c has the value c·2^(I−W). */
    public int lsbExponent() {
        return intBits - width;
    }

    /** HGQ's k: 1 for a signed type, else 0. */
    public int k() {
        return signed ? 1 : 0;
    }

    /** HGQ's i: integer bits excluding the sign bit. */
    public int i() {
        return intBits - k();
    }

    /** HGQ's f: fractional bits. */
    public int f() {
        return fracBits();
    }

    /** Whether this is the constant-zero type of width 0. */
    public boolean isZero() {
        return width == 0;
    }

    /** The smallest code: −2^(W−1) when signed, else 0. */
    public BigInteger minRaw() {
        return signed ? BigInteger.ONE.shiftLeft(width - 1).negate() : BigInteger.ZERO;
    }

    /** The largest code: 2^(W−1)−1 when signed, else 2^W−1 (0 for the zero type). */
    public BigInteger maxRaw() {
        if (width == 0) {
            return BigInteger.ZERO;
        }
        return BigInteger.ONE.shiftLeft(signed ? width - 1 : width).subtract(BigInteger.ONE);
    }

    /** Whether {@code raw} is a valid code of this type. */
    public boolean holdsRaw(BigInteger raw) {
        return raw.compareTo(minRaw()) >= 0 && raw.compareTo(maxRaw()) <= 0;
    }

    /** This type with other conversion modes. */
    public FixedType withModes(Quantization quantization, Overflow overflow) {
        return new FixedType(width, intBits, signed, quantization, overflow);
    }

    /** This type with the default modes (TRN, WRAP), i.e. only its value set. */
    public FixedType withDefaultModes() {
        return withModes(Quantization.TRN, Overflow.WRAP);
    }

    /** Whether both types hold exactly the same set of values (modes ignored). */
    public boolean sameValueSet(FixedType other) {
        return withDefaultModes().equals(other.withDefaultModes());
    }

    /**
     * The exact result type of {@code a * b}: W = W1+W2, I = I1+I2, signed if either is. A zero-width operand
     * gives {@link #ZERO}.
     *
     * @throws IllegalArgumentException if the product would be wider than {@value #MAX_WIDTH} bits
     */
    public static FixedType productType(FixedType a, FixedType b) {
        if (a.isZero() || b.isZero()) {
            return ZERO;
        }
        return resultType("product", a, b, a.width + b.width, a.intBits + b.intBits, a.signed || b.signed);
    }

    /**
     * The exact result type of {@code a + b}: F = max(F1, F2), I = max(I1 + [S2∧¬S1], I2 + [S1∧¬S2]) + 1,
     * signed if either is. Adding the zero type gives the other operand's type (with default modes).
     *
     * @throws IllegalArgumentException if the sum would be wider than {@value #MAX_WIDTH} bits
     */
    public static FixedType sumType(FixedType a, FixedType b) {
        if (b.isZero()) {
            return a.withDefaultModes();
        }
        if (a.isZero()) {
            return b.withDefaultModes();
        }
        return additiveType("sum", a, b, a.signed || b.signed);
    }

    /**
     * The exact result type of {@code a − b}: as {@link #sumType} but always signed. With a zero-width operand
     * it is the other operand's type, widened by one sign bit unless {@code a − 0} is already signed
     * ({@code 0 − b} is the vendor's negation type, one bit wider than {@code b}).
     *
     * @throws IllegalArgumentException if the difference would be wider than {@value #MAX_WIDTH} bits
     */
    public static FixedType differenceType(FixedType a, FixedType b) {
        if (a.isZero() && b.isZero()) {
            return ZERO;
        }
        if (b.isZero() && a.signed) {
            return a.withDefaultModes();
        }
        if (a.isZero() || b.isZero()) {
            FixedType x = a.isZero() ? b : a;
            return resultType("difference", a, b, x.width + 1L, x.intBits + 1L, true);
        }
        return additiveType("difference", a, b, true);
    }

    private static FixedType additiveType(String what, FixedType a, FixedType b, boolean signed) {
        long intBits = Math.max(a.intBits + (b.signed && !a.signed ? 1L : 0L), b.intBits + (a.signed && !b.signed ? 1L : 0L)) + 1;
        long fracBits = Math.max(a.fracBits(), b.fracBits());
        return resultType(what, a, b, intBits + fracBits, intBits, signed);
    }

    private static FixedType resultType(String what, FixedType a, FixedType b, long width, long intBits, boolean signed) {
        if (width > MAX_WIDTH || Math.abs(intBits) > MAX_INT_BITS) {
            throw new IllegalArgumentException("the exact " + what + " of " + a + " and " + b + " needs " + width
                    + " bits with " + intBits + " integer bits; hgq4j supports at most " + MAX_WIDTH
                    + " bits and ±" + MAX_INT_BITS + " integer bits");
        }
        return of((int) width, (int) intBits, signed);
    }

    /**
     * The narrowest type (default modes) whose codes at LSB exponent {@code lsbExponent} include every integer in
     * [{@code lo}, {@code hi}]: signed exactly when {@code lo} is negative. [0, 0] gives {@link #ZERO}.
     *
     * @throws IllegalArgumentException if lo &gt; hi, or the type would exceed the supported limits
     */
    public static FixedType containing(BigInteger lo, BigInteger hi, int lsbExponent) {
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        }
        if (lo.signum() == 0 && hi.signum() == 0) {
            return ZERO;
        }
        boolean signed = lo.signum() < 0;
        int width;
        if (signed) {
            // bitLength() excludes the sign bit: −2^(n) needs n+1 bits, as does 2^n − 1.
            width = Math.max(lo.bitLength(), hi.bitLength()) + 1;
        } else {
            width = hi.bitLength();
        }
        long intBits = (long) width + lsbExponent;
        if (width > MAX_WIDTH || Math.abs(intBits) > MAX_INT_BITS) {
            throw new IllegalArgumentException("the range [" + lo + ", " + hi + "]·2^" + lsbExponent + " needs " + width
                    + " bits with " + intBits + " integer bits; hgq4j supports at most " + MAX_WIDTH + " bits");
        }
        return of(width, (int) intBits, signed);
    }

    /**
     * The narrowest type (default modes) that holds every value of every type in {@code types}: the one type a tensor
     * whose elements have different types is stored in (hardware keeps each element's own narrower type by masking,
     * but a C++ array has one element type). Zero-width types hold only 0 and add nothing; all zero-width gives
     * {@link #ZERO}.
     */
    public static FixedType covering(Iterable<FixedType> types) {
        BigInteger lo = BigInteger.ZERO;
        BigInteger hi = BigInteger.ZERO;
        Integer lsb = null;
        for (FixedType t : types) {
            if (!t.isZero()) {
                lsb = lsb == null ? t.lsbExponent() : Math.min(lsb, t.lsbExponent());
            }
        }
        if (lsb == null) {
            return ZERO;
        }
        for (FixedType t : types) {
            if (!t.isZero()) {
                int shift = t.lsbExponent() - lsb;
                lo = lo.min(t.minRaw().shiftLeft(shift));
                hi = hi.max(t.maxRaw().shiftLeft(shift));
            }
        }
        return containing(lo, hi, lsb);
    }

    /**
     * Parses the notation of {@link #toString()}: {@code fixed<W,I>}, {@code ufixed<W,I>}, optionally followed
     * by the quantization and overflow modes ({@code fixed<8,3,RND,SAT>}; the {@code AP_} prefix is accepted).
     *
     * @throws IllegalArgumentException with the expected syntax when the text does not parse or is out of range
     */
    public static FixedType parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a fixed-point type; expected e.g. fixed<8,3>, "
                    + "ufixed<6,0> or fixed<8,3,RND,SAT>");
        }
        int width;
        int intBits;
        try {
            width = Integer.parseInt(m.group(2));
            intBits = Integer.parseInt(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': width or integer bits out of range");
        }
        Quantization quantization = m.group(4) == null ? Quantization.TRN : Quantization.parse(m.group(4));
        Overflow overflow = m.group(5) == null ? Overflow.WRAP : Overflow.parse(m.group(5));
        return new FixedType(width, intBits, m.group(1).isEmpty(), quantization, overflow);
    }

    /**
     * {@code fixed<W,I>} or {@code ufixed<W,I>}, followed by the modes when they are not the defaults:
     * {@code fixed<8,3,RND,SAT>}, {@code ufixed<4,0,RND>}. Parsed back by {@link #parse(String)}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(signed ? "fixed<" : "ufixed<").append(width).append(',').append(intBits);
        if (overflow != Overflow.WRAP) {
            s.append(',').append(quantization.name()).append(',').append(overflow.name());
        } else if (quantization != Quantization.TRN) {
            s.append(',').append(quantization.name());
        }
        return s.append('>').toString();
    }

    /** The vendor's C++ spelling, e.g. {@code ap_fixed<8,3,AP_RND,AP_SAT>}. */
    public String toVendorString() {
        StringBuilder s = new StringBuilder(signed ? "ap_fixed<" : "ap_ufixed<").append(width).append(',').append(intBits);
        if (quantization != Quantization.TRN || overflow != Overflow.WRAP) {
            s.append(',').append(quantization.vendorName()).append(',').append(overflow.vendorName());
        }
        return s.append('>').toString();
    }
}

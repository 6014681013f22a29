package io.hgq4j.model.fixed;

/**
 * Conversion into one target type on {@code long} codes, without allocation: the fast path of {@link FixedCast},
 * which defines the semantics and against which this class is tested code for code.
 *
 * <p>The target may be at most {@value #MAX_WIDTH} bits wide; the source is any {@code long} code with its LSB
 * exponent, or a double. Conversions that had to apply the overflow mode (the rounded value did not fit) can be
 * counted: pass a counter array and a slot, and the slot is incremented once per such conversion.
 */
public final class LongCast {

    /** The widest target this fast path converts into. */
    public static final int MAX_WIDTH = 62;

    private final FixedType target;
    private final int lsbExponent;
    private final Quantization quantization;
    private final Overflow overflow;
    private final int width;
    private final boolean signed;
    private final long min;
    private final long max;
    /** Where SAT_SYM clamps negative overflow (the minimum, or −max for signed targets of two or more bits). */
    private final long saturatedMin;
    private final boolean zero;
    /** 2^−lsbExponent, the scale that turns a value into a count of LSBs (exact: a power of two). */
    private final double scale;
    /** Whether doubles may take the floating-point fast path (TRN and RND, reasonable LSB exponents). */
    private final boolean fastDoubles;
    /** Whether the mode is TRN or RND, the two rounding modes with a short hot path. */
    private final boolean truncOrRound;
    private final boolean round;

    private LongCast(FixedType target) {
        this.target = target;
        this.lsbExponent = target.lsbExponent();
        this.quantization = target.quantization();
        this.overflow = target.overflow();
        this.width = target.width();
        this.signed = target.signed();
        this.zero = target.isZero();
        this.min = target.minRaw().longValueExact();
        this.max = target.maxRaw().longValueExact();
        boolean symmetric = overflow == Overflow.SAT_SYM && signed && width > 1;
        this.saturatedMin = symmetric ? -max : min;
        this.scale = Math.scalb(1.0, -lsbExponent);
        this.truncOrRound = quantization == Quantization.TRN || quantization == Quantization.RND;
        this.round = quantization == Quantization.RND;
        this.fastDoubles = truncOrRound && Math.abs(lsbExponent) < 900;
    }

    /** Whether {@code target} is narrow enough for this fast path. */
    public static boolean supports(FixedType target) {
        return target.width() <= MAX_WIDTH;
    }

    /**
     * The conversion into {@code target}.
     *
     * @throws IllegalArgumentException if the target is wider than {@value #MAX_WIDTH} bits
     */
    public static LongCast into(FixedType target) {
        if (!supports(target)) {
            throw new IllegalArgumentException("the long fast path converts into at most " + MAX_WIDTH + " bits, not "
                    + target);
        }
        return new LongCast(target);
    }

    /** The target type. */
    public FixedType target() {
        return target;
    }

    /** Converts a code whose LSB has exponent {@code sourceLsbExponent}. */
    public long convert(long raw, int sourceLsbExponent) {
        return convert(raw, sourceLsbExponent, null, 0);
    }

    /**
     * Converts a code whose LSB has exponent {@code sourceLsbExponent}; when the overflow mode had to act,
     * {@code overflowCounts[slot]} is incremented (unless {@code overflowCounts} is null).
     */
    public long convert(long raw, int sourceLsbExponent, long[] overflowCounts, int slot) {
        if (zero) {
            return 0;
        }
        int drop = lsbExponent - sourceLsbExponent;
        if (truncOrRound && drop > 0 && drop < 63) {
            // The hot path, small enough to inline: floor, plus the first dropped bit for RND (cannot overflow).
            long rounded = round ? (raw >> drop) + ((raw >>> (drop - 1)) & 1) : raw >> drop;
            return checkRange(rounded, overflowCounts, slot);
        }
        if (drop == 0) {
            return checkRange(raw, overflowCounts, slot);
        }
        return raw == 0 ? 0 : place(raw, drop, overflowCounts, slot);
    }

    /** Converts a double as {@link FixedCast#fromDouble} does; NaN and infinities are the caller's to reject. */
    public long fromDouble(double value) {
        return fromDouble(value, null, 0);
    }

    /** {@link #fromDouble(double)} counting overflow as {@link #convert(long, int, long[], int)} does. */
    public long fromDouble(double value, long[] overflowCounts, int slot) {
        if (zero || value == 0.0) {
            return 0;
        }
        if (fastDoubles) {
            // y = value·2^f is exact (a power-of-two scale of a normal double that stays normal), and so are
            // floor(y) and y − floor(y) below 2^52. TRN is floor(y); RND adds one when that fraction is at least 1/2.
            // (Not floor(y + 1/2): the addition itself can round, e.g. y = 0.5 − 2^−54.) Anything else takes the
            // exact path.
            double y = value * scale;
            double magnitude = Math.abs(y);
            if (magnitude < 0x1p52 && magnitude >= 0x1p-52 && Math.abs(value) >= Double.MIN_NORMAL) {
                double floor = Math.floor(y);
                long rounded = (long) floor;
                if (quantization == Quantization.RND && y - floor >= 0.5) {
                    rounded++;
                }
                return checkRange(rounded, overflowCounts, slot);
            }
        }
        long bits = Double.doubleToRawLongBits(value);
        int biasedExponent = (int) ((bits >>> 52) & 0x7ff);
        long mantissa = (bits & 0x000f_ffff_ffff_ffffL) | (1L << 52);
        // The vendor's reading of a double (FixedCast.fromDouble): ±(1.m)·2^(E−1023), subnormals included.
        int sourceLsbExponent = biasedExponent - 1023 - 52;
        return place(value < 0 ? -mantissa : mantissa, lsbExponent - sourceLsbExponent, overflowCounts, slot);
    }

    /** Moves {@code raw} {@code drop} bits to the right (left if negative), rounding and handling overflow. */
    private long place(long raw, int drop, long[] overflowCounts, int slot) {
        long rounded;
        if (drop <= 0) {
            int shift = -drop;
            int magnitudeBits = 64 - Long.numberOfLeadingZeros(raw ^ (raw >> 63));
            if (magnitudeBits + shift > MAX_WIDTH) {
                // |value| ≥ 2^62 > every code of the target: certainly out of range.
                count(overflowCounts, slot);
                return overflowHuge(raw, shift);
            }
            rounded = raw << shift;
        } else {
            long floor = drop >= 64 ? (raw < 0 ? -1 : 0) : raw >> drop;
            rounded = floor;
            if (quantization != Quantization.TRN) {
                boolean half = drop - 1 >= 64 ? raw < 0 : ((raw >> (drop - 1)) & 1) != 0;
                boolean sticky = drop - 1 >= 64 ? raw != 0 : (raw & ((1L << (drop - 1)) - 1)) != 0;
                if (quantization.incrementsFloor(half, sticky, raw < 0, (floor & 1) != 0)) {
                    rounded = floor + 1;
                }
            }
        }
        return checkRange(rounded, overflowCounts, slot);
    }

    /** The rounded code if it fits the target, else the result of the overflow mode (counted). */
    private long checkRange(long rounded, long[] overflowCounts, int slot) {
        if (rounded >= saturatedMin && rounded <= max) {
            return rounded;
        }
        return overflowed(rounded, overflowCounts, slot);
    }

    /** The overflow mode applied to an out-of-range rounded code (kept apart so the hot path stays small). */
    private long overflowed(long rounded, long[] overflowCounts, int slot) {
        count(overflowCounts, slot);
        return switch (overflow) {
            case WRAP -> wrap(rounded);
            case SAT, SAT_SYM -> rounded > max ? max : saturatedMin;
            case SAT_ZERO -> 0;
        };
    }

    /**
     * Converts many codes of one source LSB exponent in place in a workspace: for every k,
     * {@code codes[outputOffset + elements[k]] = convert(codes[inputOffset + elements[k]], sourceLsbExponent)},
     * counting overflow in {@code overflowCounts[slot]}. Equivalent to the element-wise calls, with the common
     * cases (TRN and RND dropping bits, the HGQ modes) in tight loops. The source codes must fit in 62 bits, as
     * every code of an emulator workspace does.
     */
    public void convertAll(long[] codes, int inputOffset, int outputOffset, int[] elements, int sourceLsbExponent,
                           long[] overflowCounts, int slot) {
        int drop = lsbExponent - sourceLsbExponent;
        if (zero) {
            for (int i : elements) {
                codes[outputOffset + i] = 0;
            }
        } else if (drop > 0 && drop < 63 && quantization == Quantization.TRN) {
            for (int i : elements) {
                codes[outputOffset + i] = checkRange(codes[inputOffset + i] >> drop, overflowCounts, slot);
            }
        } else if (drop > 0 && drop < 63 && quantization == Quantization.RND) {
            long half = 1L << (drop - 1);
            for (int i : elements) {
                // floor(x/2^d + 1/2) = (x + 2^(d−1)) >> d; codes of at most 62 bits leave room for the addition.
                codes[outputOffset + i] = checkRange((codes[inputOffset + i] + half) >> drop, overflowCounts, slot);
            }
        } else if (drop == 0) {
            for (int i : elements) {
                codes[outputOffset + i] = checkRange(codes[inputOffset + i], overflowCounts, slot);
            }
        } else {
            for (int i : elements) {
                codes[outputOffset + i] = convert(codes[inputOffset + i], sourceLsbExponent, overflowCounts, slot);
            }
        }
    }

    /** The overflow result for raw·2^shift, a value too large for any target code. */
    private long overflowHuge(long raw, int shift) {
        return switch (overflow) {
            case WRAP -> shift >= 64 ? 0 : wrap(raw << shift); // the low 64 bits are exact, and W < 64
            case SAT, SAT_SYM -> raw > 0 ? max : saturatedMin;
            case SAT_ZERO -> 0;
        };
    }

    private long wrap(long code) {
        if (signed) {
            return (code << (64 - width)) >> (64 - width);
        }
        return code & ((1L << width) - 1);
    }

    private static void count(long[] overflowCounts, int slot) {
        if (overflowCounts != null) {
            overflowCounts[slot]++;
        }
    }

    @Override
    public String toString() {
        return "LongCast[" + target + "]";
    }
}

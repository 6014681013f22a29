package io.hgq4j.codegen.verilog;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bit-level view the Verilog emitters work in: every generated expression is a concatenation of constant bits and
 * bits of named vectors, rendered with the shortest part-selects and replications, and always unsigned. One instance
 * per generated block: it records which bits of each vector the emitted text reads, so that the block can route the
 * rest into a {@code *_unused} wire and stay clean under Verilator's {@code -Wall}. Conditions are built (and
 * constant-folded) before it is known whether they are emitted, so they only mark their bits when {@link #use(Cond)}
 * emits them; vectors mark theirs when rendered by {@link #vector}.
 */
final class Bits {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** A named vector of the generated block. */
    static final class Signal {
        final String name;
        final int width;
        /** Whether the block declared it (unsigned), so that a whole-vector read may use the bare name. */
        final boolean internal;
        final BitSet used = new BitSet();

        private Signal(String name, int width, boolean internal) {
            this.name = name;
            this.width = width;
            this.internal = internal;
        }

        Bit bit(int index) {
            if (index < 0 || index >= width) {
                throw new IllegalArgumentException("bit " + index + " of " + width + "-bit " + name);
            }
            return new Bit(this, index);
        }
    }

    /** One bit: constant ({@code signal == null}, {@code index} 0 or 1) or bit {@code index} of a signal. */
    record Bit(Signal signal, int index) {
        static final Bit ZERO = new Bit(null, 0);
        static final Bit ONE = new Bit(null, 1);

        boolean constant() {
            return signal == null;
        }
    }

    /**
     * A one-bit condition with its constant value folded in, so that modes which cannot fire for a given pair of types
     * (TRN_ZERO on an unsigned source, say) emit no logic at all.
     *
     * @param text     Verilog text; null when constant
     * @param constant the value when known at generation time
     * @param atomic   whether the text can be an operand of a binary operator without parentheses
     * @param bit      the bit when the condition is just one bit of a signal, else null
     * @param reads    the bits the text reads, marked as used only when the text is emitted ({@link #use})
     */
    record Cond(String text, Boolean constant, boolean atomic, Bit bit, Set<Bit> reads) {
        static final Cond TRUE = new Cond(null, Boolean.TRUE, true, null, Set.of());
        static final Cond FALSE = new Cond(null, Boolean.FALSE, true, null, Set.of());

        private Cond(String text, boolean atomic, Set<Bit> reads) {
            this(text, null, atomic, null, reads);
        }

        private Cond(String text, boolean atomic, Cond a, Cond b) {
            this(text, atomic, union(a.reads, b.reads));
        }

        private static Set<Bit> union(Set<Bit> a, Set<Bit> b) {
            Set<Bit> all = new LinkedHashSet<>(a);
            all.addAll(b);
            return all;
        }

        boolean isFalse() {
            return Boolean.FALSE.equals(constant);
        }

        boolean isTrue() {
            return Boolean.TRUE.equals(constant);
        }

        String operand() {
            return atomic ? text : "(" + text + ")";
        }
    }

    private final Map<String, Signal> signals = new LinkedHashMap<>();

    /** Registers a vector the block reads but does not declare (a port or a wire of the caller). */
    Signal external(String name, int width) {
        return add(name, width, false);
    }

    /** Registers a vector the block declares itself (as an unsigned wire). */
    Signal internal(String name, int width) {
        return add(name, width, true);
    }

    private Signal add(String name, int width, boolean internal) {
        if (signals.containsKey(name)) {
            throw new IllegalArgumentException("signal name '" + name + "' is used twice in one block");
        }
        Signal s = new Signal(name, width, internal);
        signals.put(name, s);
        return s;
    }

    static String checkIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a plain Verilog identifier "
                    + "([A-Za-z_][A-Za-z0-9_$]*)");
        }
        return name;
    }

    /** The constant bits of {@code value}'s two's complement, LSB first. */
    static List<Bit> constant(BigInteger value, int width) {
        List<Bit> bits = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            bits.add(value.testBit(i) ? Bit.ONE : Bit.ZERO);
        }
        return bits;
    }

    /** A sized literal of {@code value}'s low bits: binary up to 4 bits, else {@code 8'd0} for zero or hexadecimal. */
    static String literal(BigInteger value, int width) {
        BigInteger pattern = value.and(BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE));
        if (width <= 4) {
            return width + "'b" + pad(pattern.toString(2), width);
        }
        return pattern.signum() == 0 ? width + "'d0" : width + "'h" + pattern.toString(16);
    }

    private static String pad(String digits, int width) {
        return "0".repeat(width - digits.length()) + digits;
    }

    /**
     * Renders bits (LSB first) as one unsigned expression of exactly {@code bits.size()} bits, MSB first: runs of one
     * signal become part-selects, repeats of one bit replications, constant runs sized literals.
     */
    String vector(List<Bit> bits) {
        use(bits);
        return render(bits);
    }

    /** Marks bits as read by the emitted text. */
    void use(Collection<Bit> bits) {
        for (Bit b : bits) {
            if (!b.constant()) {
                b.signal().used.set(b.index());
            }
        }
    }

    /** Emits a condition: marks what it reads and returns its text. */
    String use(Cond c) {
        use(c.reads());
        return c.text();
    }

    private static String render(List<Bit> bits) {
        if (bits.isEmpty()) {
            throw new IllegalArgumentException("empty vector");
        }
        List<String> parts = new ArrayList<>();
        int i = bits.size() - 1;
        while (i >= 0) {
            Bit b = bits.get(i);
            if (b.constant()) {
                int j = i;
                BigInteger value = BigInteger.ZERO;
                while (j >= 0 && bits.get(j).constant()) {
                    value = value.shiftLeft(1).add(BigInteger.valueOf(bits.get(j).index()));
                    j--;
                }
                parts.add(literal(value, i - j));
                i = j;
                continue;
            }
            int repeats = 1;
            while (i - repeats >= 0 && bits.get(i - repeats).equals(b)) {
                repeats++;
            }
            // A sign extension reads better as {{n{x[7]}}, x[7:2]} than {{n+1{x[7]}}, x[6:2]}: leave the last copy of
            // a repeated bit to the run below it.
            if (repeats > 1 && i - repeats >= 0 && continues(bits.get(i - repeats), b)) {
                repeats--;
            }
            if (repeats > 1) {
                parts.add("{" + repeats + "{" + select(b.signal(), b.index(), b.index()) + "}}");
                i -= repeats;
                continue;
            }
            int j = i;
            while (j - 1 >= 0 && continues(bits.get(j - 1), bits.get(j))) {
                j--;
            }
            parts.add(select(b.signal(), b.index(), bits.get(j).index()));
            i = j - 1;
        }
        return parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
    }

    /** Whether {@code lower} is the bit just below {@code upper} in the same signal. */
    private static boolean continues(Bit lower, Bit upper) {
        return !lower.constant() && lower.signal() == upper.signal() && lower.index() == upper.index() - 1;
    }

    private static String select(Signal s, int hi, int lo) {
        if (s.width == 1) {
            // A one-bit vector may be declared without a range, where a bit-select would be illegal.
            return s.name;
        }
        if (s.internal && hi == s.width - 1 && lo == 0) {
            return s.name;
        }
        return hi == lo ? s.name + "[" + hi + "]" : s.name + "[" + hi + ":" + lo + "]";
    }

    Cond of(Bit b) {
        if (b.constant()) {
            return b.index() == 1 ? Cond.TRUE : Cond.FALSE;
        }
        return new Cond(select(b.signal(), b.index(), b.index()), null, true, b, Set.of(b));
    }

    /** The OR of some bits (false when there are none). */
    Cond any(List<Bit> bits) {
        return reduce(bits, Bit.ONE, Bit.ZERO, "|");
    }

    /** The AND of some bits (true when there are none). */
    Cond all(List<Bit> bits) {
        return reduce(bits, Bit.ZERO, Bit.ONE, "&");
    }

    private Cond reduce(List<Bit> bits, Bit dominant, Bit neutral, String operator) {
        LinkedHashSet<Bit> distinct = new LinkedHashSet<>(bits);
        if (distinct.contains(dominant)) {
            return of(dominant);
        }
        distinct.remove(neutral);
        if (distinct.isEmpty()) {
            return of(neutral);
        }
        if (distinct.size() == 1) {
            return of(distinct.iterator().next());
        }
        return new Cond(operator + render(new ArrayList<>(distinct)), false, distinct);
    }

    static Cond and(Cond a, Cond b) {
        if (a.isFalse() || b.isFalse()) {
            return Cond.FALSE;
        }
        if (a.isTrue()) {
            return b;
        }
        if (b.isTrue()) {
            return a;
        }
        return new Cond(a.operand() + " & " + b.operand(), false, a, b);
    }

    static Cond or(Cond a, Cond b) {
        if (a.isTrue() || b.isTrue()) {
            return Cond.TRUE;
        }
        if (a.isFalse()) {
            return b;
        }
        if (b.isFalse()) {
            return a;
        }
        return new Cond(a.operand() + " | " + b.operand(), false, a, b);
    }

    static Cond not(Cond a) {
        if (a.constant() != null) {
            return a.isTrue() ? Cond.FALSE : Cond.TRUE;
        }
        return new Cond("~" + a.operand(), true, a.reads());
    }

    /**
     * The bits of the block's vectors that nothing read, LSB first per vector. Verilator's {@code -Wall} reports unread
     * bits of a signal (UNUSEDSIGNAL) unless the reader is named like {@code *unused*}, which this collects for.
     */
    List<Bit> unread() {
        List<Bit> bits = new ArrayList<>();
        for (Signal s : signals.values()) {
            for (int i = s.used.nextClearBit(0); i < s.width; i = s.used.nextClearBit(i + 1)) {
                bits.add(new Bit(s, i));
            }
        }
        return bits;
    }
}

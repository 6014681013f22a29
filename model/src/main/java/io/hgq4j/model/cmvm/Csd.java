package io.hgq4j.model.cmvm;

/**
 * Canonical signed digits (the non-adjacent form): v = Σ_k d_k·2^k with d_k ∈ {−1, 0, +1} and no two adjacent
 * non-zero digits. It has the fewest non-zero digits of any signed-digit form, so it needs the fewest adders.
 */
final class Csd {

    /** Entries are limited so that every partial sum of their digits, and every digit position, fits a long. */
    static final long MAX_MAGNITUDE = (1L << 62) - 1;

    private Csd() {
    }

    /**
     * Writes the non-zero digits of {@code v} from the least significant one up, as {@code position·2 + (negative ? 1 :
     * 0)}, into {@code out} (at least 64 long) and returns their number.
     */
    static int digits(long v, int[] out) {
        if (v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
            throw new IllegalArgumentException("|" + v + "| exceeds 2^62 - 1");
        }
        int n = 0;
        int position = 0;
        while (v != 0) {
            if ((v & 1) != 0) {
                // v ≡ 1 (mod 4) takes +1, v ≡ 3 takes −1: the remainder is then divisible by 4, so the next digit is 0.
                boolean negative = (v & 3) == 3;
                out[n++] = position * 2 + (negative ? 1 : 0);
                v += negative ? 1 : -1;
            }
            v >>= 1;
            position++;
        }
        return n;
    }
}

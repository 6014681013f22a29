package io.hgq4j.boards;

import java.util.List;

/** A board name the catalogue does not hold. The one-line message lists the names it does hold. */
public final class UnknownBoardException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> knownNames;

    /**
     * An exception for {@code name}, which is none of {@code knownNames}.
     *
     * @param name       the name that was asked for
     * @param knownNames the names the catalogue holds, in the order to show them
     */
    public UnknownBoardException(String name, List<String> knownNames) {
        super(message(name, knownNames));
        this.name = name;
        this.knownNames = List.copyOf(knownNames);
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }

    /** The names the catalogue holds. */
    public List<String> knownNames() {
        return knownNames;
    }

    private static String message(String name, List<String> known) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < best) {
                best = d;
                closest = candidate;
            }
        }
        // Two edits catch the usual slips (pynq-z3, zcu-102, u55c without alveo- is farther and just gets the list).
        String hint = closest != null && best <= 2 ? " (did you mean " + closest + "?)" : "";
        return "unknown board '" + name + "'" + hint + "; known boards: " + String.join(", ", known);
    }

    /** Levenshtein distance, only ever applied to short names. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

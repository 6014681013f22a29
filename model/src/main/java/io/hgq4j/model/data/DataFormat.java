package io.hgq4j.model.data;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The array file formats {@link SampleArrays} knows, told apart by file name; each may also be gzip-compressed. */
public enum DataFormat {

    /** NumPy's {@code .npy}. */
    NPY,
    /** Comma-separated numbers, {@code .csv}. */
    CSV,
    /** The IDX format of MNIST: {@code .idx}, {@code *-idx3-ubyte}, any {@code *-idxN-*} (also {@code *.idxN-*}). */
    IDX;

    private static final Pattern IDX_NAME = Pattern.compile(".*(\\.idx|[-.]idx\\d+(-.*)?)");

    /**
     * The format a file name says, after dropping a final {@code .gz} (case-insensitive); empty when it says none.
     * Only the last path component counts.
     */
    public static Optional<DataFormat> ofFileName(String name) {
        String base = baseName(name);
        if (base.endsWith(".npy")) {
            return Optional.of(NPY);
        }
        if (base.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return IDX_NAME.matcher(base).matches() ? Optional.of(IDX) : Optional.empty();
    }

    /** Whether the name ends in {@code .gz} (case-insensitive). */
    static boolean gzipName(String name) {
        return lastComponent(name).toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String baseName(String name) {
        String base = lastComponent(name).toLowerCase(Locale.ROOT);
        return base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
    }

    private static String lastComponent(String name) {
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }
}

package io.hgq4j.model.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the fixed-point core against vectors produced with the vendor's arbitrary-precision headers.
 *
 * <p>Reads every {@code *.csv} and {@code *.csv.gz} under the folder named by the system property
 * {@code hgq4j.vectors.dir} (default: this module's test resources: a copy of {@code shared/testvectors} and the
 * vendor-generated corner cases described in {@code testvectors/README.md}).
 * Record formats are described in {@code shared/README.md}: {@code cast}, {@code conv}, {@code mul},
 * {@code add} and {@code sub}, with raw integer codes.
 */
class FixedPointConformanceTest {

    private static final String PROPERTY = "hgq4j.vectors.dir";
    /** The bundled files and their record counts (provenance in src/test/resources/testvectors/README.md). */
    private static final Map<String, Long> BUNDLED = Map.of(
            "fixed_point_ops.csv.gz", 50_000L,
            "vendor_corner_cases.csv.gz", 41_762L);
    private static final int REPORTED_DISAGREEMENTS = 20;

    @TestFactory
    Stream<DynamicTest> everyRecordAgreesWithTheVendorHeaders() throws IOException {
        List<Path> files = vectorFiles(vectorsDir());
        assertThat(files).as("vector files under %s", vectorsDir()).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> checkFile(file)));
    }

    @Test
    void bundledVectorsAreComplete() throws IOException {
        if (System.getProperty(PROPERTY) != null) {
            return; // a user-supplied folder may hold any files
        }
        Map<String, Long> found = new TreeMap<>();
        for (Path file : vectorFiles(vectorsDir())) {
            found.put(file.getFileName().toString(), (long) readLines(file).size());
        }
        assertThat(found).isEqualTo(BUNDLED);
    }

    private static void checkFile(Path file) throws IOException {
        Map<String, Integer> countsByOperation = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int lineNumber = 0;
        for (String line : readLines(file)) {
            lineNumber++;
            String[] f = line.split(",");
            countsByOperation.merge(f[0], 1, Integer::sum);
            String problem = check(f);
            if (problem != null) {
                disagreements.add(file.getFileName() + ":" + lineNumber + ": " + line + " -> " + problem);
            }
        }
        int total = countsByOperation.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%s: %d records %s, %d disagreements%n", file.getFileName(), total, countsByOperation,
                disagreements.size());
        assertThat(disagreements)
                .as("%d of %d records disagree; first ones", disagreements.size(), total)
                .isEqualTo(List.of())
                .withFailMessage(() -> String.join("\n", disagreements.subList(0, Math.min(REPORTED_DISAGREEMENTS, disagreements.size()))));
    }

    /** Returns null when the record agrees, else what was computed. */
    private static String check(String[] f) {
        switch (f[0]) {
            case "cast": {
                FixedType target = type(f, 1, true);
                double value = Double.longBitsToDouble(Long.parseUnsignedLong(f[6], 16));
                BigInteger got = FixedValue.fromDouble(value, target).raw();
                return agree(got, new BigInteger(f[7]));
            }
            case "conv": {
                FixedType source = type(f, 1, false);
                FixedType target = type(f, 5, true);
                BigInteger got = FixedValue.ofRaw(source, new BigInteger(f[4])).castTo(target).raw();
                return agree(got, new BigInteger(f[10]));
            }
            case "mul":
            case "add":
            case "sub": {
                FixedValue a = FixedValue.ofRaw(type(f, 1, false), new BigInteger(f[4]));
                FixedValue b = FixedValue.ofRaw(type(f, 5, false), new BigInteger(f[8]));
                FixedValue r = switch (f[0]) {
                    case "mul" -> a.multiply(b);
                    case "add" -> a.add(b);
                    default -> a.subtract(b);
                };
                FixedType expectedType = type(f, 9, false);
                if (!r.type().equals(expectedType)) {
                    return "result type " + r.type() + ", expected " + expectedType;
                }
                return agree(r.raw(), new BigInteger(f[12]));
            }
            default:
                return "unknown operation '" + f[0] + "'";
        }
    }

    private static String agree(BigInteger got, BigInteger expected) {
        return got.equals(expected) ? null : "got raw " + got;
    }

    /** Reads W, I, S (and Q, O when {@code withModes}) starting at field {@code at}. */
    private static FixedType type(String[] f, int at, boolean withModes) {
        int width = Integer.parseInt(f[at]);
        int intBits = Integer.parseInt(f[at + 1]);
        boolean signed = f[at + 2].equals("1");
        if (!withModes) {
            return FixedType.of(width, intBits, signed);
        }
        return new FixedType(width, intBits, signed, Quantization.parse(f[at + 3]), Overflow.parse(f[at + 4]));
    }

    private static Path vectorsDir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            return Path.of(FixedPointConformanceTest.class.getResource("/testvectors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> vectorFiles(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> readLines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}

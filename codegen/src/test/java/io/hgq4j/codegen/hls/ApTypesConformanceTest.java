package io.hgq4j.codegen.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles hgq4j's own C-simulation headers ({@code ap_int.h}, {@code ap_fixed.h}, {@code hls_stream.h},
 * {@code ap_axi_sdata.h}, shipped as resources under {@code io/hgq4j/codegen/hls/include}) with g++ and checks them:
 *
 * <ul>
 *   <li>against every record of the vendor-produced fixed-point vectors ({@code shared/testvectors/fixed_point_ops.csv.gz}
 *       and the vendor corner cases bundled with the model module), through a driver program that calls the run-time
 *       core the templates are built on ({@code vectors_driver.cpp});</li>
 *   <li>through the class templates themselves ({@code templates_check.cpp}: every quantization and overflow mode,
 *       result types, mixed-sign arithmetic, compound assignment, comparisons, range packing, hls::stream, ap_axiu),
 *       with expected values from the vendor-verified golden tables, hand computation and vector records;</li>
 *   <li>that unsupported constructs are rejected at compile time with a clear message.</li>
 * </ul>
 *
 * g++ is required: without it these tests fail (CI installs it).
 */
class ApTypesConformanceTest {

    private static final String RESOURCES = "/io/hgq4j/codegen/hls/";
    private static final List<String> HEADERS = List.of("ap_int.h", "ap_fixed.h", "hls_stream.h", "ap_axi_sdata.h");
    private static final int REPORTED_MISMATCHES = 10;
    private static final Pattern SUMMARY = Pattern.compile("RECORDS (\\d+) MISMATCHES (\\d+).*");
    private static final Pattern CHECKS = Pattern.compile("CHECKS (\\d+) FAILURES (\\d+)");

    @TempDir
    static Path work;

    private static Path include;

    @BeforeAll
    static void requireGppAndCopyHeaders() throws IOException, InterruptedException {
        Run version;
        try {
            version = run(List.of("g++", "--version"), work, 60);
        } catch (IOException e) {
            throw new AssertionError("g++ was not found on the PATH (" + e.getMessage() + "). These tests compile "
                    + "hgq4j's C-simulation headers and need g++ with C++14 support: install it, e.g. "
                    + "'apt-get install g++'.", e);
        }
        if (version.exitCode != 0) {
            fail("'g++ --version' failed (exit %d): %s. Install a working g++ (e.g. 'apt-get install g++').",
                    version.exitCode, version.output);
        }
        System.out.println("Using " + version.output.lines().findFirst().orElse("g++"));
        include = Files.createDirectories(work.resolve("include"));
        for (String header : HEADERS) {
            copyResource(RESOURCES + "include/" + header, include.resolve(header));
        }
    }

    @Test
    void everyVendorVectorRecordAgrees() throws IOException, InterruptedException {
        Path driver = compile("vectors_driver.cpp", "-O2");
        Path root = projectRoot();
        checkVectors(driver, sharedVectors(root), 50_000);
        checkVectors(driver, root.resolve("model/src/test/resources/testvectors/vendor_corner_cases.csv.gz"), 41_762);
    }

    @Test
    void templatesBehaveAsTheVendorTypes() throws IOException, InterruptedException {
        Path program = compile("templates_check.cpp", "-O1");
        Run result = run(List.of(program.toString()), work, 300);
        Matcher m = CHECKS.matcher(result.output);
        assertThat(m.find()).as("summary line of templates_check; output:%n%s", result.output).isTrue();
        int checks = Integer.parseInt(m.group(1));
        int failures = Integer.parseInt(m.group(2));
        System.out.printf("templates_check: %d checks, %d failures%n", checks, failures);
        assertThat(failures).as("failed template checks:%n%s", failedLines(result.output)).isZero();
        assertThat(result.exitCode).isZero();
        assertThat(checks).as("number of template checks run").isGreaterThanOrEqualTo(400);
    }

    @Test
    void readingAnEmptyStreamAbortsWithAMessage() throws IOException, InterruptedException {
        Path source = work.resolve("empty_stream.cpp");
        Files.writeString(source, """
                #include "hls_stream.h"
                int main() {
                  hls::stream<int> s("input");
                  s.write(1);
                  int a = s.read();
                  int b = s.read();
                  return a + b;
                }
                """);
        Path program = work.resolve("empty_stream");
        Run compile = run(gpp(source, program, "-O0"), work, 300);
        assertThat(compile.exitCode).as("g++ output:%n%s", compile.output).isZero();
        Run result = run(List.of(program.toString()), work, 60);
        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("read from empty stream 'input'");
    }

    @Test
    void unsupportedConstructsDoNotCompile() throws IOException, InterruptedException {
        expectCompileError("ap_fixed<129, 10> a;", "widths above 128 bits");
        expectCompileError("ap_fixed<100, 10> a, b; auto c = a * b;", "widths above 128 bits");
        expectCompileError("ap_fixed<8, 3, AP_TRN, AP_WRAP, 1> a;", "parameter N of ap_fixed must be 0");
        expectCompileError("ap_ufixed<8, 3, AP_TRN, AP_WRAP_SM> a;", "AP_WRAP_SM is not supported");
        // As with the vendor's headers, fixed-point arithmetic with a double does not compile: constants must be typed.
        expectCompileError("ap_fixed<8, 3> a; auto c = a * 0.5;", "operator*");
    }

    private static void expectCompileError(String body, String message) throws IOException, InterruptedException {
        Path source = work.resolve("reject.cpp");
        Files.writeString(source, "#include \"ap_fixed.h\"\nint main() {\n  " + body + "\n  return 0;\n}\n");
        Run result = run(List.of("g++", "-std=c++14", "-fsyntax-only", "-I", include.toString(), source.toString()),
                work, 300);
        assertThat(result.exitCode).as("'%s' should not compile", body).isNotZero();
        assertThat(result.output).as("compiler output for '%s'", body).contains(message);
    }

    private static void checkVectors(Path driver, Path gzipped, long expectedRecords)
            throws IOException, InterruptedException {
        assertThat(gzipped).as("vector file").isRegularFile();
        Path csv = work.resolve(gzipped.getFileName().toString().replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
        Run result = run(List.of(driver.toString(), csv.toString()), work, 600);
        assertThat(result.exitCode).as("driver exit code; output:%n%s", result.output).isZero();
        String summary = result.output.lines().filter(l -> SUMMARY.matcher(l).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line from the driver:\n" + result.output));
        System.out.println(gzipped + ": " + summary);
        Matcher m = SUMMARY.matcher(summary);
        assertThat(m.matches()).isTrue();
        long records = Long.parseLong(m.group(1));
        long mismatches = Long.parseLong(m.group(2));
        List<String> firstMismatches = result.output.lines().filter(l -> l.startsWith("MISMATCH"))
                .limit(REPORTED_MISMATCHES).toList();
        assertThat(mismatches)
                .as("%d of %d records of %s disagree; the first ones (line: record -> computed):%n%s", mismatches,
                        records, gzipped.getFileName(), String.join("\n", firstMismatches))
                .isZero();
        assertThat(records).as("records read from %s", gzipped).isEqualTo(expectedRecords);
    }

    /** Compiles a test-resource C++ program against the headers, printing how long g++ took. */
    private static Path compile(String resource, String optimization) throws IOException, InterruptedException {
        Path source = work.resolve(resource);
        copyResource(RESOURCES + resource, source);
        Path program = work.resolve(resource.replace(".cpp", ""));
        long start = System.nanoTime();
        Run result = run(gpp(source, program, optimization), work, 600);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("g++ compiled %s in %.1f s%n", resource, seconds);
        assertThat(result.exitCode).as("g++ failed on %s:%n%s", resource, result.output).isZero();
        List<String> headerWarnings = result.output.lines()
                .filter(l -> l.contains("warning") && l.contains(include.toString())).toList();
        assertThat(headerWarnings).as("warnings in the headers with -Wall -Wextra").isEmpty();
        return program;
    }

    private static List<String> gpp(Path source, Path program, String optimization) {
        return List.of("g++", "-std=c++14", optimization, "-Wall", "-Wextra", "-Wno-unknown-pragmas",
                "-I", include.toString(), "-o", program.toString(), source.toString());
    }

    /**
     * The fixed-point vectors: {@code shared/testvectors/fixed_point_ops.csv.gz} in the shared folder (the system
     * property {@code hgq4j.shared.dir}, else the sibling {@code ../shared} of the project root); in a checkout without
     * that folder (a git worktree), the byte-identical copy bundled with the model module's tests.
     */
    private static Path sharedVectors(Path root) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("hgq4j.shared.dir");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured, "testvectors", "fixed_point_ops.csv.gz").toAbsolutePath().normalize());
        }
        candidates.add(root.resolve("../shared/testvectors/fixed_point_ops.csv.gz").normalize());
        candidates.add(root.resolve("model/src/test/resources/testvectors/fixed_point_ops.csv.gz"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("fixed_point_ops.csv.gz not found; looked at " + candidates));
    }

    /** The project root: the nearest folder, from the module directory upwards, that holds {@code mvnw}. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new AssertionError("no folder with mvnw above " + dir);
    }

    private static String failedLines(String output) {
        return output.lines().filter(l -> l.startsWith("FAIL") || l.startsWith("     got"))
                .limit(40).collect(Collectors.joining("\n"));
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = ApTypesConformanceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + name + " is missing"));
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command, merging stderr into stdout; fails the test if it does not finish in time. */
    private static Run run(List<String> command, Path directory, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("(could not read output: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %d s", String.join(" ", command), timeoutSeconds);
        }
        reader.join();
        return new Run(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }
}

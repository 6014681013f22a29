package io.hgq4j.runtime.xrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding against the real XRT library (Debian's {@code libxrt-dev}, which {@code test.sh} installs), with XRT's
 * "noop" driver: no card needed. XRT reads {@code XILINX_XRT} and {@code XCL_EMULATION_MODE} from the process
 * environment and aborts the process when they are wrong, so the binding runs in a child JVM ({@link XrtNoopProbe})
 * whose environment this test sets; a crash there fails this test instead of killing the test JVM.
 *
 * <p>Required: without the library the test fails, unless {@code HGQ4J_SKIP_XRT=1} says to skip it.
 */
class XrtNoopTest {

    private static final long TIMEOUT_S = 120;
    private static final String SKIP = "HGQ4J_SKIP_XRT=1: skipping the test against the real XRT library";

    /** A folder laid out like an XRT install ({@code lib/libxrt_*.so.2}) over the distribution's libraries. */
    private static Path fakeInstall(Path dir) throws IOException {
        Path system = null;
        for (Path folder : XrtLocator.DEFAULT_FOLDERS) {
            if (Files.isRegularFile(folder.resolve("libxrt_coreutil.so.2"))
                    && Files.isRegularFile(folder.resolve("libxrt_noop.so.2"))) {
                system = folder;
                break;
            }
        }
        if (system == null) {
            fail("XRT is not installed (no libxrt_coreutil.so.2 and libxrt_noop.so.2 in " + XrtLocator.DEFAULT_FOLDERS
                    + "); install it with apt-get install libxrt-dev (test.sh does), or set HGQ4J_SKIP_XRT=1 to skip");
        }
        Path lib = Files.createDirectories(dir.resolve("xrt/lib"));
        try (Stream<Path> files = Files.list(system)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("libxrt_") && name.endsWith(".so.2")) {
                    Files.createSymbolicLink(lib.resolve(name), f);
                }
            }
        }
        return lib.getParent();
    }

    @Test
    void bindingAndDeviceRunAgainstXrtsNoopDriver(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("HGQ4J_SKIP_XRT")), SKIP);
        Path home = fakeInstall(dir);
        String output;
        try {
            output = probe(dir, home, Files.createDirectories(dir.resolve("build")).toString());
        } finally {
            removeLinks(home);
        }
        for (String line : List.of("loaded " + home.resolve("lib/libxrt_coreutil.so.2"), "device open",
                "buffer allocated, size 4096", "write, sync, read back: 0 bytes differ",
                "mapped view: 0 bytes differ, byte 5 written through it reads 42", "buffer freed", "device closed")) {
            assertTrue(output.lines().anyMatch(line::equals), "missing '" + line + "' in:\n" + output);
        }
        for (String line : List.of("xrt device xrt:0 running tiny_mlp_kernel", "batch of 3: completed",
                "batch of 300: completed", "buffers grown to 512 samples",
                "batch of 300 with the emulator as kernel: input words on the card equal: true, outputs equal: true",
                "batch of 1 with the emulator as kernel: input words on the card equal: true, outputs equal: true",
                "batch of 17 with the emulator as kernel: input words on the card equal: true, outputs equal: true",
                "packed batch of 5: completed", "xrt device closed twice; release problems: []")) {
            assertTrue(output.lines().anyMatch(line::equals), "missing '" + line + "' in:\n" + output);
        }
        assertTrue(output.lines().anyMatch(l -> l.startsWith("bad BDF: xrtDeviceOpenByBDF(\"0000:ff:1f.7\") failed:"
                + " returned NULL, ")), output);
    }

    @Test
    void exitingWithADeviceOpenDoesNotCrashTheJvm(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("HGQ4J_SKIP_XRT")), SKIP);
        Path home = fakeInstall(dir);
        String output;
        try {
            output = probe(dir, home, Files.createDirectories(dir.resolve("build")).toString(), "--leave-open");
        } finally {
            removeLinks(home);
        }
        assertTrue(output.lines().anyMatch("exiting with the device open"::equals), output);
    }

    /**
     * Runs {@link XrtNoopProbe} with {@code args} in a JVM whose environment selects XRT's noop driver from
     * {@code home}; returns its output after checking it exited with 0 (a crash in XRT exits with 134 or 139).
     */
    private static String probe(Path dir, Path home, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A crash report (XRT failing hard) goes to the temporary folder, not the module's working directory.
        List<String> command = new ArrayList<>(List.of(java, "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-Dhgq4j.project.dir=" + System.getProperty("hgq4j.project.dir", ".."), "-cp", classPath,
                XrtNoopProbe.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("probe.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("XILINX_XRT", home.toString());
        pb.environment().put("XCL_EMULATION_MODE", "noop");
        Process process = pb.start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the XRT probe did not finish within " + TIMEOUT_S + " s; output:\n" + read(log));
        }
        String output = read(log);
        System.out.println("XRT noop probe " + List.of(args) + " output:\n" + output);
        assertEquals(0, process.exitValue(), "the XRT probe failed (exit " + process.exitValue() + "):\n" + output);
        return output;
    }

    /** Removes the links ourselves: JUnit warns about every link into /usr/lib it has to delete. */
    private static void removeLinks(Path home) throws IOException {
        try (Stream<Path> links = Files.list(home.resolve("lib"))) {
            for (Path link : (Iterable<Path>) links::iterator) {
                Files.delete(link);
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}

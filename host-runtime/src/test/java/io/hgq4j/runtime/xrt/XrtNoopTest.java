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
        Assumptions.assumeFalse("1".equals(System.getenv("HGQ4J_SKIP_XRT")),
                "HGQ4J_SKIP_XRT=1: skipping the test against the real XRT library");
        Path home = fakeInstall(dir);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Dhgq4j.project.dir=" + System.getProperty("hgq4j.project.dir", ".."), "-cp", classPath,
                XrtNoopProbe.class.getName(), Files.createDirectories(dir.resolve("build")).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("probe.log").toFile());
        pb.environment().put("XILINX_XRT", home.toString());
        pb.environment().put("XCL_EMULATION_MODE", "noop");
        Process process = pb.start();
        try {
            run(process, dir, home);
        } finally {
            // Remove the links ourselves: JUnit warns about every link into /usr/lib it has to delete.
            try (Stream<Path> links = Files.list(home.resolve("lib"))) {
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
    }

    private static void run(Process process, Path dir, Path home) throws Exception {
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the XRT probe did not finish within " + TIMEOUT_S + " s; output:\n" + read(dir));
        }
        String output = read(dir);
        System.out.println("XRT noop probe output:\n" + output);
        assertEquals(0, process.exitValue(), "the XRT probe failed (exit " + process.exitValue() + "):\n" + output);
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

    private static String read(Path dir) throws IOException {
        return Files.readString(dir.resolve("probe.log"), StandardCharsets.UTF_8);
    }
}

package io.hgq4j.codegen.verilog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Running Verilator, Yosys and friends from the tests, and finding the project's files. */
final class VerilogTools {

    /** What a finished command printed (stdout and stderr together) and how it exited. */
    record Run(int exitCode, String output, double seconds) {
    }

    private VerilogTools() {
    }

    /**
     * Runs a command in {@code dir}. A command that cannot be started fails the test with the Debian package to
     * install: the Verilog tests never skip.
     */
    static Run run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String pkg = command.get(0).equals("vvp") ? "iverilog" : command.get(0);
            throw new AssertionError("'" + command.get(0) + "' could not be started (" + e.getMessage() + "). The Verilog "
                    + "tests need it: install Debian's " + pkg + " package (apt-get install " + pkg
                    + "; test.sh does).", e);
        }
        // Read before waiting: a full pipe would block the tool.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), output, (System.nanoTime() - start) / 1e9);
    }

    /** Fails unless {@code verilator} runs, with the package to install. */
    static void requireVerilator(Path dir) throws IOException, InterruptedException {
        Run version = run(List.of("verilator", "--version"), dir, 60);
        if (version.exitCode() != 0) {
            throw new AssertionError("'verilator --version' failed: " + version.output()
                    + "Install Debian's verilator package (apt-get install verilator).");
        }
    }

    /**
     * {@code verilator --lint-only -Wall} on one file, read as Verilog-2001 (IEEE 1364-2001).
     *
     * @return everything Verilator printed: empty when the file is clean
     */
    static Run lint(Path file, String top) throws IOException, InterruptedException {
        return run(List.of("verilator", "--lint-only", "-Wall", "--default-language", "1364-2001",
                "--top-module", top, file.getFileName().toString()), file.getParent(), 600);
    }

    /** Builds a Verilator C++ model of {@code top} with a C++ main; returns the executable's path. */
    static Path build(Path verilog, Path driver, String top) throws IOException, InterruptedException {
        Path dir = verilog.getParent();
        List<String> command = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-j", "2", "-Wall",
                "--default-language", "1364-2001", "--top-module", top, "-o", top + "_sim",
                // -O1 instead of Verilator's -Os: the models are wide and flat, and the build time is what counts.
                "-MAKEFLAGS", "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1",
                verilog.getFileName().toString(), driver.getFileName().toString()));
        Run build = run(command, dir, 1200);
        if (build.exitCode() != 0) {
            throw new AssertionError("Verilator build of " + verilog + " failed:\n" + tail(build.output()));
        }
        System.out.printf("verilator build of %s: %.1f s%n", top, build.seconds());
        return dir.resolve("obj_dir").resolve(top + "_sim");
    }

    /**
     * Synthesizes {@code top} with Yosys for an UltraScale+ part ({@code synth_xilinx -family xcup -noiopad}) and
     * returns the cell counts by type ({@code stat -json}); fails if Yosys reports an error.
     */
    static Map<String, Integer> yosysCells(Path verilog, String top) throws IOException, InterruptedException {
        Path stat = verilog.resolveSibling(top + "_stat.json");
        String script = "read_verilog " + verilog.getFileName() + "; synth_xilinx -family xcup -top " + top
                + " -noiopad; tee -q -o " + stat.getFileName() + " stat -json";
        Run run = run(List.of("yosys", "-q", "-p", script), verilog.getParent(), 1200);
        if (run.exitCode() != 0) {
            throw new AssertionError("yosys failed on " + verilog + ":\n" + tail(run.output()));
        }
        System.out.printf("yosys synth_xilinx of %s: %.1f s%n", top, run.seconds());
        String json = Files.readString(stat);
        // The counts are a flat {"TYPE": n, ...} object; no JSON library is needed for it.
        Matcher block = Pattern.compile("\"num_cells_by_type\":\\s*\\{([^}]*)\\}").matcher(json);
        if (!block.find()) {
            throw new AssertionError("no cell counts in " + stat + ":\n" + json);
        }
        Map<String, Integer> cells = new TreeMap<>();
        Matcher entry = Pattern.compile("\"([^\"]+)\":\\s*(\\d+)").matcher(block.group(1));
        while (entry.find()) {
            cells.put(entry.group(1), Integer.parseInt(entry.group(2)));
        }
        return cells;
    }

    static String tail(String text) {
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }

    /** The project root: the nearest folder, from the working directory upwards, that holds {@code mvnw}. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new AssertionError("no folder with mvnw above " + dir);
    }

    /** The shared vector file: {@code -Dhgq4j.shared.dir}, else {@code <root>/../shared}. */
    static Path sharedVectors() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("hgq4j.shared.dir");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured, "testvectors", "fixed_point_ops.csv.gz").toAbsolutePath().normalize());
        }
        candidates.add(projectRoot().resolve("../shared/testvectors/fixed_point_ops.csv.gz").normalize());
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new AssertionError("fixed_point_ops.csv.gz not found; looked at " + candidates));
    }
}

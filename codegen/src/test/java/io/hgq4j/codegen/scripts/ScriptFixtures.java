package io.hgq4j.codegen.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.Board.Family;
import io.hgq4j.boards.Board.InterfaceKind;
import io.hgq4j.boards.Board.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Boards, specs, generated projects and external commands shared by the build-script tests. */
final class ScriptFixtures {

    static final String NAME = "mlp";
    static final List<String> ZYNQ_FIRMWARE = List.of("firmware/mlp.cpp", "firmware/mlp_axis.cpp");
    static final List<String> ALVEO_FIRMWARE = List.of("firmware/mlp.cpp", "firmware/mlp_kernel.cpp");
    static final String TESTBENCH = "tb/mlp_test.cpp";
    static final List<String> TB_DATA = List.of("tb_data/tb_input_features.dat", "tb_data/tb_output_predictions.dat");

    private ScriptFixtures() {
    }

    static Board pynqZ2() {
        return new Board("pynq-z2", "TUL PYNQ-Z2", Family.ZYNQ_7000, "xc7z020clg400-1",
                Optional.of("tul.com.tw:pynq-z2:part0:1.0"), List.of(100.0),
                new Resources(53_200, 106_400, 220, 280, 0), InterfaceKind.AXI_STREAM_DMA, Optional.empty());
    }

    static Board zcu104() {
        return new Board("zcu104", "AMD ZCU104", Family.ZYNQ_ULTRASCALE_PLUS, "xczu7ev-ffvc1156-2-e",
                Optional.of("xilinx.com:zcu104:part0:1.1"), List.of(100.0, 200.0),
                new Resources(230_400, 460_800, 1_728, 624, 96), InterfaceKind.AXI_STREAM_DMA, Optional.empty());
    }

    /** A Zynq-7000 board Vivado has no board files for. */
    static Board bareZynq() {
        return new Board("bare-z7", "a Zynq-7000 board without board files", Family.ZYNQ_7000, "xc7z010clg400-1",
                Optional.empty(), List.of(50.0), new Resources(17_600, 35_200, 80, 120, 0),
                InterfaceKind.AXI_STREAM_DMA, Optional.empty());
    }

    static Board alveoU55c() {
        return new Board("alveo-u55c", "AMD Alveo U55C", Family.ALVEO, "xcu55c-fsvh2892-2L-e", Optional.empty(),
                List.of(300.0), new Resources(1_303_680, 2_607_360, 9_024, 4_032, 960),
                InterfaceKind.XRT_MEMORY_MAPPED, Optional.of("xilinx_u55c_gen3x16_xdma_3_202210_1"));
    }

    static Board alveoU250() {
        return new Board("alveo-u250", "AMD Alveo U250", Family.ALVEO, "xcu250-figd2104-2L-e", Optional.empty(),
                List.of(300.0), new Resources(1_728_000, 3_456_000, 12_288, 5_376, 1_280),
                InterfaceKind.XRT_MEMORY_MAPPED, Optional.of("xilinx_u250_gen3x16_xdma_4_1_202210_1"));
    }

    static BuildSpec spec(Board board) {
        return BuildSpec.of(NAME, board, board.isZynq() ? ZYNQ_FIRMWARE : ALVEO_FIRMWARE, TESTBENCH, TB_DATA);
    }

    /** Writes the scripts and placeholder firmware, testbench and data files, as {@code hgq4j compile} would. */
    static Path project(Path out, BuildSpec spec) {
        try {
            List<String> files = new ArrayList<>(spec.firmwareSources());
            files.add(spec.testbench());
            files.addAll(spec.tbData());
            for (String f : files) {
                Path p = out.resolve("hls").resolve(f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, "// placeholder\n");
            }
            BuildScripts.write(spec, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command on PATH; fails (never skips) when it is missing, naming the Debian package to install. */
    static String require(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        return fail(command + " is not on PATH: the build-script tests need it; install Debian's '" + debianPackage
                + "' package (sudo apt-get install " + debianPackage + ")");
    }

    static String tclsh() {
        return require("tclsh", "tcl");
    }

    static String make() {
        return require("make", "make");
    }

    /** What a finished process printed. */
    record Result(int exitCode, String stdout, String stderr) {

        Result succeeded() {
            assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();
            return this;
        }

        Result failed() {
            assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr).isNotZero();
            return this;
        }
    }

    /**
     * Runs a command in {@code dir} with {@code env} added to an environment from which every HGQ4J_ and STUB_
     * variable of the caller has been removed, so that nothing outside the test steers the scripts.
     */
    static Result run(Path dir, Map<String, String> env, List<String> command) {
        try {
            Path stdout = Files.createTempFile("hgq4j-test", ".out");
            Path stderr = Files.createTempFile("hgq4j-test", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("HGQ4J_") || k.startsWith("STUB_"));
                pb.environment().putAll(env);
                Process process = pb.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the vendor stub out of the test resources. */
    static Path stub(Path dir) {
        try (InputStream in = ScriptFixtures.class.getResourceAsStream("vendor_stub.tcl")) {
            assertThat(in).as("vendor_stub.tcl test resource").isNotNull();
            Path stub = dir.resolve("vendor_stub.tcl");
            Files.write(stub, in.readAllBytes());
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code script} under tclsh with the vendor stub, from {@code workDir}, and returns the result; the
     * commands the script called are appended to {@code log}.
     */
    static Result runStubbed(Path stub, Path script, Path log, Path workDir, Map<String, String> env) {
        return run(workDir, env, List.of(tclsh(), stub.toString(), script.toString(), log.toString()));
    }

    static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that for each prefix a line starts with it, each after the line matched by the one before. */
    static void assertInOrder(List<String> log, String... prefixes) {
        int from = 0;
        for (String prefix : prefixes) {
            int found = -1;
            for (int i = from; i < log.size(); i++) {
                if (log.get(i).startsWith(prefix)) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("a line starting with '%s' after line %d of%n%s", prefix, from,
                    String.join("\n", log)).isNotNegative();
            from = found + 1;
        }
    }

    /** The single log line starting with {@code prefix}. */
    static String line(List<String> log, String prefix) {
        List<String> matches = log.stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(matches).as("lines starting with '%s' in%n%s", prefix, String.join("\n", log)).hasSize(1);
        return matches.get(0);
    }

    /** Writes an executable shell script. */
    static Path executable(Path file, String text) {
        try {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.hgq4j.codegen.verilog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Generates a design, lints it, builds its Verilator testbench and runs it. */
final class VerilatorSim {

    /** What a run found. */
    record Outcome(RtlProject project, String lint, String output, long mismatches, long latency, double buildSeconds) {
    }

    private static final Pattern RESULT = Pattern.compile(
            "rtl: (\\d+) samples, (\\d+) mismatches, (\\d+) mismatches with back-pressure, latency (-?\\d+) cycles");

    private VerilatorSim() {
    }

    static Outcome run(FirmwareModel model, RtlOptions options, double[][] samples, Path dir)
            throws IOException, InterruptedException {
        RtlProject project = RtlProject.generate(model, options);
        project.write(dir, samples);
        List<String> sources = project.sourceFiles().stream().map(f -> "rtl/" + f).toList();
        List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", project.wrapper()));
        lint.addAll(sources);
        String lintOutput = exec(lint, dir, 10);
        List<String> build = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-O1", "-Wno-fatal",
                "--top-module", project.wrapper(), "-Mdir", "obj_dir", "-o", "sim", "tb/" + project.wrapper() + "_tb.cpp"));
        build.addAll(sources);
        long start = System.nanoTime();
        String buildOutput = exec(build, dir, 30);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!dir.resolve("obj_dir/sim").toFile().exists()) {
            fail("Verilator did not build the testbench:\n" + tail(buildOutput));
        }
        String output = exec(List.of("obj_dir/sim", "tb/tb_input_words.txt", "tb/tb_output_words.txt"), dir, 30);
        Matcher m = RESULT.matcher(output);
        assertThat(m.find()).as("testbench summary in:\n" + tail(output)).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(samples.length);
        long mismatches = Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
        return new Outcome(project, lintOutput, output.trim(), mismatches, Long.parseLong(m.group(4)), seconds);
    }

    static String exec(List<String> command, Path dir, int minutes) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " could not be started (" + e.getMessage() + "); the RTL tests need "
                    + "Verilator: install Debian's verilator package (.ci/run does)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish in " + minutes + " minutes");
        }
        return out;
    }

    static String tail(String text) {
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }
}

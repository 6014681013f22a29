package io.hgq4j.codegen.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generates an HLS project, compiles its firmware and testbench with g++ against hgq4j's own headers, runs the
 * testbench, and compares every output it wrote with the emulator's, independently of the testbench's own check.
 */
final class GccCsim {

    /** What one run found. */
    record Outcome(int samples, long mismatches, String testbenchOutput, double compileSeconds) {
    }

    private GccCsim() {
    }

    static Outcome run(FirmwareModel model, HlsOptions options, double[][] samples, Path dir)
            throws IOException, InterruptedException {
        HlsProject project = HlsProject.generate(model, options);
        Path hls = dir.resolve("hls");
        project.write(hls, samples);
        List<String> command = new ArrayList<>(List.of("g++", "-std=c++14", "-O1", "-Iinclude", "-Ifirmware", "-o", "csim"));
        project.firmwareFiles().stream().filter(f -> f.endsWith(".cpp")).forEach(command::add);
        command.add(project.testbenchFile());
        long start = System.nanoTime();
        Process gcc = start(command, hls);
        String compilerOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(10, TimeUnit.MINUTES) || gcc.exitValue() != 0) {
            fail("g++ failed on the generated project:\n" + tail(compilerOutput));
        }
        double compileSeconds = (System.nanoTime() - start) / 1e9;
        Process tb = start(List.of("./csim"), hls);
        String output = new String(tb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tb.waitFor(10, TimeUnit.MINUTES)).as("testbench finished").isTrue();
        List<String> lines = Files.readAllLines(hls.resolve("tb_data/csim_results.log"));
        assertThat(lines).as("one result line per sample").hasSize(samples.length);
        Emulator.Result expected = Emulator.of(model).run(samples);
        long mismatches = 0;
        for (int s = 0; s < samples.length; s++) {
            String[] fields = lines.get(s).trim().split(" ");
            double[] want = expected.values(s);
            boolean same = fields.length == want.length;
            for (int j = 0; same && j < want.length; j++) {
                same = Double.parseDouble(fields[j]) == want[j];
            }
            mismatches += same ? 0 : 1;
        }
        assertThat(tb.exitValue()).as("testbench exit status; it printed: " + output).isZero();
        return new Outcome(samples.length, mismatches, output.trim(), compileSeconds);
    }

    private static Process start(List<String> command, Path dir) throws IOException {
        try {
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " could not be started (" + e.getMessage() + "); the HLS tests need "
                    + "g++: install Debian's g++ package (.ci/run does)", e);
        }
    }

    private static String tail(String text) {
        return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }
}

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hgq4j demo} end to end with a short training: every step runs (g++ and Verilator are installed in CI), every
 * comparison reports zero differences, and the summary is printed.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void theWholeToolChainRunsAndAgreesBitForBit() {
        Path out = dir.resolve("demo");
        assertThat(cli.run("demo", "-o", out.toString(), "--epochs", "30")).as(cli.err()).isZero();
        String text = cli.out();
        for (int step = 1; step <= 7; step++) {
            assertThat(text).contains("[" + step + "/7]");
        }
        assertThat(text).contains("emulator vs quantizer: 0 of 359 differ")
                .contains("csim: 359 samples, 0 mismatches, 0 wrapper mismatches")
                .contains("rtl: 359 samples, 0 mismatches, 0 mismatches with back-pressure")
                .contains("0 of 3590 output codes differ from the emulator")
                .contains("device emulator (emulator, board pynq-z2")
                .contains("summary (")
                .contains("bit-exact     quantizer = emulator = HLS C++ = Verilog on every test image");
        assertThat(out.resolve("digits.hgq")).isRegularFile();
        assertThat(out.resolve("models/digits/hgq4j-build.json")).isRegularFile();
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(text).contains("report.html: ").contains("  report        " + out.resolve("report.html"));
        cli.clear();
        assertThat(cli.run("demo", "-o", out.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("already holds a demo; remove it or pass -o ANOTHER_DIR");
    }
}

package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hgq4j run}: a build folder on the emulator fallback, its log line, outputs, and the mistakes users make. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final FirmwareModel model = RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 4);

    private Path build() throws IOException {
        Path file = dir.resolve("mlp.hgq");
        HgqFile.write(model, file);
        Path out = dir.resolve("build");
        assertThat(cli.run("compile", file.toString(), "--board", "pynq-z2", "-o", out.toString(), "--tb-samples", "2"))
                .as(cli.err()).isZero();
        cli.clear();
        return out;
    }

    private double[] inputs(int count) {
        Random random = new Random(9);
        int n = model.inputs().get(0).type().size();
        double[] values = new double[count * n];
        for (int s = 0; s < count; s++) {
            System.arraycopy(RandomModels.sample(model.inputs().get(0), random), 0, values, s * n, n);
        }
        return values;
    }

    @Test
    void runsOnTheEmulatorFallbackAndWritesTheEmulatorsOutputs() throws IOException {
        Path build = build();
        int count = 300;
        double[] x = inputs(count);
        Path in = dir.resolve("x.npy");
        SampleArrays.write(in, SampleArray.of(x, count, model.inputs().get(0).type().shape()));
        Path out = dir.resolve("y.npy");
        assertThat(cli.run("run", build.toString(), "-i", in.toString(), "-o", out.toString(), "--batch", "128",
                "--check")).as(cli.err()).isZero();
        assertThat(cli.out().lines().findFirst().orElseThrow()).startsWith("device emulator (emulator, board pynq-z2");
        assertThat(cli.out()).contains("ran 300 samples").contains("ns per sample on the accelerator")
                .contains("check against the emulator: 0 of");
        Emulator.Result expected = Emulator.of(model).run(x, count, 1);
        SampleArray y = SampleArrays.read(out);
        assertThat(y.count()).isEqualTo(count);
        for (int s = 0; s < count; s++) {
            assertThat(y.samples(s, s + 1).toArray()).containsExactly(expected.values(s));
        }
    }

    @Test
    void theEmulatedZynqBoardRunsTheSameDriverAndGivesTheSameCodes() throws IOException {
        Path build = build();
        int count = 2_500;
        Path in = dir.resolve("x.npy");
        SampleArrays.write(in, SampleArray.of(inputs(count), count, model.inputs().get(0).type().shape()));
        assertThat(cli.run("run", build.toString(), "-i", in.toString(), "--device", "zynq-emulated", "--batch", "1000",
                "--check")).as(cli.err()).isZero();
        assertThat(cli.out().lines().findFirst().orElseThrow()).startsWith("device zynq-emulated (zynq-emulated, board pynq-z2")
                .contains("register-level AXI DMA");
        assertThat(cli.out()).contains("ran 2,500 samples").contains("check against the emulator: 0 of");
        cli.clear();
        assertThat(cli.run("run", build.toString(), "-i", in.toString(), "--require-hardware")).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .startsWith("hgq4j: error: no hardware device available: xrt: artifact has no xclbin")
                .contains("zynq: no FPGA manager at");
    }

    @Test
    void mistakesAreOneLine() throws IOException {
        Path build = build();
        Path in = dir.resolve("x.npy");
        SampleArrays.write(in, SampleArray.of(new double[6], 2, Shape.of(3)));
        assertThat(cli.run("run", build.toString(), "-i", in.toString())).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString().contains("x.npy: samples have shape");
        cli.clear();
        assertThat(cli.run("run", build.toString(), "-i", in.toString(), "--device", "fpga")).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .contains("unknown device 'fpga'; expected auto, xrt, zynq, zynq-emulated, emulator");
        cli.clear();
        assertThat(cli.run("run", dir.resolve("mlp.hgq").toString(), "-i", in.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("a model, not a compiled artifact");
    }
}

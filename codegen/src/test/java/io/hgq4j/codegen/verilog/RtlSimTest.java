package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.TestInputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random models of every layer kind as Verilog, simulated by Verilator through the AXI-Stream wrapper: every output
 * equals the emulator's, with and without back-pressure; the latency is the timing model's; lint is clean.
 */
class RtlSimTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(strings = {"mlp", "cnn2d", "cnn1d", "branches", "two_inputs", "softmax"})
    void randomModelsMatchTheEmulator(String recipe) throws Exception {
        int index = RandomModels.RECIPES.indexOf(recipe);
        for (int seed = 1; seed <= 2; seed++) {
            FirmwareModel model = RandomModels.model(index, 17L * seed + index, seed == 2 ? 24 : RandomModels.MAX_WIDTH);
            double[][] samples = TestInputs.random(model, 200, seed);
            RtlOptions options = new RtlOptions("net", seed, seed == 1 ? 64 : 32, CmvmOptions.defaults());
            VerilatorSim.Outcome outcome = VerilatorSim.run(model, options, samples, dir.resolve(recipe + seed));
            assertThat(outcome.lint()).as(recipe + " seed " + seed + " lint").isEmpty();
            assertThat(outcome.mismatches()).as(recipe + " seed " + seed + ": " + outcome.output()).isZero();
            assertThat(outcome.latency()).as("latency through the wrapper").isEqualTo(outcome.project().wrapperLatency());
        }
    }
}

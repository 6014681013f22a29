package io.hgq4j.codegen.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.codegen.TestInputs;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.RandomModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated C++ compiled with g++ and run on random models of every layer kind: the testbench's outputs equal
 * the emulator's on every sample, through the core function and through the target's wrapper.
 */
class HlsCsimTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "recipe {0}")
    @ValueSource(strings = {"mlp", "cnn2d", "cnn1d", "branches", "two_inputs", "softmax"})
    void randomModelsMatchTheEmulator(String recipe) throws Exception {
        int index = RandomModels.RECIPES.indexOf(recipe);
        for (int seed = 1; seed <= 2; seed++) {
            FirmwareModel model = RandomModels.model(index, 17L * seed + index, seed == 2 ? 24 : RandomModels.MAX_WIDTH);
            double[][] samples = TestInputs.random(model, 300, seed);
            HlsOptions.Target target = seed == 1 ? HlsOptions.Target.ZYNQ_AXI_STREAM : HlsOptions.Target.ALVEO_KERNEL;
            GccCsim.Outcome outcome = GccCsim.run(model, new HlsOptions("net", target, seed == 1 ? 64 : 32), samples,
                    dir.resolve(recipe + seed));
            assertThat(outcome.mismatches()).as(recipe + " seed " + seed + ": " + outcome.testbenchOutput()).isZero();
            assertThat(outcome.testbenchOutput()).contains("300 samples, 0 mismatches, 0 wrapper mismatches");
        }
    }

    @Test
    void elementsWiderThanABusWordAreRefusedWithAReason() {
        FirmwareModel model = FirmwareModel.builder("wide")
                .add(new Input("x", TensorType.uniform(Shape.of(3), FixedType.signed(12, 4))))
                .add(new Relu("r", "x"))
                .output("r")
                .build();
        assertThatThrownBy(() -> HlsProject.generate(model, new HlsOptions("net", HlsOptions.Target.ZYNQ_AXI_STREAM, 8)))
                .isInstanceOf(CodegenException.class)
                .hasMessageContaining("model 'wide'").hasMessageContaining("do not fit a 8-bit bus word");
    }
}

package io.hgq4j.model.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/tiny_mlp.hgq}, the model the README inspects, is also the format-version-1 compatibility fixture:
 * a file written by an earlier hgq4j must keep loading as the same model. To (re)write it after an intended change
 * of the example, run {@code ./mvnw -pl model test -Dtest=ExampleModelTest -Dhgq4j.writeExamples=true}.
 */
class ExampleModelTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("hgq4j.project.dir", ".."), "examples", "tiny_mlp.hgq");

    /** A hand-written 4-3-2 MLP with HGQ-style per-element types, a pruned weight and a pruned neuron. Not trained. */
    static FirmwareModel tinyMlp() {
        FixedType in6 = new FixedType(6, 2, true, Quantization.RND, Overflow.SAT);
        FixedType in4 = new FixedType(4, 1, true, Quantization.RND, Overflow.SAT);
        FixedType inU = new FixedType(5, 3, false, Quantization.RND, Overflow.SAT);
        FixedType w4 = FixedType.signed(4, 1);
        FixedType w6 = FixedType.signed(6, 1);
        FixedType w3 = FixedType.signed(3, 0);
        FixedType bias = FixedType.signed(5, 1);
        FixedType hidden8 = new FixedType(8, 3, true, Quantization.TRN, Overflow.WRAP);
        FixedType hidden6 = new FixedType(6, 2, true, Quantization.RND, Overflow.SAT);
        FixedType out = new FixedType(10, 4, true, Quantization.RND, Overflow.SAT);
        return FirmwareModel.builder("tiny_mlp")
                .add(new Input("x", TensorType.of(Shape.of(4), new FixedType[] {in6, in6, in4, inU})))
                .add(new Dense("dense1", "x",
                        FixedTensor.ofLongs(TensorType.of(Shape.of(4, 3), new FixedType[] {
                            w4, w6, w3, w4, w6, w3, w6, w6, w3, w4, w4, w3}),
                            3, -17, 1, -6, 9, 0, 21, -2, -3, 5, 0, 2),
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(3), bias), 4, -3, 7)))
                .add(new Quantize("q1", "dense1", TensorType.of(Shape.of(3), new FixedType[] {hidden8, hidden6, FixedType.ZERO})))
                .add(new Relu("relu1", "q1"))
                .add(new Dense("dense2", "relu1",
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(3, 2), w6), 11, -5, -9, 14, 3, 8),
                        FixedTensor.ofLongs(TensorType.uniform(Shape.of(2), bias), -2, 5)))
                .add(new Quantize("out", "dense2", TensorType.uniform(Shape.of(2), out)))
                .output("out")
                .metadata("description", "hand-written example, not trained: a 4-3-2 MLP with per-element types")
                .build();
    }

    @Test
    void theExampleFileReadsAsTheExampleModel() throws IOException {
        if (Boolean.getBoolean("hgq4j.writeExamples")) {
            HgqFile.write(tinyMlp(), EXAMPLE);
        }
        assertThat(HgqFile.read(EXAMPLE)).isEqualTo(tinyMlp());
    }

    /** Pins the example's behaviour: x = (1, -0.5, 0.25, 3) worked through by hand. */
    @Test
    void theExampleComputesWhatItShould() {
        // Weights: fixed<4,1> codes are eighths, fixed<6,1> 32nds, fixed<3,0> eighths; biases (fixed<5,1>) 16ths.
        // dense1 unit 0: 1*(3/8) - 0.5*(-6/8) + 0.25*(21/32) + 3*(5/8) + 4/16 = 3.0390625
        //   -> q1 fixed<8,3> TRN (LSB 1/32): 97.25/32 -> 97/32 = 3.03125
        // unit 1: 1*(-17/32) - 0.5*(9/32) + 0.25*(-2/32) + 3*0 - 3/16 = -0.875 -> fixed<6,2> RND: -0.875 -> relu: 0
        // unit 2: pruned by q1 (zero-width type) -> 0
        // out0 = 3.03125*(11/32) - 2/16 = 0.9169921875 -> fixed<10,4> RND (LSB 1/64): 58.6875 -> 59/64 = 0.921875
        // out1 = 3.03125*(-5/32) + 5/16 = -0.1611328125 -> -10.3125 -> floor(-9.8125) = -10 -> -0.15625
        FixedTensor y = new ReferenceEvaluator(tinyMlp()).evaluate(new double[] {1, -0.5, 0.25, 3});
        assertThat(y.toDoubles()).containsExactly(0.921875, -0.15625);
        assertThat(Files.exists(EXAMPLE)).isTrue();
    }
}

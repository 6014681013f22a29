package io.hgq4j.emulator.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.model.testing.RandomModels;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TimingModelTest {

    /** The Vitis HLS 2022.2 reports of codegen.md §3.2: 3.33 ns target, 27 % uncertainty. */
    private static final TimingModel VITIS_300MHZ = new TimingModel(new Clock(3.33, 0.27));

    @Test
    void lutDenseLayersTakeTwoToThreeCyclesAsInTheReports() {
        for (int inputs : new int[] {16, 32, 64}) {
            FirmwareModel m = dense(inputs, 8, FixedType.unsigned(6, 0), FixedType.signed(6, 1), 21);
            assertThat(VITIS_300MHZ.estimate(m).layer("dense").latencyCycles()).as("%d inputs", inputs).isBetween(2, 3);
        }
    }

    @Test
    void sixteenBitDspDenseLayersTakeAboutFiveCycles() {
        FirmwareModel m = dense(16, 8, FixedType.signed(16, 6), FixedType.signed(16, 4), 0x5a5b);
        assertThat(VITIS_300MHZ.estimate(m).layer("dense").latencyCycles()).isBetween(5, 6);
    }

    @Test
    void smallPoolingIsChainedIntoItsNeighbours() {
        FirmwareModel m = FirmwareModel.builder("pool")
                .add(new Input("x", TensorType.uniform(Shape.of(8, 8, 2), FixedType.unsigned(6, 2))))
                .add(Pool.pool2d("p", "x", Pool.Reduction.MAX, 2, 2, 2, 2, Padding.VALID))
                .output("p").build();
        assertThat(VITIS_300MHZ.estimate(m).layer("p").latencyCycles()).isZero();
    }

    @Test
    void everyLayerIsFullyPipelined() {
        for (int i = 0; i < 25; i++) {
            ModelTiming t = new TimingModel(Clock.DEFAULT).estimate(RandomModels.model(i, i));
            assertThat(t.initiationInterval()).isEqualTo(1);
            assertThat(t.layers()).allSatisfy(l -> assertThat(l.initiationInterval()).isEqualTo(1));
        }
    }

    /** Appending a layer never shortens the path, whatever the model. */
    @Property(tries = 60)
    void latencyIsMonotoneInDepth(@ForAll @IntRange(min = 0, max = 200) int seed) {
        FirmwareModel model = RandomModels.model(seed, seed);
        String output = model.outputs().get(0);
        int features = model.outputType(output).shape().lastDim();
        Shape shape = model.outputType(output).shape();
        FirmwareModel deeper = model.toBuilder()
                .add(new Dense("extra", output, ones(features, 3), ones(3)))
                .add(new Quantize("extra_q", "extra", TensorType.uniform(shape.withLastDim(3), FixedType.signed(8, 4))))
                .output("extra_q").build();
        TimingModel timing = new TimingModel(Clock.DEFAULT);
        assertThat(timing.estimate(deeper).latencyCycles()).isGreaterThanOrEqualTo(timing.estimate(model).latencyCycles());
    }

    /** Wider inputs, more inputs and wider constants never make a layer faster. */
    @Property(tries = 200)
    void latencyIsMonotoneInWidthAndFanIn(@ForAll @IntRange(min = 1, max = 40) int width,
                                          @ForAll @IntRange(min = 1, max = 200) int inputs,
                                          @ForAll @IntRange(min = 1, max = 14) int weightBits,
                                          @ForAll @IntRange(min = 1, max = 20) int periodTenthsNs) {
        TimingModel timing = new TimingModel(Clock.ofPeriod(periodTenthsNs / 10.0 + 1));
        int base = latency(timing, inputs, width, weightBits);
        assertThat(latency(timing, inputs, width + 1, weightBits)).isGreaterThanOrEqualTo(base);
        assertThat(latency(timing, inputs + 1, width, weightBits)).isGreaterThanOrEqualTo(base);
        assertThat(latency(timing, inputs, width, weightBits + 1)).isGreaterThanOrEqualTo(base);
        TimingModel slower = new TimingModel(Clock.ofPeriod(periodTenthsNs / 10.0 + 1.5));
        assertThat(latency(slower, inputs, width, weightBits)).isLessThanOrEqualTo(base);
    }

    /**
     * A 10-way softmax on 12-bit inputs with 1,024-entry tables and 9-bit entries at 200 MHz (B = 3.65 ns): the maximum
     * and differences take 5 levels of 12-bit logic (1.9 ns, over half the budget: 1 cycle), the exp table 1, the sum
     * 4 levels (chained: 0), the inverse table 1, the 9×9-bit product a DSP (2), the register 1: 6 cycles. With 64-entry
     * tables and 6-bit entries both reads and the DSP go: 1 + 0 + 0 + 0 + 1 (3 levels of 12-bit LUT logic) + 1 = 3.
     */
    @Test
    void aSoftmaxTakesAFewCycles() {
        TimingModel timing = new TimingModel(Clock.DEFAULT);
        assertThat(timing.estimate(softmax(10, 12, 10, 9)).layer("sm").latencyCycles()).isEqualTo(6);
        assertThat(timing.estimate(softmax(10, 12, 6, 6)).layer("sm").latencyCycles()).isEqualTo(3);
    }

    /** Longer rows, larger tables and wider entries never make a softmax faster. */
    @Property(tries = 100)
    void softmaxLatencyIsMonotone(@ForAll @IntRange(min = 1, max = 64) int n, @ForAll @IntRange(min = 1, max = 24) int inputWidth,
                                  @ForAll @IntRange(min = 0, max = 11) int indexWidth,
                                  @ForAll @IntRange(min = 1, max = 20) int entryWidth) {
        TimingModel timing = new TimingModel(Clock.DEFAULT);
        int base = timing.estimate(softmax(n, inputWidth, indexWidth, entryWidth)).layer("sm").latencyCycles();
        assertThat(base).isBetween(1, 10);
        assertThat(timing.estimate(softmax(n + 1, inputWidth, indexWidth, entryWidth)).layer("sm").latencyCycles())
                .isGreaterThanOrEqualTo(base);
        assertThat(timing.estimate(softmax(n, inputWidth + 1, indexWidth, entryWidth)).layer("sm").latencyCycles())
                .isGreaterThanOrEqualTo(base);
        assertThat(timing.estimate(softmax(n, inputWidth, indexWidth + 1, entryWidth)).layer("sm").latencyCycles())
                .isGreaterThanOrEqualTo(base);
        assertThat(timing.estimate(softmax(n, inputWidth, indexWidth, entryWidth + 1)).layer("sm").latencyCycles())
                .isGreaterThanOrEqualTo(base);
    }

    /** x (n of fixed<inputWidth,3>) → softmax with two tables of 2^indexWidth entries of ufixed<entryWidth,1> (all ones). */
    private static FirmwareModel softmax(int n, int inputWidth, int indexWidth, int entryWidth) {
        FixedType index = FixedType.unsigned(indexWidth, 3);
        long[] codes = new long[1 << indexWidth];
        Arrays.fill(codes, 1);
        FixedTensor table = FixedTensor.ofLongs(TensorType.uniform(Shape.of(codes.length), FixedType.unsigned(entryWidth, 1)),
                codes);
        return FirmwareModel.builder("s")
                .add(new Input("x", TensorType.uniform(Shape.of(n), FixedType.signed(inputWidth, 3))))
                .add(new Softmax("sm", "x", index, table, index, table, FixedType.unsigned(8, 1)))
                .output("sm").build();
    }

    @Test
    void systemTimingCountsPackedStreamWords() {
        // 16 inputs of 12 bits = 192 bits = 6 words of 32; 5 outputs of 11 bits = 55 bits = 2 words.
        FirmwareModel m = dense(16, 5, FixedType.signed(12, 5), FixedType.signed(6, 1), 3);
        FirmwareModel quantized = m.toBuilder()
                .add(new Quantize("out", "dense", TensorType.uniform(Shape.of(5), FixedType.signed(11, 5))))
                .output("out").build();
        FirmwareModel withoutDenseOutput = rebuildWithOutput(quantized, "out");
        TimingModel timing = new TimingModel(Clock.DEFAULT);
        SystemTiming sys = timing.system(withoutDenseOutput, new StreamInterface(32, Clock.DEFAULT));
        assertThat(sys.inputWords()).isEqualTo(6);
        assertThat(sys.outputWords()).isEqualTo(2);
        assertThat(sys.intervalCycles()).isEqualTo(6);
        assertThat(sys.latencyCycles()).isEqualTo(6 + timing.estimate(withoutDenseOutput).latencyCycles() + 2);
        assertThat(sys.samplesPerSecond()).isEqualTo(1e9 / (6 * 5.0));
    }

    private static int latency(TimingModel timing, int inputs, int width, int weightBits) {
        long weight = (1L << (weightBits - 1)) | 1; // exactly weightBits significant bits
        return timing.estimate(dense(inputs, 2, FixedType.signed(width, 2), FixedType.signed(weightBits + 1, weightBits + 1), weight))
                .layer("dense").latencyCycles();
    }

    private static FirmwareModel dense(int inputs, int units, FixedType inputType, FixedType weightType, long weight) {
        long[] codes = new long[inputs * units];
        Arrays.fill(codes, weight);
        return FirmwareModel.builder("d")
                .add(new Input("x", TensorType.uniform(Shape.of(inputs), inputType)))
                .add(Dense.withoutBias("dense", "x", FixedTensor.ofLongs(TensorType.uniform(Shape.of(inputs, units), weightType), codes)))
                .output("dense").build();
    }

    private static FirmwareModel rebuildWithOutput(FirmwareModel m, String output) {
        FirmwareModel.Builder b = FirmwareModel.builder(m.name());
        m.layers().forEach(b::add);
        return b.output(output).build();
    }

    private static FixedTensor ones(int... dims) {
        long[] codes = new long[Shape.of(dims).size()];
        Arrays.fill(codes, 1);
        return FixedTensor.ofLongs(TensorType.uniform(Shape.of(dims), FixedType.signed(2, 1)), codes);
    }
}

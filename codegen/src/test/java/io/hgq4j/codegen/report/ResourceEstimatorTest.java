package io.hgq4j.codegen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.boards.Board;
import io.hgq4j.emulator.timing.Clock;
import io.hgq4j.emulator.timing.TimingModel;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resource estimates on a model small enough to count by hand. */
class ResourceEstimatorTest {

    /**
     * x: 2 elements of fixed<4,2>; dense: weights 0.5 (1 significant bit) and 0.75 (2 bits) into unit 0, 0 and 0.5
     * into unit 1 (the zero costs nothing), plus a 10-bit weight 0.5 + 2^-9 into unit 2, which goes to a DSP.
     */
    private static FirmwareModel model() {
        FixedType w1 = FixedType.unsigned(1, 0);
        FixedType w2 = FixedType.unsigned(2, 0);
        FixedType w10 = FixedType.unsigned(10, 0);
        FixedTensor kernel = FixedTensor.ofLongs(TensorType.of(Shape.of(2, 3),
                new FixedType[] {w1, FixedType.ZERO, w10, w2, w1, FixedType.ZERO}), 1, 0, 513, 3, 1, 0);
        FixedTensor bias = FixedTensor.ofLongs(TensorType.uniform(Shape.of(3), FixedType.ZERO), 0, 0, 0);
        return FirmwareModel.builder("count")
                .add(new Input("x", TensorType.uniform(Shape.of(2), FixedType.signed(4, 2))))
                .add(new Dense("d", "x", kernel, bias))
                .add(new Quantize("q", "d", TensorType.uniform(Shape.of(3),
                        new FixedType(6, 3, true, Quantization.RND, Overflow.SAT))))
                .add(new Relu("r", "q"))
                .output("r")
                .build();
    }

    @Test
    void countsByHand() {
        List<LayerEstimate> rows = ResourceEstimator.estimate(model(), new TimingModel(Clock.ofPeriod(5)));
        LayerEstimate dense = rows.get(1);
        // EBOPs: 4·1 + 4·2 (unit 0) + 4·1 (unit 1) + 4·10 (unit 2) = 56; one DSP for the 10-bit constant.
        assertThat(dense.ebops()).isEqualTo(56);
        assertThat(dense.dsp()).isEqualTo(1);
        assertThat(dense.lut()).isEqualTo(56 - 55);
        // 3 elements of 6 bits, each rounded (RND) and saturated (SAT): 3·6·2 LUTs.
        assertThat(rows.get(2).lut()).isEqualTo(36);
        assertThat(rows.get(2).ebops()).isZero();
        // ReLU: half a LUT per output bit, rounded up.
        TensorType r = model().outputType("r");
        long reluBits = 0;
        for (int e = 0; e < r.size(); e++) {
            reluBits += r.typeAt(e).width();
        }
        assertThat(rows.get(3).lut()).isEqualTo((reluBits + 1) / 2);
        // Flip-flops: every layer's output bits times its latency.
        TensorType d = model().outputType("d");
        long bits = 0;
        for (int e = 0; e < d.size(); e++) {
            bits += d.typeAt(e).width();
        }
        assertThat(dense.ff()).isEqualTo(dense.latency() * bits);
    }

    @Test
    void theReportSaysWhetherTheDesignFits() {
        FirmwareModel model = model();
        TimingModel timing = new TimingModel(Clock.ofPeriod(5));
        Board tiny = new Board("tiny", "tiny", Board.Family.ZYNQ_7000, "xc7z007sclg225-1", Optional.empty(),
                List.of(100.0), new Board.Resources(40, 100, 1, 0, 0), Board.InterfaceKind.AXI_STREAM_DMA,
                Optional.empty());
        CompileReport small = new CompileReport("count", tiny, timing.estimate(model),
                ResourceEstimator.estimate(model, timing));
        assertThat(small.fits()).isFalse();
        assertThat(small.toText()).contains("fits: NO");
        Board big = new Board("big", "big", Board.Family.ZYNQ_7000, "xc7z020clg400-1", Optional.empty(),
                List.of(100.0), new Board.Resources(53_200, 106_400, 220, 280, 0), Board.InterfaceKind.AXI_STREAM_DMA,
                Optional.empty());
        CompileReport fine = new CompileReport("count", big, timing.estimate(model), ResourceEstimator.estimate(model, timing));
        assertThat(fine.fits()).isTrue();
        assertThat(fine.toText()).contains("fits: yes").contains("total");
        assertThat(fine.total().lut()).isEqualTo(fine.layers().stream().mapToLong(LayerEstimate::lut).sum());
    }
}

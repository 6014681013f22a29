package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Quantize;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * QONNX {@code Trunc} (version 2) imports exactly: the firmware model's reference evaluator against
 * {@link GraphEvaluator}'s float64 trunc_v2 formula on thousands of random inputs with ties and saturation.
 */
class QonnxTruncTest {

    private static List<Quantize> quantizers(FirmwareModel model) {
        return model.layers().stream().filter(l -> l instanceof Quantize).map(l -> (Quantize) l).toList();
    }

    @ParameterizedTest
    @CsvSource({
        "FLOOR, true, false, 5, 'fixed<5,4,TRN,SAT>'",
        "ROUND, true, false, 5, 'fixed<5,4,RND_CONV,SAT>'",
        "round, true, true, 5, 'fixed<5,4,RND_CONV,SAT_SYM>'",
        "FLOOR, true, true, 4, 'fixed<4,3,TRN,SAT_SYM>'",
        "ROUND, false, false, 4, 'ufixed<4,3,RND_CONV,SAT>'",
        "floor, false, false, 6, 'ufixed<6,5,TRN,SAT>'",
        ", true, false, 6, 'fixed<6,5,TRN,SAT>'",
    })
    void truncOfAnAccumulatorRoundsTwiceAndIsBitExact(String rounding, boolean signed, boolean narrow, int bits, String type) {
        Onnx.ModelProto onnx = Qonnx.truncAccumulator(21, rounding, signed, narrow, bits);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "trunc", "trunc.onnx");
        List<Quantize> q = quantizers(model);
        assertThat(q).hasSize(2);
        assertThat(q.get(0).target().uniformType().lsbExponent()).isEqualTo(-2);
        assertThat(q.get(0).target().uniformType().quantization().name()).isEqualTo("RND_CONV");
        assertThat(q.get(1).target().uniformType().toString()).isEqualTo(type);
        int distinct = QonnxSemanticsTest.compare(onnx, model, 3000, 8, 0.125, 6, x -> x, 31);
        assertThat(distinct).isGreaterThan(200);
    }

    @ParameterizedTest
    @CsvSource({
        "FLOOR, true, false, -3, 0.125, 0.5, 4",
        "ROUND, true, false, -3, 0.125, 0.5, 4",
        "ROUND, true, true, -3, 0.125, 0.25, 5",
        "FLOOR, false, false, -3, 0.125, 0.5, 3",
        "ROUND, false, false, -4, 0.125, 0.5, 5",
        "ROUND, true, false, -1, 0.125, 0.25, 6",
        "FLOOR, true, false, -2, 0.25, 0.125, 6",
    })
    void truncOfAQuantizedValueIsOneQuantizer(String rounding, boolean signed, boolean narrow, int inExp, double scale,
                                              double outScale, int bits) {
        Onnx.ModelProto onnx = Qonnx.truncAfterQuant(rounding, signed, narrow, inExp, scale, outScale, bits);
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "trunc", "trunc.onnx");
        int expectedQuantizers = inExp < Math.getExponent(scale) ? 2 : 1;
        assertThat(quantizers(model)).hasSize(expectedQuantizers);
        int distinct = QonnxSemanticsTest.compare(onnx, model, 3000, 6, Math.scalb(1.0, inExp), 4, x -> x, 37);
        assertThat(distinct).isGreaterThan(100);
    }
}

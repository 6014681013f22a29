package io.hgq4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.eval.ReferenceEvaluator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.TableLookup;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * QONNX {@code BipolarQuant} on activations imports exactly as a table lookup: the firmware model's reference
 * evaluator against {@link GraphEvaluator}'s {@code where(x >= 0, 1, -1)·scale} on thousands of random inputs, a
 * quarter of the elements exactly zero (QONNX maps 0 to +scale).
 */
class QonnxBipolarTest {

    private static final String QONNX = "qonnx.custom_op.general";

    private static String bipolar(Qonnx q, String x, double scale) {
        return q.node("BipolarQuant", QONNX, List.of(), x, q.scalar(scale));
    }

    private static TableLookup table(FirmwareModel model) {
        List<TableLookup> tables = model.layers().stream().filter(l -> l instanceof TableLookup).map(l -> (TableLookup) l).toList();
        assertThat(tables).hasSize(1);
        return tables.get(0);
    }

    /** Compares on {@code samples} inputs (a quarter of the elements 0, the rest on a tie grid or Gaussian). */
    private static Set<String> compare(Onnx.ModelProto onnx, FirmwareModel model, int samples, int features, double lsb,
                                       double sigma, long seed) {
        GraphEvaluator expected = new GraphEvaluator(onnx, null);
        ReferenceEvaluator actual = new ReferenceEvaluator(model);
        Random r = new Random(seed);
        Set<String> distinct = new HashSet<>();
        for (int s = 0; s < samples; s++) {
            double[] x = QonnxSemanticsTest.sample(r, features, lsb, sigma);
            for (int i = 0; i < x.length; i++) {
                if (r.nextInt(4) == 0) {
                    x[i] = r.nextBoolean() ? 0.0 : -0.0;
                }
            }
            if (s % 10 == 0) {
                Arrays.fill(x, 0.0);
            }
            double[] want = expected.evaluate(x);
            double[] got = actual.evaluate(x).toDoubles();
            assertThat(got).as("sample %d: %s", s, Arrays.toString(x)).containsExactly(want);
            distinct.add(Arrays.toString(got));
        }
        return distinct;
    }

    @ParameterizedTest
    @CsvSource({
        "0.25, 6, true, 0.5",
        "0.125, 8, true, 1",
        "0.5, 4, false, 0.25",
        "1, 1, true, 4",
        "0.25, 12, true, 0.0625",
    })
    void quantThenBipolarIsATableAndBitExact(double inScale, int bits, boolean signed, double scale) {
        Qonnx q = new Qonnx();
        q.input("x", 6);
        String qx = q.quant("x", inScale, 0, bits, signed, false, "ROUND");
        q.output(bipolar(q, qx, scale));
        Onnx.ModelProto onnx = q.model();
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "bip", "bip.onnx");
        TableLookup t = table(model);
        assertThat(t.function()).isEqualTo("bipolar");
        assertThat(t.inputWidth()).isEqualTo(bits);
        FixedType entry = t.table().type().uniformType();
        assertThat(entry.width()).isEqualTo(2);
        assertThat(entry.signed()).isTrue();
        assertThat(Math.scalb(1.0, entry.lsbExponent())).isEqualTo(scale);
        double[] entries = t.table().toDoubles();
        for (int k = 0; k < entries.length; k++) {
            boolean negative = signed && k >= entries.length / 2;
            assertThat(entries[k]).as("entry %d", k).isEqualTo(negative ? -scale : scale);
        }
        Set<String> distinct = compare(onnx, model, 3000, 6, inScale, 4 * inScale * Math.max(1, bits - 2), 41);
        String zeros = Arrays.toString(new double[] {scale, scale, scale, scale, scale, scale});
        assertThat(distinct).contains(zeros);
        assertThat(distinct.size()).isGreaterThan(signed ? 30 : 0);
    }

    @Test
    void bipolarBetweenDenseLayersIsBitExact() {
        Random r = new Random(5);
        Qonnx q = new Qonnx();
        q.input("x", 8);
        String x = q.quant("x", 0.125, 0, 6, true, false, "ROUND");
        String w1 = q.quant(q.init("W1", Qonnx.gaussian(r, 8 * 10, 0.5), 8, 10), 0.0625, 0, 5, true, false, "ROUND");
        String h = q.quant(q.node("MatMul", x, w1), 0.25, 0, 7, true, false, "ROUND");
        String b = bipolar(q, h, 0.5);
        String w2 = q.quant(q.init("W2", Qonnx.gaussian(r, 10 * 3, 0.5), 10, 3), 0.125, 0, 5, true, false, "ROUND");
        // |sum| <= 10 · 0.5 · 2 = 10 on a grid of 2^-4: 10 bits hold it without saturation
        q.output(q.quant(q.node("MatMul", b, w2), 0.0625, 0, 10, true, false, "ROUND"));
        Onnx.ModelProto onnx = q.model();
        FirmwareModel model = OnnxImporter.fromProto(onnx, null, "bip2", "bip2.onnx");
        TableLookup t = table(model);
        assertThat(t.inputWidth()).isEqualTo(7);
        assertThat(t.table().type().uniformType().lsbExponent()).isEqualTo(-1);
        assertThat(compare(onnx, model, 3000, 8, 0.125, 3, 43).size()).isGreaterThan(300);
    }
}

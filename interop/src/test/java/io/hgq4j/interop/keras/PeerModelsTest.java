package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two peer models import with the structure, shapes and types read by hand from their config and arrays. */
class PeerModelsTest {

    private static List<String> ops(FirmwareModel model) {
        return model.layers().stream().map(l -> l.name() + ":" + l.op()).toList();
    }

    private static FixedType trnWrap(String type) {
        return FixedType.parse(type);
    }

    @Test
    void jetClassifier() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(Fixtures.peer(Fixtures.JET));

        assertThat(model.name()).isEqualTo("model");
        assertThat(ops(model)).containsExactly(
                "input_1:input",
                "dense_1:dense", "dense_1_quantizer:quantize", "dense_1_relu:relu", "dense_1_relu_quantizer:quantize",
                "dense_2:dense", "dense_2_quantizer:quantize", "dense_2_relu:relu", "dense_2_relu_quantizer:quantize",
                "dense_3:dense", "dense_3_quantizer:quantize", "dense_3_relu:relu", "dense_3_relu_quantizer:quantize",
                "dense_4:dense", "dense_4_quantizer:quantize");
        assertThat(model.outputs()).containsExactly("dense_4_quantizer");
        assertThat(model.metadata()).containsEntry("source", Fixtures.JET)
                .containsEntry("importer", "hgq4j keras-hdf5").containsEntry("keras_version", "2.13.1");

        // input_1 + inp_q_quantizer (TRN, WRAP): bits [6,6,10,10,9,9,6,5,5,6,6,6,5,2,12,8], integers [4,4,4,4,4,5,4,4,4,3,...]
        Input input = model.inputs().get(0);
        assertThat(input.type().shape()).isEqualTo(Shape.of(16));
        assertThat(input.type().typeAt(0)).isEqualTo(trnWrap("fixed<6,4>"));
        assertThat(input.type().typeAt(5)).isEqualTo(trnWrap("fixed<9,5>"));
        assertThat(input.type().typeAt(13)).isEqualTo(trnWrap("fixed<2,3>"));
        assertThat(input.type().typeAt(14)).isEqualTo(trnWrap("fixed<12,5>"));

        // dense_1_quantizer: one [1]-shaped quantizer broadcast over 64 elements
        Quantize q1 = (Quantize) model.layer("dense_1_quantizer");
        assertThat(q1.target()).isEqualTo(TensorType.uniform(Shape.of(64), trnWrap("fixed<12,9>")));

        // dense_1_relu_quantizer, per element: (0,0,0) -> zero; (10,8,0) -> ufixed<10,8>; (5,7,0) -> ufixed<5,7>
        TensorType relu1 = ((Quantize) model.layer("dense_1_relu_quantizer")).target();
        assertThat(relu1.typeAt(0)).isEqualTo(FixedType.ZERO);
        assertThat(relu1.typeAt(2)).isEqualTo(trnWrap("ufixed<10,8>"));
        assertThat(relu1.typeAt(22)).isEqualTo(trnWrap("ufixed<5,7>"));
        assertThat(relu1.toArray()).filteredOn(FixedType::isZero).hasSize(57);   // 57 of 64 pruned, as hls4ml reports

        // dense_4_quantizer: bits [10,9,9,10,10], integers [5,4,4,4,5], all signed
        assertThat(((Quantize) model.layer("dense_4_quantizer")).target().toArray()).containsExactly(
                trnWrap("fixed<10,5>"), trnWrap("fixed<9,4>"), trnWrap("fixed<9,4>"), trnWrap("fixed<10,4>"),
                trnWrap("fixed<10,5>"));

        // weights, exact and each in its narrowest type
        Dense dense1 = (Dense) model.layer("dense_1");
        assertThat(dense1.kernel().shape()).isEqualTo(Shape.of(16, 64));
        assertThat(dense1.kernel().get(9).toString()).isEqualTo("-0.125 fixed<1,-2>");
        assertThat(dense1.kernel().get(22).toString()).isEqualTo("-8 fixed<1,4>");
        assertThat(dense1.kernel().get(27).toString()).isEqualTo("8 ufixed<1,4>");
        assertThat(dense1.bias().get(2).toString()).isEqualTo("1.125 ufixed<4,1>");
        assertThat(dense1.bias().get(35).toString()).isEqualTo("-1.5 fixed<3,2>");
        assertThat(dense1.bias().get(0).type()).isEqualTo(FixedType.ZERO);
        Dense dense4 = (Dense) model.layer("dense_4");
        assertThat(dense4.bias().get(0).toString()).isEqualTo("-1.109375 fixed<8,2>");
        assertThat(dense4.bias().get(3).toString()).isEqualTo("0.3046875 ufixed<6,-1>");

        assertThat(ModelCost.of(model).totalEbops()).isEqualTo(independentDenseEbops(Fixtures.peer(Fixtures.JET),
                List.of(new String[] {"dense_1", "inp_q_quantizer"}, new String[] {"dense_2", "dense_1_relu_quantizer"},
                        new String[] {"dense_3", "dense_2_relu_quantizer"}, new String[] {"dense_4", "dense_3_relu_quantizer"})));
    }

    @Test
    void mnistHomogeneousCnn() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(Fixtures.peer(Fixtures.MNIST));

        assertThat(model.name()).isEqualTo("model_7");
        assertThat(ops(model)).containsExactly(
                "input_8:input", "p_reshape_1:reshape",
                "h_conv2d_2:conv2d", "h_conv2d_2_quantizer:quantize", "h_conv2d_2_relu:relu",
                "h_conv2d_2_relu_quantizer:quantize", "p_max_pooling2d_2:max_pool2d",
                "h_conv2d_3:conv2d", "h_conv2d_3_quantizer:quantize", "h_conv2d_3_relu:relu",
                "h_conv2d_3_relu_quantizer:quantize", "p_max_pooling2d_3:max_pool2d", "p_flatten_1:reshape",
                "h_dense_2:dense", "h_dense_2_quantizer:quantize", "h_dense_2_relu:relu",
                "h_dense_2_relu_quantizer:quantize", "h_dense_3:dense", "h_dense_3_quantizer:quantize");
        assertThat(model.outputs()).containsExactly("h_dense_3_quantizer");

        // the RND input quantizer, arrays [1,1,1]: bits 5, integers 1, unsigned
        assertThat(model.inputs().get(0).type()).isEqualTo(TensorType.uniform(Shape.of(28, 28),
                new FixedType(5, 1, false, Quantization.RND, Overflow.WRAP)));
        // shapes: 28x28 -> 28x28x1 -> conv 3x3 valid 26x26x4 -> pool 13x13x4 -> conv 11x11x4 -> pool 5x5x4 -> 100 -> 32 -> 10
        assertThat(model.outputType("p_reshape_1").shape()).isEqualTo(Shape.of(28, 28, 1));
        assertThat(model.outputType("h_conv2d_2").shape()).isEqualTo(Shape.of(26, 26, 4));
        assertThat(model.outputType("p_max_pooling2d_2").shape()).isEqualTo(Shape.of(13, 13, 4));
        assertThat(model.outputType("h_conv2d_3").shape()).isEqualTo(Shape.of(11, 11, 4));
        assertThat(model.outputType("p_max_pooling2d_3").shape()).isEqualTo(Shape.of(5, 5, 4));
        assertThat(model.outputType("p_flatten_1").shape()).isEqualTo(Shape.of(100));
        assertThat(model.outputType("h_dense_3_quantizer").shape()).isEqualTo(Shape.of(10));

        Conv conv = (Conv) model.layer("h_conv2d_2");
        assertThat(conv.kernel().shape()).isEqualTo(Shape.of(3, 3, 1, 4));
        assertThat(conv.padding()).isEqualTo(Padding.VALID);
        assertThat(conv.strideHeight()).isEqualTo(1);
        assertThat(conv.kernel().get(2).toString()).isEqualTo("-1 fixed<1,1>");
        assertThat(conv.kernel().get(3).toString()).isEqualTo("0.125 ufixed<1,-2>");
        assertThat(conv.bias().get(0).toString()).isEqualTo("0.03125 ufixed<1,-4>");
        assertThat(conv.bias().get(1).toString()).isEqualTo("-0.15625 fixed<4,-1>");
        Pool pool = (Pool) model.layer("p_max_pooling2d_2");
        assertThat(List.of(pool.poolHeight(), pool.poolWidth(), pool.strideHeight(), pool.strideWidth()))
                .containsExactly(2, 2, 2, 2);

        // homogeneous quantizers: [1] and [1,1,1,1] arrays broadcast to one type
        assertThat(((Quantize) model.layer("h_conv2d_2_quantizer")).target().uniformType()).isEqualTo(trnWrap("fixed<7,3>"));
        assertThat(((Quantize) model.layer("h_conv2d_2_relu_quantizer")).target().uniformType()).isEqualTo(trnWrap("ufixed<6,2>"));
        assertThat(((Quantize) model.layer("h_conv2d_3_relu_quantizer")).target().uniformType()).isEqualTo(trnWrap("ufixed<4,2>"));
        assertThat(((Quantize) model.layer("h_dense_3_quantizer")).target().uniformType()).isEqualTo(trnWrap("fixed<10,7>"));

        // EBOPs by hand: every conv output position counts; input widths 5, 6, 4 and 6 bits
        Path file = Fixtures.peer(Fixtures.MNIST);
        long expected = 26L * 26 * 5 * significantBits(file, "h_conv2d_2") + 11L * 11 * 6 * significantBits(file, "h_conv2d_3")
                + 4L * significantBits(file, "h_dense_2") + 6L * significantBits(file, "h_dense_3");
        assertThat(ModelCost.of(model).totalEbops()).isEqualTo(expected);
    }

    /** The optional third peer: per-channel and per-element activation types. */
    @Test
    void mnistHeterogeneousCnnFromShared() throws IOException {
        Path file = Fixtures.sharedDir().resolve("peers/hgq_mnist_heterogeneous.h5");
        FirmwareModel model = KerasHgqImporter.read(file);
        assertThat(model.layers()).hasSize(19);
        // h_quantize_quantizer arrays [1,1,28]: column 0 has 0 bits, column 1 is ufixed<1,2,RND>
        TensorType input = model.inputs().get(0).type();
        assertThat(input.typeAt(0)).isEqualTo(FixedType.ZERO);
        assertThat(input.typeAt(28 + 1)).isEqualTo(new FixedType(1, 2, false, Quantization.RND, Overflow.WRAP));
        assertThat(input.typeAt(5 * 28 + 11)).isEqualTo(new FixedType(2, 1, false, Quantization.RND, Overflow.WRAP));
        // h_conv2d_relu_quantizer arrays [1,1,1,4]: per channel (4,2), (2,2), (4,3), (4,3)
        TensorType relu = ((Quantize) model.layer("h_conv2d_relu_quantizer")).target();
        assertThat(relu.typeAt(4 * 7 + 1)).isEqualTo(trnWrap("ufixed<2,2>"));
        assertThat(relu.typeAt(4 * 7 + 3)).isEqualTo(trnWrap("ufixed<4,3>"));
    }

    /** Σ over the dense layers of Σ_ij (width of input i) · (significant bits of w_ij), from the raw arrays. */
    private static long independentDenseEbops(Path file, List<String[]> denseAndInputQuantizer) throws IOException {
        long total = 0;
        try (HdfFile h5 = new HdfFile(file)) {
            for (String[] pair : denseAndInputQuantizer) {
                float[][] kernel = (float[][]) h5.getDatasetByPath("model_weights/" + pair[0] + "/" + pair[0] + "/kernel:0").getData();
                byte[][] bits = (byte[][]) h5.getDatasetByPath("model_weights/" + pair[1] + "/bits:0").getData();
                for (int i = 0; i < kernel.length; i++) {
                    for (float w : kernel[i]) {
                        total += (long) bits[0][i] * significantBits(w);
                    }
                }
            }
        }
        return total;
    }

    /** Σ significant bits over a layer's whole kernel. */
    private static long significantBits(Path file, String layer) throws IOException {
        try (HdfFile h5 = new HdfFile(file)) {
            Object flat = h5.getDatasetByPath("model_weights/" + layer + "/" + layer + "/kernel:0").getDataFlat();
            long total = 0;
            for (float w : (float[]) flat) {
                total += significantBits(w);
            }
            return total;
        }
    }

    /** Bits from the highest to the lowest set bit of the float's significand (0 for zero). */
    private static int significantBits(float w) {
        if (w == 0) {
            return 0;
        }
        int mantissa = (Float.floatToRawIntBits(w) & 0x7fffff) | 0x800000;
        return 32 - Integer.numberOfLeadingZeros(mantissa) - Integer.numberOfTrailingZeros(mantissa);
    }

    @Test
    void theResourceCopiesAreTheSharedFiles() throws IOException {
        Path shared = Fixtures.sharedDir().resolve("peers");
        for (String name : List.of(Fixtures.JET, Fixtures.MNIST)) {
            assertThat(Files.readAllBytes(Fixtures.peer(name))).as(name).isEqualTo(Files.readAllBytes(shared.resolve(name)));
        }
    }

    @Test
    void everyLayerNameIsTheKerasName() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(Fixtures.peer(Fixtures.JET));
        for (Layer layer : model.layers()) {
            assertThat(layer.name()).matches("input_1|dense_\\d(_quantizer|_relu|_relu_quantizer)?");
        }
    }
}

package io.hgq4j.model.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every rule a {@link Softmax} layer enforces, each giving one line that names the layer and the field. */
class SoftmaxValidationTest {

    private static final FixedType INDEX = new FixedType(2, 1, false, Quantization.RND, Overflow.SAT);
    private static final FixedType ENTRY = FixedType.unsigned(4, 1);
    private static final FixedType OUT = new FixedType(8, 1, false, Quantization.RND, Overflow.SAT);

    private static FixedTensor table(FixedType entry, int size) {
        return FixedTensor.zeros(TensorType.uniform(Shape.of(size), entry));
    }

    private static Softmax softmax(FixedType expIndex, FixedTensor expTable, FixedType invIndex, FixedTensor invTable,
                                   FixedType output) {
        return new Softmax("sm", "x", expIndex, expTable, invIndex, invTable, output);
    }

    private static Softmax valid() {
        return softmax(INDEX, table(ENTRY, 4), INDEX, table(ENTRY, 4), OUT);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ThrowingCallable building) {
        return assertThatThrownBy(building).isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("layer 'sm': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aValidLayerKeepsTheInputShapeAndTakesTheOutputType() {
        FirmwareModel m = FirmwareModel.builder("m")
                .add(new Input("x", TensorType.uniform(Shape.of(3, 5), FixedType.signed(6, 2))))
                .add(valid())
                .output("sm").build();
        assertThat(m.outputType("sm")).isEqualTo(TensorType.uniform(Shape.of(3, 5), OUT));
        assertThat(m.layer("sm").op()).isEqualTo("softmax");
    }

    @Test
    void indexTypesMustBeUnsigned() {
        FixedType signed = FixedType.signed(2, 1);
        assertRejected(() -> softmax(signed, table(ENTRY, 4), INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("expIndex type fixed<2,1> must be unsigned");
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), signed, table(ENTRY, 4), OUT))
                .hasMessageContaining("invIndex type fixed<2,1> must be unsigned");
    }

    @Test
    void tablesHaveAtMost65536Entries() {
        FixedType wide = FixedType.unsigned(17, 4);
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), wide, table(ENTRY, 4), OUT))
                .hasMessageContaining("invIndex type ufixed<17,4> is wider than the 16 bits a table may be indexed by");
        FixedType sixteen = FixedType.unsigned(16, 4);
        assertThat(softmax(sixteen, table(ENTRY, 1 << 16), INDEX, table(ENTRY, 4), OUT).expTable().size()).isEqualTo(65536);
    }

    @Test
    void aTableHasOneEntryPerIndexCode() {
        assertRejected(() -> softmax(INDEX, table(ENTRY, 8), INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("expTable must be 1-D with 2^2 = 4 entries (one per code of expIndex "
                        + "ufixed<2,1,RND,SAT>), got shape 8");
        FixedTensor square = FixedTensor.zeros(TensorType.uniform(Shape.of(2, 2), ENTRY));
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), INDEX, square, OUT))
                .hasMessageContaining("invTable must be 1-D with 2^2 = 4 entries").hasMessageContaining("got shape 2x2");
        FixedTensor one = table(ENTRY, 1);
        assertThat(softmax(FixedType.ZERO, one, FixedType.ZERO, one, OUT).expIndex()).isEqualTo(FixedType.ZERO);
    }

    @Test
    void tableEntriesShareOneUnsignedType() {
        FixedTensor mixed = FixedTensor.zeros(TensorType.of(Shape.of(4), new FixedType[] {ENTRY, ENTRY, ENTRY,
                FixedType.unsigned(5, 1)}));
        assertRejected(() -> softmax(INDEX, mixed, INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("expTable entries must share one type, found 2");
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), INDEX, table(FixedType.signed(4, 1), 4), OUT))
                .hasMessageContaining("invTable entries must have an unsigned type, found fixed<4,1>");
        assertRejected(() -> softmax(INDEX, table(FixedType.unsigned(65, 1), 4), INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("expTable has type ufixed<65,1>; stored values may be at most 64 bits wide");
    }

    @Test
    void theOutputTypeIsAStoredValue() {
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), INDEX, table(ENTRY, 4), FixedType.signed(65, 1)))
                .hasMessageContaining("output has type fixed<65,1>; stored values may be at most 64 bits wide");
        assertRejected(() -> softmax(INDEX, table(ENTRY, 4), INDEX, table(ENTRY, 4), null))
                .hasMessageContaining("missing output type");
        assertRejected(() -> softmax(null, table(ENTRY, 4), INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("missing expIndex type");
        assertRejected(() -> softmax(INDEX, null, INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("missing expTable");
    }

    @Test
    void theInputElementsShareOneType() {
        TensorType mixed = TensorType.of(Shape.of(2), new FixedType[] {FixedType.signed(4, 2), FixedType.signed(4, 1)});
        assertRejected(() -> FirmwareModel.builder("m").add(new Input("x", mixed)).add(valid()).output("sm").build())
                .hasMessageContaining("input 'x' has 2 element types; a softmax needs one shared input type");
    }

    @Test
    void namesAreChecked() {
        assertThatThrownBy(() -> new Softmax("bad/name", "x", INDEX, table(ENTRY, 4), INDEX, table(ENTRY, 4), OUT))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("layer name 'bad/name' is not valid");
        assertRejected(() -> new Softmax("sm", "", INDEX, table(ENTRY, 4), INDEX, table(ENTRY, 4), OUT))
                .hasMessageContaining("missing input layer name");
    }
}

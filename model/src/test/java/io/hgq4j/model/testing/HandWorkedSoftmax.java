package io.hgq4j.model.testing;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;

/**
 * A tiny softmax whose outputs were worked out by hand from the definition in {@link Softmax} (the calculation is in
 * the comments), shared through the test-jar so that every executor is checked against the same hand-made numbers.
 */
public final class HandWorkedSoftmax {

    /** X = fixed&lt;4,2&gt;: LSB 1/4, codes −8..7. */
    public static final FixedType X = FixedType.signed(4, 2);
    /** A = ufixed&lt;2,1,RND,SAT&gt;: LSB 1/2, codes 0..3 (values 0, 0.5, 1, 1.5). */
    public static final FixedType A = new FixedType(2, 1, false, Quantization.RND, Overflow.SAT);
    /**
     * E = ufixed&lt;4,1&gt;: LSB 1/8. Entries 1, 0.625, 0.375, 0.25 (codes 8, 5, 3, 2) ≈ exp(−0), exp(−0.5) = 0.61,
     * exp(−1) = 0.37, exp(−1.5) = 0.22.
     */
    public static final FixedTensor EXP = FixedTensor.ofLongs(TensorType.uniform(Shape.of(4), FixedType.unsigned(4, 1)),
            8, 5, 3, 2);
    /** B = ufixed&lt;3,2,RND,SAT&gt;: LSB 1/2, codes 0..7 (values 0..3.5). */
    public static final FixedType B = new FixedType(3, 2, false, Quantization.RND, Overflow.SAT);
    /**
     * V = ufixed&lt;4,1&gt;: LSB 1/8. Entry k ≈ 1/max(k/2, 1): k = 0, 1, 2 → 1 (8); 3 → 0.667 (5.33 → 5); 4 → 0.5 (4);
     * 5 → 0.4 (3.2 → 3); 6 → 0.333 (2.67 → 3); 7 → 0.286 (2.29 → 2).
     */
    public static final FixedTensor INV = FixedTensor.ofLongs(TensorType.uniform(Shape.of(8), FixedType.unsigned(4, 1)),
            8, 8, 8, 5, 4, 3, 3, 2);
    /** Y = ufixed&lt;3,0,RND,SAT&gt;: LSB 1/8, codes 0..7 (at most 0.875). */
    public static final FixedType Y = new FixedType(3, 0, false, Quantization.RND, Overflow.SAT);

    /** Two rows of three inputs: [1, 0.5, −0.25] and [1.75, −2, −2]. */
    public static final double[] INPUT = {1, 0.5, -0.25, 1.75, -2, -2};

    /**
     * The output codes of {@link #model(int, int, FixedType) model(2, 3, Y)} for {@link #INPUT}.
     *
     * <p>Row 0, x = [1, 0.5, −0.25] (codes 4, 2, −1): max code 4, d = [0, 2, 5] at LSB 1/4 = [0, 0.5, 1.25]; in A:
     * 0 → 0, 0.5 → 1, 1.25 = 2.5 LSBs → RND → 3; e = [8, 5, 2] (1, 0.625, 0.25); S = 15 = 1.875; in B: 3.75 LSBs → 4
     * (2.0); v = INV[4] = 4 (0.5); e·v = [32, 20, 8] at LSB 1/64 = [0.5, 0.3125, 0.125]; in Y: 4, 2.5 → 3, 1.
     *
     * <p>Row 1, x = [1.75, −2, −2] (codes 7, −8, −8): d = [0, 15, 15] = [0, 3.75, 3.75]; in A: 7.5 LSBs → 8 → SAT → 3;
     * e = [8, 2, 2]; S = 12 = 1.5; in B: exactly 3; v = INV[3] = 5 (0.625); e·v = [40, 10, 10] = [0.625, 0.15625,
     * 0.15625]; in Y: 5, 1.25 → 1, 1.
     */
    public static final long[] OUTPUT_CODES = {4, 3, 1, 5, 1, 1};

    private HandWorkedSoftmax() {
    }

    /** Input x of {@code rows}×{@code n} elements of X, then the softmax "sm" with output type {@code output}. */
    public static FirmwareModel model(int rows, int n, FixedType output) {
        return FirmwareModel.builder("by_hand")
                .add(new Input("x", TensorType.uniform(Shape.of(rows, n), X)))
                .add(new Softmax("sm", "x", A, EXP, B, INV, output))
                .output("sm")
                .build();
    }
}

package io.hgq4j.quantizer.nn;

/**
 * The bit width of every element of a node's output, as HGQ estimates it during training, and the way back: the
 * gradient of EBOPs with respect to these widths flows to the f parameters that produced them. Small (one sample's
 * shape), so it lives in plain Java arrays.
 */
public interface BitsMap {

    /** The width of each output element (row-major over one sample's shape). */
    float[] bits();

    /**
     * Accumulates ∂(β·EBOPs)/∂bits into the parameters that determine the widths.
     *
     * @param gradient one value per element, already multiplied by β
     */
    void backward(float[] gradient);

    /** A map of zero-width elements that passes no gradient (constant inputs). */
    static BitsMap zeros(int size) {
        float[] none = new float[size];
        return new BitsMap() {
            @Override
            public float[] bits() {
                return none;
            }

            @Override
            public void backward(float[] gradient) {
            }
        };
    }
}

package io.hgq4j.runtime;

/**
 * The outputs of a batch: the output elements' codes, {@link SampleCodec#outputSize()} per sample, and their values.
 *
 * @param codec the codec that decoded them
 * @param count the number of samples
 * @param codes the codes, sample after sample
 */
public record Outputs(SampleCodec codec, int count, long[] codes) {

    /** The code of output element {@code j} of {@code sample}. */
    public long code(int sample, int j) {
        return codes[sample * codec.outputSize() + j];
    }

    /** The value of output element {@code j} of {@code sample}. */
    public double value(int sample, int j) {
        return codec.outputValue(j, code(sample, j));
    }

    /** The values of one sample. */
    public double[] values(int sample) {
        double[] v = new double[codec.outputSize()];
        for (int j = 0; j < v.length; j++) {
            v[j] = value(sample, j);
        }
        return v;
    }

    /** The index of the largest output of one sample (the predicted class), the first one on ties. */
    public int argmax(int sample) {
        int best = 0;
        for (int j = 1; j < codec.outputSize(); j++) {
            if (value(sample, j) > value(sample, best)) {
                best = j;
            }
        }
        return best;
    }
}

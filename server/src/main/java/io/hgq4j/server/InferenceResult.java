package io.hgq4j.server;

/**
 * The outputs of one request: {@code count} samples of output codes, and their values.
 *
 * @param model the model that computed them
 * @param count the number of samples
 * @param codes the output codes, sample after sample
 */
public record InferenceResult(ServedModel model, int count, long[] codes) {

    /** The value of flat output {@code index} (sample × outputs per sample + element). */
    public double value(int index) {
        return model.codec().outputValue(index % model.codec().outputSize(), codes[index]);
    }
}

package io.hgq4j.server.binary;

import java.util.Arrays;

/**
 * The answer to one inference request: {@link #count()} samples of {@link #valuesPerSample()} output values, in
 * the datatype the model's output has on the wire ({@code FP32} or {@code FP64}); either way held as doubles, which
 * represent every FP32 value exactly.
 */
public final class BinaryResponse {

    private final long requestId;
    private final int count;
    private final int valuesPerSample;
    private final int dtype;
    private final double[] values;

    BinaryResponse(long requestId, int count, int valuesPerSample, int dtype, double[] values) {
        this.requestId = requestId;
        this.count = count;
        this.valuesPerSample = valuesPerSample;
        this.dtype = dtype;
        this.values = values;
    }

    /** The request id the client gave it. */
    public long requestId() {
        return requestId;
    }

    /** The number of samples. */
    public int count() {
        return count;
    }

    /** The output values per sample. */
    public int valuesPerSample() {
        return valuesPerSample;
    }

    /** {@code FP32} or {@code FP64}: how the values travelled. */
    public String datatype() {
        return BinaryProtocol.datatypeName(dtype);
    }

    /** Output value {@code index} of sample {@code sample}. */
    public double value(int sample, int index) {
        if (sample < 0 || sample >= count || index < 0 || index >= valuesPerSample) {
            throw new IndexOutOfBoundsException("value " + index + " of sample " + sample + "; the response has "
                    + count + " samples of " + valuesPerSample);
        }
        return values[sample * valuesPerSample + index];
    }

    /** A copy of sample {@code sample}'s outputs. */
    public double[] values(int sample) {
        if (sample < 0 || sample >= count) {
            throw new IndexOutOfBoundsException("sample " + sample + "; the response has " + count);
        }
        return Arrays.copyOfRange(values, sample * valuesPerSample, (sample + 1) * valuesPerSample);
    }

    /** All outputs, sample after sample (the response's own array: do not modify it if you share the response). */
    public double[] values() {
        return values;
    }

    @Override
    public String toString() {
        return "BinaryResponse[id " + requestId + ", " + count + " × " + valuesPerSample + " " + datatype() + "]";
    }
}

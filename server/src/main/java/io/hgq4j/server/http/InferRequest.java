package io.hgq4j.server.http;

/**
 * An inference request as the front end understood it.
 *
 * @param id            the client's request id, echoed in the response (null: none)
 * @param inputs        {@code count × sample size} input values, sample after sample
 * @param count         the batch size (the first dimension of the input's shape)
 * @param binaryOutput  whether the output goes back as binary tensor data
 * @param timeoutMicros the client's time limit in microseconds ({@code parameters.timeout_us}), or 0 for the
 *                      server's default
 */
record InferRequest(String id, double[] inputs, int count, boolean binaryOutput, long timeoutMicros) {
}

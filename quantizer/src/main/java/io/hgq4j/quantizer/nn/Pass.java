package io.hgq4j.quantizer.nn;

/**
 * How a forward pass runs.
 *
 * @param training  training mode: batch statistics for batch norm, dropout active, quantizer ranges recorded and
 *                  inputs kept for the backward pass
 * @param quantized whether quantizers act (false: the same network in plain float, the baseline HGQ is compared with
 *                  and the path gradient checks use)
 * @param recordRanges whether activation quantizers record the range of x̂ (training, and calibration)
 */
public record Pass(boolean training, boolean quantized, boolean recordRanges) {

    /** Training with quantization (HGQ). */
    public static final Pass TRAIN = new Pass(true, true, true);
    /** Training in float. */
    public static final Pass TRAIN_FLOAT = new Pass(true, false, false);
    /** Inference with quantization (ranges not recorded). */
    public static final Pass INFER = new Pass(false, true, false);
    /** Inference in float. */
    public static final Pass INFER_FLOAT = new Pass(false, false, false);
    /** Inference with quantization that records the activation ranges (the calibration pass). */
    public static final Pass CALIBRATE = new Pass(false, true, true);
}

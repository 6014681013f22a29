package io.hgq4j.quantizer.nn;

import io.hgq4j.model.ir.SpatialGeometry;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution and pooling over one sliding-window geometry, lowered to a gather (im2col) and one matrix product.
 * libnd4j's own conv2d/conv2d_bp were measured at 3,500 samples/s for the small MNIST CNN (their NHWC path permutes and
 * the backward pass dominates); a precomputed gather plus BLAS is several times faster for the small channel counts of
 * on-chip networks. The window positions come from the firmware model's {@link SpatialGeometry}, so padding follows the
 * exported model by construction.
 *
 * <p>Values are float32 during training and float64 in the exact inference; both paths share the gather map.
 */
public final class WindowOps {

    private final SpatialGeometry geometry;
    private final int positions;
    private final int taps;
    private final int channels;
    private final int inputSize;
    /** For each (position, tap): the input pixel (y·width + x), or −1 on padding. */
    private final int[] pixels;
    /** For each element of a sample's patches (position, tap, channel): the input element it reads, or −1. */
    private final int[] patchIndex;
    /** For each position: taps inside the input (the divisor of average pooling). */
    private final int[] inside;

    /** The operations of {@code geometry}. */
    public WindowOps(SpatialGeometry geometry) {
        this.geometry = geometry;
        this.positions = geometry.outHeight() * geometry.outWidth();
        this.taps = geometry.windowHeight() * geometry.windowWidth();
        this.channels = geometry.channels();
        this.inputSize = geometry.inHeight() * geometry.inWidth() * channels;
        this.pixels = new int[positions * taps];
        this.inside = new int[positions];
        int p = 0;
        for (int oy = 0; oy < geometry.outHeight(); oy++) {
            for (int ox = 0; ox < geometry.outWidth(); ox++, p++) {
                int t = 0;
                for (int ky = 0; ky < geometry.windowHeight(); ky++) {
                    for (int kx = 0; kx < geometry.windowWidth(); kx++, t++) {
                        int index = geometry.inputIndex(oy, ox, ky, kx, 0);
                        pixels[p * taps + t] = index < 0 ? -1 : index / channels;
                    }
                }
                inside[p] = geometry.tapsInside(oy, ox);
            }
        }
        this.patchIndex = new int[positions * taps * channels];
        for (int pt = 0; pt < pixels.length; pt++) {
            for (int c = 0; c < channels; c++) {
                patchIndex[pt * channels + c] = pixels[pt] < 0 ? -1 : pixels[pt] * channels + c;
            }
        }
    }

    /** The geometry. */
    public SpatialGeometry geometry() {
        return geometry;
    }

    /** Output positions (rows × columns). */
    public int positions() {
        return positions;
    }

    /**
     * The patches of {@code x} ([batch, ...] with H·W·C values per sample): a [batch·positions, taps·channels] matrix
     * whose columns follow the kernel layout [kh, kw, C] (zeros on padding).
     */
    public INDArray im2col(INDArray x) {
        int batch = (int) x.size(0);
        int row = patchIndex.length;
        long[] shape = {(long) batch * positions, taps * channels};
        if (x.dataType() == DataType.DOUBLE) {
            double[] in = NdCopy.doubles(x);
            double[] out = new double[batch * row];
            for (int b = 0; b < batch; b++) {
                int base = b * inputSize;
                int o = b * row;
                for (int i = 0; i < row; i++) {
                    int index = patchIndex[i];
                    out[o + i] = index < 0 ? 0 : in[base + index];
                }
            }
            return NdCopy.of(out, shape);
        }
        float[] in = NdCopy.floats(x);
        float[] out = new float[batch * row];
        for (int b = 0; b < batch; b++) {
            int base = b * inputSize;
            int o = b * row;
            for (int i = 0; i < row; i++) {
                int index = patchIndex[i];
                out[o + i] = index < 0 ? 0 : in[base + index];
            }
        }
        return NdCopy.of(out, shape);
    }

    /** The adjoint of {@link #im2col} for float32 gradients: patch gradients summed back into a [batch, H·W·C] input. */
    public INDArray col2im(INDArray patchGradients) {
        int row = patchIndex.length;
        int batch = (int) (patchGradients.size(0) / positions);
        float[] in = NdCopy.floats(patchGradients);
        float[] out = new float[batch * inputSize];
        for (int b = 0; b < batch; b++) {
            int base = b * inputSize;
            int o = b * row;
            for (int i = 0; i < row; i++) {
                int index = patchIndex[i];
                if (index >= 0) {
                    out[base + index] += in[o + i];
                }
            }
        }
        return NdCopy.of(out, batch, inputSize);
    }

    /** A convolution: patches [batch·positions, taps·C] × kernel [taps·C, F] + bias [F], as [batch·positions, F]. */
    public static INDArray convolve(INDArray patches, INDArray kernelMatrix, INDArray bias) {
        INDArray z = Nd4j.gemm(patches, kernelMatrix, false, false);
        return z.addiRowVector(bias.reshape(1, bias.length()));
    }

    /** Pooled values ([batch, positions·C]) and, for max pooling, the input element each came from. */
    public record Pooled(INDArray values, int[] sources) {
    }

    /**
     * Max or average pooling of {@code x} ([batch, ...] with H·W·C values per sample). Average pooling divides by the
     * taps inside the input, as Keras does. Max pooling records the first maximal tap of every output for
     * {@link #poolBackward}.
     */
    public Pooled pool(boolean max, INDArray x) {
        int batch = (int) x.size(0);
        int outSize = positions * channels;
        int[] sources = max ? new int[batch * outSize] : null;
        if (x.dataType() == DataType.DOUBLE) {
            double[] in = NdCopy.doubles(x);
            double[] out = new double[batch * outSize];
            for (int b = 0, o = 0; b < batch; b++) {
                int base = b * inputSize;
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < channels; c++, o++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int source = -1;
                        for (int t = 0; t < taps; t++) {
                            int pixel = pixels[p * taps + t];
                            if (pixel >= 0) {
                                int at = base + pixel * channels + c;
                                if (!max) {
                                    acc += in[at];
                                } else if (in[at] > acc || source < 0) {
                                    acc = in[at];
                                    source = at;
                                }
                            }
                        }
                        out[o] = max ? acc : acc / inside[p];
                        if (max) {
                            sources[o] = source;
                        }
                    }
                }
            }
            return new Pooled(NdCopy.of(out, batch, outSize), sources);
        }
        float[] in = NdCopy.floats(x);
        float[] out = new float[batch * outSize];
        for (int b = 0, o = 0; b < batch; b++) {
            int base = b * inputSize;
            for (int p = 0; p < positions; p++) {
                int first = p * taps;
                for (int c = 0; c < channels; c++, o++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0;
                    int source = -1;
                    for (int t = 0; t < taps; t++) {
                        int pixel = pixels[first + t];
                        if (pixel >= 0) {
                            int at = base + pixel * channels + c;
                            float v = in[at];
                            if (!max) {
                                acc += v;
                            } else if (v > acc || source < 0) {
                                acc = v;
                                source = at;
                            }
                        }
                    }
                    if (max) {
                        out[o] = acc;
                        sources[o] = source;
                    } else {
                        out[o] = (float) ((double) acc / inside[p]);
                    }
                }
            }
        }
        return new Pooled(NdCopy.of(out, batch, outSize), sources);
    }

    /** The input gradient [batch, H·W·C] of a pooling given its output gradient [batch, positions·C]. */
    public INDArray poolBackward(Pooled pooled, INDArray outputGradient) {
        int batch = (int) outputGradient.size(0);
        int outSize = positions * channels;
        float[] g = NdCopy.floats(outputGradient);
        float[] out = new float[batch * inputSize];
        if (pooled.sources() != null) {
            int[] sources = pooled.sources();
            for (int o = 0; o < sources.length; o++) {
                out[sources[o]] += g[o];
            }
        } else {
            for (int b = 0; b < batch; b++) {
                int base = b * inputSize;
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < channels; c++) {
                        float share = g[b * outSize + p * channels + c] / inside[p];
                        for (int t = 0; t < taps; t++) {
                            int pixel = pixels[p * taps + t];
                            if (pixel >= 0) {
                                out[base + pixel * channels + c] += share;
                            }
                        }
                    }
                }
            }
        }
        return NdCopy.of(out, batch, inputSize);
    }

    @Override
    public String toString() {
        return "WindowOps" + geometry + " " + Arrays.toString(new int[] {positions, taps, channels});
    }
}

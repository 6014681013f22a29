package io.hgq4j.quantizer.nn;

import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.SpatialGeometry;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 1-D or 2-D pooling, channels last. Max pooling is passive, as in HGQ: it adds no bits, and the width of an output
 * element is the largest width in its window. Average pooling has an output quantizer of its own, since the mean of
 * a window needs more fractional bits than its inputs.
 */
public final class PoolNode extends Node {

    private final boolean max;
    private final int rank;
    private final SpatialGeometry geometry;
    private final int ph;
    private final int pw;
    private final int sh;
    private final int sw;
    private final Padding padding;
    private final BitQuantizer outputQuantizer;

    private boolean quantizedPass;
    private final WindowOps windows;
    private WindowOps.Pooled pooled;

    /**
     * @param size    {ph, pw} for 2-D, {p} for 1-D
     * @param strides {sh, sw} for 2-D, {s} for 1-D (null: the pool size, as Keras)
     */
    public PoolNode(String name, Node input, boolean max, int[] size, int[] strides, Padding padding, QuantizerSettings bits) {
        super(name, List.of(input), outputShape(name, input.outputShape(), size, strides == null ? size : strides, padding));
        long[] in = input.outputShape();
        int[] st = strides == null ? size : strides;
        this.max = max;
        this.rank = in.length - 1;
        this.ph = rank == 2 ? size[0] : 1;
        this.pw = size[rank - 1];
        this.sh = rank == 2 ? st[0] : 1;
        this.sw = st[rank - 1];
        this.padding = padding;
        this.geometry = new SpatialGeometry(rank == 2 ? (int) in[0] : 1, (int) in[rank == 2 ? 1 : 0], (int) in[rank], ph, pw,
                sh, sw, padding);
        this.windows = new WindowOps(geometry);
        this.outputQuantizer = max ? null : bits.activationQuantizer(name, outputShape());
    }

    private static long[] outputShape(String name, long[] in, int[] size, int[] strides, Padding padding) {
        int rank = in.length - 1;
        if (rank != 1 && rank != 2 || size.length != rank || strides.length != rank) {
            throw new IllegalArgumentException("pooling layer '" + name + "': input of shape " + Arrays.toString(in)
                    + " with pool size " + Arrays.toString(size) + "; expected " + (in.length - 1) + " sizes");
        }
        SpatialGeometry g = new SpatialGeometry(rank == 2 ? (int) in[0] : 1, (int) in[rank == 2 ? 1 : 0], (int) in[rank],
                rank == 2 ? size[0] : 1, size[rank - 1], rank == 2 ? strides[0] : 1, strides[rank - 1], padding);
        return rank == 2 ? new long[] {g.outHeight(), g.outWidth(), in[2]} : new long[] {g.outWidth(), in[1]};
    }

    /** Max (true) or average pooling. */
    public boolean isMax() {
        return max;
    }

    /** The gather and product this layer's pooling runs on. */
    public WindowOps windows() {
        return windows;
    }

    /** 1 or 2. */
    public int spatialRank() {
        return rank;
    }

    /** Window rows (1 for 1-D). */
    public int poolHeight() {
        return ph;
    }

    /** Window columns. */
    public int poolWidth() {
        return pw;
    }

    /** Stride between rows. */
    public int strideHeight() {
        return sh;
    }

    /** Stride between columns. */
    public int strideWidth() {
        return sw;
    }

    /** Border handling. */
    public Padding padding() {
        return padding;
    }

    /** The output quantizer of an average pooling, or null. */
    public BitQuantizer outputQuantizer() {
        return outputQuantizer;
    }

    @Override
    public INDArray forward(List<INDArray> inputValues, Pass pass) {
        quantizedPass = pass.quantized();
        INDArray x = inputValues.get(0);
        long batch = x.size(0);
        pooled = windows.pool(max, x);
        INDArray out = pooled.values().reshape(withBatch(batch, outputShape()));
        return !max && pass.quantized() ? outputQuantizer.forward(out, pass) : out;
    }

    private static long[] withBatch(long batch, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    @Override
    public List<INDArray> backward(INDArray outputGradient) {
        INDArray g = !max && quantizedPass ? outputQuantizer.backward(outputGradient) : outputGradient;
        long batch = g.size(0);
        INDArray gradIn = windows.poolBackward(pooled, g.reshape(batch, outputSize()));
        return List.of(gradIn.reshape(withBatch(batch, inputs().get(0).outputShape())));
    }

    @Override
    public List<Param> params() {
        return max ? List.of() : List.of(outputQuantizer.f());
    }

    @Override
    public List<BitQuantizer> quantizers() {
        return max ? List.of() : List.of(outputQuantizer);
    }

    @Override
    public BitsMap outputBits() {
        if (!max) {
            return new ActivationBits(outputQuantizer, false);
        }
        BitsMap in = inputs().get(0).outputBits();
        float[] a = in.bits();
        int channels = geometry.channels();
        int outputs = geometry.outHeight() * geometry.outWidth() * channels;
        float[] bits = new float[outputs];
        int[] from = new int[outputs];
        for (int j = 0; j < outputs; j++) {
            int c = j % channels;
            int oy = (j / channels) / geometry.outWidth();
            int ox = (j / channels) % geometry.outWidth();
            from[j] = -1;
            for (int ky = 0; ky < ph; ky++) {
                for (int kx = 0; kx < pw; kx++) {
                    int x = geometry.inputIndex(oy, ox, ky, kx, c);
                    if (x >= 0 && (from[j] < 0 || a[x] > bits[j])) {
                        bits[j] = a[x];
                        from[j] = x;
                    }
                }
            }
        }
        return new BitsMap() {
            @Override
            public float[] bits() {
                return bits;
            }

            @Override
            public void backward(float[] gradient) {
                float[] back = new float[a.length];
                for (int j = 0; j < gradient.length; j++) {
                    if (from[j] >= 0) {
                        back[from[j]] += gradient[j];
                    }
                }
                in.backward(back);
            }
        };
    }
}

package io.hgq4j.model.ir;

/**
 * Where a sliding window (convolution or pooling) reads its input. One- and two-dimensional windows share this
 * geometry: a 1-D input of shape [L, C] is a 2-D input of shape [1, L, C] with a window of height 1.
 *
 * @param inHeight    input rows (1 for 1-D)
 * @param inWidth     input columns (the length for 1-D)
 * @param channels    input channels (last axis)
 * @param windowHeight window rows
 * @param windowWidth  window columns
 * @param strideHeight step between rows
 * @param strideWidth  step between columns
 * @param padding     border handling
 */
public record SpatialGeometry(int inHeight, int inWidth, int channels, int windowHeight, int windowWidth,
                              int strideHeight, int strideWidth, Padding padding) {

    /** The number of output rows. */
    public int outHeight() {
        return outExtent(inHeight, windowHeight, strideHeight);
    }

    /** The number of output columns. */
    public int outWidth() {
        return outExtent(inWidth, windowWidth, strideWidth);
    }

    /** Padding rows before the first input row. */
    public int padTop() {
        return padBefore(inHeight, windowHeight, strideHeight);
    }

    /** Padding columns before the first input column. */
    public int padLeft() {
        return padBefore(inWidth, windowWidth, strideWidth);
    }

    /**
     * The row-major index into the [inHeight][inWidth][channels] input read by window tap (ky, kx) of output position
     * (oy, ox) for {@code channel}, or −1 when the tap falls on padding.
     */
    public int inputIndex(int oy, int ox, int ky, int kx, int channel) {
        int y = oy * strideHeight - padTop() + ky;
        int x = ox * strideWidth - padLeft() + kx;
        if (y < 0 || y >= inHeight || x < 0 || x >= inWidth) {
            return -1;
        }
        return (y * inWidth + x) * channels + channel;
    }

    /** The number of taps of window position (oy, ox) that fall inside the input. */
    public int tapsInside(int oy, int ox) {
        int count = 0;
        for (int ky = 0; ky < windowHeight; ky++) {
            for (int kx = 0; kx < windowWidth; kx++) {
                if (inputIndex(oy, ox, ky, kx, 0) >= 0) {
                    count++;
                }
            }
        }
        return count;
    }

    private int outExtent(int in, int window, int stride) {
        return padding == Padding.SAME ? ceilDiv(in, stride) : (in - window) / stride + 1;
    }

    private int padBefore(int in, int window, int stride) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int total = Math.max((outExtent(in, window, stride) - 1) * stride + window - in, 0);
        return total / 2;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

package io.hgq4j.emulator.timing;

/**
 * The stream that feeds the accelerator: packed words of {@code widthBits} bits, one per cycle of its clock (an
 * AXI-Stream behind a DMA engine).
 *
 * @param widthBits the data width of the stream
 * @param clock     the stream's clock (the accelerator runs on the same clock)
 */
public record StreamInterface(int widthBits, Clock clock) {

    /** Validates the width. */
    public StreamInterface {
        if (widthBits < 8 || widthBits > 4096 || Integer.bitCount(widthBits) != 1) {
            throw new IllegalArgumentException("stream width must be a power of two from 8 to 4096 bits, got " + widthBits);
        }
    }
}

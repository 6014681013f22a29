package io.hgq4j.model.data;

import io.hgq4j.model.tensor.Shape;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes {@link SampleArray}s as files; the format comes from the file name ({@link DataFormat}).
 *
 * <ul>
 *   <li>{@code .npy}: any array {@link Npy} reads; the first axis is the sample axis, so shape (N, 28, 28) is N
 *       samples of 28x28 and a 1-D array of length N is N samples of shape [1]. Written as {@code <f8} of shape
 *       (count, ...sampleShape).</li>
 *   <li>{@code .csv}: one sample per row of numbers, shape [columns]; an optional header line (see {@link Csv}).
 *       Written with {@link Double#toString(double)}, which reads back as the identical double; multi-dimensional
 *       samples are written flat (row-major), so they read back as shape [size].</li>
 *   <li>IDX ({@code .idx}, {@code *-idx1-ubyte}, {@code *-idx3-ubyte}, any {@code *-idxN-*}): MNIST's format, the
 *       first dimension the sample axis; read only.</li>
 * </ul>
 * Each may be gzip-compressed: a file is decompressed when it starts with the gzip magic {@code 1f 8b}, whatever
 * its name; a name ending in {@code .gz} is looked through to find the format, and makes {@link #write} compress.
 *
 * <p>Reading keeps values exact: integers and f4 convert to doubles exactly, and an optional scale multiplies each
 * value once in double arithmetic ({@code value * scale}). NaN and infinities are passed through (a consumer such as
 * the emulator rejects them). Bad content of any kind is an {@link ArrayFormatException} naming the file; sizes
 * declared in headers are checked against the bytes actually present before anything is allocated, and no file may
 * hold more than 2^28 values.
 */
public final class SampleArrays {

    /** The largest file, or decompressed content, read: just under 2 GiB (the largest Java byte array). */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 64;

    private SampleArrays() {
    }

    /**
     * Reads the samples in {@code file}.
     *
     * @throws IOException          if the file cannot be opened or read
     * @throws ArrayFormatException if its name gives no known format or its content is not a valid array
     */
    public static SampleArray read(Path file) throws IOException {
        return read(file, 1.0);
    }

    /**
     * Reads the samples in {@code file}, each value multiplied by {@code scale} (e.g. 1/256 = 0.00390625 for pixel
     * bytes); a scale of 1 leaves values untouched.
     *
     * @throws IOException              if the file cannot be opened or read
     * @throws ArrayFormatException     if its name gives no known format or its content is not a valid array
     * @throws IllegalArgumentException if {@code scale} is not finite
     */
    public static SampleArray read(Path file, double scale) throws IOException {
        checkScale(scale);
        String name = file.toString();
        formatOf(name);
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ArrayFormatException(name + ": the file has " + size + " bytes, more than the " + MAX_BYTES
                    + " this reader handles");
        }
        return fromBytes(Files.readAllBytes(file), name, scale);
    }

    /**
     * Reads samples from the bytes of a file called {@code fileName}, which chooses the format and names the
     * source in messages.
     *
     * @throws ArrayFormatException     if the name gives no known format or the bytes are not a valid array
     * @throws IllegalArgumentException if {@code scale} is not finite
     */
    public static SampleArray fromBytes(byte[] bytes, String fileName, double scale) {
        checkScale(scale);
        DataFormat format = formatOf(fileName);
        try {
            boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
            byte[] content = gzip ? gunzip(bytes) : bytes;
            SampleArray samples = switch (format) {
                case NPY -> npy(content);
                case CSV -> Csv.read(content);
                case IDX -> Idx.read(content, gzip ? "the decompressed file" : "the file");
            };
            return scale == 1.0 ? samples : scaled(samples, scale);
        } catch (ArrayFormatException e) {
            throw new ArrayFormatException(fileName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code samples} to {@code file} as {@code .npy} ({@code <f8}) or {@code .csv}, gzip-compressed when the
     * name ends in {@code .gz}; the file is replaced atomically.
     *
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the name is not {@code .npy} or {@code .csv} (optionally {@code .gz}), or
     *                                  for a CSV file of zero samples
     */
    public static void write(Path file, SampleArray samples) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        DataFormat format = DataFormat.ofFileName(name).orElse(DataFormat.IDX);
        if (format == DataFormat.IDX) {
            throw new IllegalArgumentException(file + ": can write .npy and .csv files (optionally .gz), not " + name);
        }
        if (format == DataFormat.CSV && samples.count() == 0) {
            throw new IllegalArgumentException(file + ": a CSV file cannot hold zero samples (its row length would be lost)");
        }
        AtomicFiles.write(file, raw -> {
            OutputStream out = DataFormat.gzipName(name) ? new GZIPOutputStream(raw, 1 << 16) : raw;
            if (format == DataFormat.NPY) {
                int[] sampleDims = samples.sampleShape().dims();
                int[] shape = new int[sampleDims.length + 1];
                shape[0] = samples.count();
                System.arraycopy(sampleDims, 0, shape, 1, sampleDims.length);
                Npy.writeFloat64(out, shape, samples.toArray());
            } else {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
                Csv.write(writer, samples);
                writer.flush();
            }
            if (out instanceof GZIPOutputStream gzip) {
                gzip.finish();
            }
        });
    }

    private static void checkScale(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale " + scale + " is not a finite number");
        }
    }

    private static DataFormat formatOf(String fileName) {
        return DataFormat.ofFileName(fileName).orElseThrow(() -> new ArrayFormatException(fileName
                + ": cannot tell the format from the name; expected .npy, .csv or IDX (.idx, *-idx3-ubyte), "
                + "optionally gzip-compressed (.gz)"));
    }

    private static SampleArray npy(byte[] content) {
        NpyArray array = Npy.read(content);
        int[] shape = array.shape();
        if (shape.length == 0) {
            throw new ArrayFormatException(".npy header field 'shape': () is a single value; expected at least one axis, "
                    + "the sample axis");
        }
        int[] sampleDims = shape.length == 1 ? new int[] {1} : Arrays.copyOfRange(shape, 1, shape.length);
        for (int axis = 1; axis < shape.length; axis++) {
            if (shape[axis] == 0) {
                throw new ArrayFormatException(".npy header field 'shape': " + Npy.tuple(shape) + " has axis " + axis
                        + " of length 0; a sample needs at least one element");
            }
        }
        return SampleArray.wrap(array.toDoubles(), shape[0], Shape.of(sampleDims));
    }

    private static SampleArray scaled(SampleArray samples, double scale) {
        double[] values = samples.toArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale;
        }
        return SampleArray.wrap(values, samples.count(), samples.sampleShape());
    }

    /** The decompressed bytes (all gzip members), growing only as data actually arrives, up to {@link #MAX_BYTES}. */
    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            byte[] out = new byte[(int) Math.max(1 << 16, Math.min(4L * bytes.length, 1 << 26))];
            int size = 0;
            while (true) {
                if (size == out.length) {
                    if (size == MAX_BYTES) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new ArrayFormatException("the decompressed data is larger than the " + MAX_BYTES
                                + " bytes this reader handles");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(MAX_BYTES, 2L * size));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (IOException e) { // the input is in memory: every IOException is damaged data
            throw new ArrayFormatException("damaged gzip data (" + e.getMessage() + ")", e);
        }
    }
}

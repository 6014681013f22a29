package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/** File helpers shared by the loaders: bounded reads, gzip, and turning I/O and array errors into DataExceptions. */
final class Io {

    /** The largest file or decompressed content read, as the model's readers: just under 2 GiB. */
    static final int MAX_BYTES = SampleArrays.MAX_BYTES;

    private Io() {
    }

    /** The bytes of {@code file}. */
    static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DataException(file + ": the file has " + size + " bytes, more than the " + MAX_BYTES
                        + " this reader handles");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** A DataException for an I/O failure on {@code file}, worded for the common cases. */
    static DataException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(file + ": permission denied", e);
        }
        return new DataException(file + ": cannot read the file (" + DataException.reason(e) + ")", e);
    }

    /** Whether {@code bytes} start with the gzip magic {@code 1f 8b}. */
    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** The decompressed bytes (all members) when {@code bytes} are gzip data, else {@code bytes} themselves. */
    static byte[] gunzipIfNeeded(byte[] bytes, String source) {
        if (!isGzip(bytes)) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return readBounded(in, Math.min(4L * bytes.length, 1 << 26), source + ": the decompressed data");
        } catch (IOException e) { // the input is in memory: every IOException is damaged data
            throw new DataException(source + ": damaged gzip data (" + DataException.reason(e) + ")", e);
        }
    }

    /**
     * Everything {@code in} delivers, growing the buffer only as data arrives, up to {@link #MAX_BYTES}.
     *
     * @param initial a first guess of the size
     * @param what    names the data in the error for too much of it
     */
    static byte[] readBounded(InputStream in, long initial, String what) throws IOException {
        byte[] out = new byte[(int) Math.max(1 << 12, Math.min(initial, 1 << 26))];
        int size = 0;
        while (true) {
            if (size == out.length) {
                if (size == MAX_BYTES) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw new DataException(what + " is larger than the " + MAX_BYTES + " bytes this reader handles");
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
    }

    /** Runs a model reader, turning its {@link ArrayFormatException} (whose message names the file) into ours. */
    static SampleArray arrays(Supplier<SampleArray> reader) {
        try {
            return reader.get();
        } catch (ArrayFormatException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** Reads samples with the model's readers; all failures as DataExceptions naming the file. */
    static SampleArray samples(Path file, double scale) {
        try {
            return SampleArrays.read(file, scale);
        } catch (ArrayFormatException e) {
            throw new DataException(e.getMessage(), e);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** A data set name from a file name: the last component without {@code .gz} and its extension. */
    static String baseName(Path file) {
        Path last = file.getFileName();
        String name = last == null ? file.toString() : last.toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        return name.isBlank() ? "data" : name;
    }
}

package io.hgq4j.model.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hgq4j.model.data.AtomicFiles;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.InvalidModelException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .hgq} file: a firmware model in a container that ordinary tools can open.
 *
 * <p>A .hgq file is a zip archive holding
 * <ul>
 *   <li>{@code model.json}: the manifest — format name and version, model name, outputs, metadata, metrics and every
 *       layer with its parameters. Element types are written as {@code fixed<W,I,Q,O>} / {@code ufixed<W,I>}
 *       strings in a per-tensor palette.</li>
 *   <li>{@code tensors/<layer>/<name>.npy}: NumPy arrays. Constants hold their integer codes ({@code int64}; the value
 *       of a code c of type fixed&lt;W,I&gt; is c·2^(I−W)); {@code *.types.npy} arrays hold, when a tensor's elements
 *       do not all share one type, each element's index into the palette.</li>
 * </ul>
 * Writing is deterministic (same model, same bytes) and atomic. Reading checks everything — the zip structure and
 * checksums, the manifest fields, every array's dtype, shape and codes, and then the model itself — and reports any
 * problem as an {@link InvalidModelException} with one line naming the file, the entry or field, and what was
 * expected.
 */
public final class HgqFile {

    /** The value of the manifest's {@code format} field. */
    public static final String FORMAT_NAME = "hgq4j-model";
    /** The format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's entry name. */
    public static final String MANIFEST = "model.json";

    private static final long MAX_ENTRY_BYTES = 256L << 20;
    private static final long MAX_TOTAL_BYTES = 512L << 20;
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_ENTRY_NAME = 512;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F'};
    /** A fixed entry time keeps the bytes of a file a function of the model alone. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private HgqFile() {
    }

    /**
     * Writes {@code model} to {@code file}, replacing it atomically (a reader never sees half a file).
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(FirmwareModel model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The bytes of the .hgq file of {@code model}. */
    public static byte[] toBytes(FirmwareModel model) {
        return zip(ManifestWriter.entries(model, JSON));
    }

    /**
     * Reads and validates the model in {@code file}.
     *
     * @throws IOException           if the file cannot be opened or read (missing, not readable)
     * @throws InvalidModelException if the content is not a valid model, naming the file and the problem
     */
    public static FirmwareModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads and validates a model from the bytes of a .hgq file.
     *
     * @param source a name for the bytes in messages (e.g. the file name)
     * @throws InvalidModelException if the bytes are not a valid model
     */
    public static FirmwareModel fromBytes(byte[] bytes, String source) {
        try {
            return read(new ByteArrayInputStream(bytes), source);
        } catch (IOException e) {
            throw new InvalidModelException(source + ": " + e.getMessage(), e);
        }
    }

    private static FirmwareModel read(InputStream in, String source) throws IOException {
        try {
            return ManifestReader.read(unzip(in), JSON);
        } catch (FormatProblem | InvalidModelException | IllegalArgumentException | ArithmeticException e) {
            throw new InvalidModelException(oneLine(source + ": " + e.getMessage()), e);
        } catch (ZipException | EOFException e) {
            throw new InvalidModelException(oneLine(source + ": damaged zip archive (" + e.getMessage() + ")"), e);
        }
    }

    /** Damaged files put arbitrary bytes into messages; a message stays one printable line of bounded length. */
    private static String oneLine(String message) {
        String printable = message.replaceAll("[\\p{Cntrl}\\x7f-\\x9f]", "?").replaceAll("\\s{2,}", " ");
        return printable.length() <= 600 ? printable : printable.substring(0, 600) + "...";
    }

    /** Every entry's bytes, after checking the zip structure, names, sizes and checksums. */
    private static Map<String, byte[]> unzip(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(ZIP_MAGIC.length);
        byte[] head = in.readNBytes(ZIP_MAGIC.length);
        in.reset();
        if (!Arrays.equals(head, ZIP_MAGIC)) {
            String hint = Arrays.equals(head, HDF5_MAGIC) ? " (this looks like a Keras .h5 file: import it first)" : "";
            throw new FormatProblem("not a .hgq file: a .hgq file is a zip archive holding " + MANIFEST + " and .npy arrays"
                    + hint);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        // ZipInputStream verifies each entry's CRC-32 and sizes when the entry has been read to its end.
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkEntryName(name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (entries.size() >= MAX_ENTRIES) {
                    throw new FormatProblem("more than " + MAX_ENTRIES + " entries");
                }
                byte[] bytes = readBounded(zip, name);
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) {
                    throw new FormatProblem("entries exceed " + MAX_TOTAL_BYTES + " bytes in total");
                }
                if (entries.put(name, bytes) != null) {
                    throw new FormatProblem("entry " + name + " appears twice");
                }
            }
        }
        if (entries.isEmpty()) {
            throw new FormatProblem("empty or damaged zip archive: no entries");
        }
        return entries;
    }

    private static void checkEntryName(String name) {
        if (name.isEmpty() || name.length() > MAX_ENTRY_NAME || name.startsWith("/") || name.contains("\\")
                || Arrays.asList(name.split("/")).contains("..") || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
            throw new FormatProblem("entry name '" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "' is not allowed");
        }
    }

    private static byte[] readBounded(InputStream entry, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = entry.read(buffer)) > 0) {
            size += n;
            if (size > MAX_ENTRY_BYTES) {
                throw new FormatProblem("entry " + name + " is larger than " + MAX_ENTRY_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** For tests: the entries a model is written as. */
    static Map<String, byte[]> entriesOf(FirmwareModel model) {
        return ManifestWriter.entries(model, JSON);
    }

    /** Zips entries in the given order with a fixed entry time; also used by tests to assemble damaged files. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }
}

package io.hgq4j.quantizer.data;

import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * NumPy's {@code .npz} archives, as {@code np.savez} and {@code np.savez_compressed} write them: a zip file of
 * {@code .npy} entries (stored or deflated, zip64 headers included), one per array, named by the keyword given to
 * {@code savez} ({@code x_train.npy}) or {@code arr_0.npy}, {@code arr_1.npy}, ... for positional arrays.
 *
 * <p>Each array is decoded by the model's NPY codec and read as samples (the first axis is the sample axis, as in
 * {@link SampleArrays}). The zip's central directory is read with {@link ZipFile}; entry sizes are bounded and each
 * entry's CRC-32 is checked. Entries that are not {@code .npy} files are ignored. Every failure is a
 * {@link DataException} naming the archive and, where it applies, the array.
 */
public final class Npz {

    private Npz() {
    }

    /** The array names (keys) in an archive, in archive order, without {@code .npy}. */
    public static List<String> keys(Path file) {
        try (ZipFile zip = open(file)) {
            List<String> keys = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".npy")) {
                    keys.add(name.substring(0, name.length() - 4));
                }
            }
            return keys;
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(file, e);
        }
    }

    /**
     * The arrays called {@code keys} (with or without {@code .npy}), in the order asked; all arrays, in archive order,
     * when no key is given.
     *
     * @throws DataException if the file cannot be read, is not a zip archive, lacks an array asked for, or an array is
     *                       not a valid {@code .npy} array
     */
    public static Map<String, SampleArray> read(Path file, String... keys) {
        try (ZipFile zip = open(file)) {
            List<String> wanted = new ArrayList<>();
            if (keys.length == 0) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".npy") && !wanted.contains(name.substring(0, name.length() - 4))) {
                        wanted.add(name.substring(0, name.length() - 4));
                    }
                }
                if (wanted.isEmpty()) {
                    throw new DataException(file + ": the archive holds no .npy arrays");
                }
            } else {
                for (String key : keys) {
                    wanted.add(key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key);
                }
            }
            Map<String, SampleArray> arrays = new LinkedHashMap<>();
            for (String key : wanted) {
                ZipEntry entry = zip.getEntry(key + ".npy");
                if (entry == null) {
                    throw new DataException(file + ": no array " + DataException.quote(key) + " in the archive; it holds "
                            + keysOf(zip));
                }
                byte[] bytes = entry(zip, entry, file);
                try {
                    arrays.put(key, SampleArrays.fromBytes(bytes, key + ".npy", 1.0));
                } catch (ArrayFormatException e) {
                    throw new DataException(file + ": " + e.getMessage(), e);
                }
            }
            return arrays;
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(file, e);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw Io.cannotRead(file, new NoSuchFileException(file.toString()));
        }
        return new ZipFile(file.toFile());
    }

    private static byte[] entry(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            long declared = entry.getSize();
            bytes = Io.readBounded(in, declared > 0 ? declared : 1 << 16, file + ": array " + entry.getName());
        }
        if (entry.getSize() >= 0 && entry.getSize() != bytes.length) {
            throw new DataException(file + ": entry " + DataException.quote(entry.getName()) + " declares "
                    + entry.getSize() + " bytes but holds " + bytes.length);
        }
        if (entry.getCrc() >= 0) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if (crc.getValue() != entry.getCrc()) {
                throw new DataException(file + ": entry " + DataException.quote(entry.getName())
                        + " is damaged (its CRC-32 does not match)");
            }
        }
        return bytes;
    }

    private static String keysOf(ZipFile zip) {
        List<String> keys = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements() && keys.size() < 20) {
            String name = entries.nextElement().getName();
            if (name.endsWith(".npy")) {
                keys.add(name.substring(0, name.length() - 4));
            }
        }
        return keys.isEmpty() ? "no .npy arrays" : String.join(", ", keys);
    }

    /**
     * Damaged zip structure: the JDK reports it as ZipException, EOFException and, for malformed entry names,
     * IllegalArgumentException.
     */
    private static DataException damaged(Path file, Exception e) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return Io.cannotRead(file, (IOException) e);
        }
        return new DataException(file + ": not a valid .npz (zip) archive (" + DataException.reason(e) + ")", e);
    }
}

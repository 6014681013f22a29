package io.hgq4j.runtime.zynq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Vivado {@code .bit} file: its header (design, part, date, time) and the raw configuration data, and the
 * {@code .bin} that the Linux FPGA manager loads, which is the same data with every 32-bit word byte-swapped.
 *
 * <p>Layout: a 2-byte big-endian length and that many bytes (the 0x0FF00FF0... preamble), then a 2-byte field
 * (0x0001); then tagged fields: {@code a} (design; user id; tool version), {@code b} (part), {@code c} (date) and
 * {@code d} (time), each a key byte, a 2-byte big-endian length and a NUL-terminated string; and {@code e}, a key byte,
 * a 4-byte big-endian length and the configuration data, which ends exactly at the end of the file.
 */
public final class BitstreamFile {

    /** The configuration sync word, which every 7-series and UltraScale bitstream carries near its start. */
    public static final int SYNC_WORD = 0xAA995566;
    /** How far into the data the sync word must appear (after the dummy and bus-width words). */
    private static final int SYNC_SEARCH_BYTES = 1024;

    private final String source;
    private final String designName;
    private final String userId;
    private final String toolVersion;
    private final String part;
    private final String date;
    private final String time;
    private final byte[] bytes;
    private final int dataOffset;
    private final int dataLength;

    private BitstreamFile(String source, String[] strings, byte[] bytes, int dataOffset, int dataLength) {
        this.source = source;
        String[] design = strings[0].split(";");
        this.designName = design[0];
        String user = "";
        String version = "";
        for (int i = 1; i < design.length; i++) {
            if (design[i].startsWith("UserID=")) {
                user = design[i].substring("UserID=".length());
            } else if (design[i].startsWith("Version=")) {
                version = design[i].substring("Version=".length());
            }
        }
        this.userId = user;
        this.toolVersion = version;
        this.part = strings[1];
        this.date = strings[2];
        this.time = strings[3];
        this.bytes = bytes;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    /** Reads and parses a {@code .bit} file. */
    public static BitstreamFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses the bytes of a {@code .bit} file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming the source and the field when the header is truncated or malformed,
     *                                  the data does not end at the end of the file, or it has no sync word
     */
    public static BitstreamFile parse(byte[] bytes, String source) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int preamble = u16(b, source, "preamble length");
        skip(b, preamble, source, "preamble");
        int one = u16(b, source, "field after the preamble");
        if (one != 1) {
            throw new IllegalArgumentException(source + ": expected 0x0001 after the preamble, found 0x"
                    + Integer.toHexString(one) + "; not a Vivado .bit file");
        }
        String[] names = {"design name (a)", "part (b)", "date (c)", "time (d)"};
        String[] strings = new String[4];
        for (int i = 0; i < 4; i++) {
            int key = u8(b, source, "key of the " + names[i]);
            if (key != 'a' + i) {
                throw new IllegalArgumentException(String.format("%s: expected key '%c' for the %s at byte %d, found"
                        + " 0x%02x", source, (char) ('a' + i), names[i], b.position() - 1, key));
            }
            int length = u16(b, source, names[i] + " length");
            if (length == 0) {
                throw new IllegalArgumentException(source + ": the " + names[i] + " field is empty");
            }
            int start = b.position();
            skip(b, length, source, names[i]);
            if (bytes[start + length - 1] != 0) {
                throw new IllegalArgumentException(source + ": the " + names[i] + " field is not NUL-terminated");
            }
            strings[i] = new String(bytes, start, length - 1, StandardCharsets.US_ASCII);
        }
        int key = u8(b, source, "key of the data (e)");
        if (key != 'e') {
            throw new IllegalArgumentException(String.format("%s: expected key 'e' for the data at byte %d, found 0x%02x",
                    source, b.position() - 1, key));
        }
        if (b.remaining() < 4) {
            throw new IllegalArgumentException(source + ": truncated in the data length (e)");
        }
        long length = b.getInt() & 0xFFFFFFFFL;
        if (length != b.remaining()) {
            throw new IllegalArgumentException(source + ": the data length (e) says " + length + " bytes but "
                    + b.remaining() + " follow; the file is truncated or has trailing bytes");
        }
        if (length == 0 || length % 4 != 0) {
            throw new IllegalArgumentException(source + ": the data length (e) " + length
                    + " is not a positive multiple of 4 bytes");
        }
        int offset = b.position();
        boolean sync = false;
        for (int p = offset; p + 4 <= offset + Math.min(length, SYNC_SEARCH_BYTES); p += 4) {
            if (b.getInt(p) == SYNC_WORD) {
                sync = true;
                break;
            }
        }
        if (!sync) {
            throw new IllegalArgumentException(String.format("%s: no sync word 0x%08X in the first %d bytes of the data;"
                    + " not a Xilinx configuration bitstream", source, SYNC_WORD, SYNC_SEARCH_BYTES));
        }
        return new BitstreamFile(source, strings, bytes, offset, (int) length);
    }

    private static int u8(ByteBuffer b, String source, String field) {
        if (!b.hasRemaining()) {
            throw new IllegalArgumentException(source + ": truncated in the " + field);
        }
        return b.get() & 0xFF;
    }

    private static int u16(ByteBuffer b, String source, String field) {
        if (b.remaining() < 2) {
            throw new IllegalArgumentException(source + ": truncated in the " + field);
        }
        return b.getShort() & 0xFFFF;
    }

    private static void skip(ByteBuffer b, int length, String source, String field) {
        if (b.remaining() < length) {
            throw new IllegalArgumentException(source + ": truncated in the " + field + " (" + length + " bytes at byte "
                    + b.position() + ", " + b.remaining() + " left)");
        }
        b.position(b.position() + length);
    }

    /** The file it was read from. */
    public String source() {
        return source;
    }

    /** The block design's name ({@code design_1_wrapper}), the part of field {@code a} before the first ';'. */
    public String designName() {
        return designName;
    }

    /** The user id from field {@code a} ({@code 0XFFFFFFFF}), or empty. */
    public String userId() {
        return userId;
    }

    /** The Vivado version from field {@code a} ({@code 2020.1}), or empty. */
    public String toolVersion() {
        return toolVersion;
    }

    /** The FPGA part without speed grade ({@code 7z020clg400}). */
    public String part() {
        return part;
    }

    /** The build date ({@code 2024/05/17}). */
    public String date() {
        return date;
    }

    /** The build time ({@code 10:11:12}). */
    public String time() {
        return time;
    }

    /** Bytes of configuration data. */
    public int dataLength() {
        return dataLength;
    }

    /** The configuration data as in the {@code .bit} file. */
    public byte[] data() {
        return Arrays.copyOfRange(bytes, dataOffset, dataOffset + dataLength);
    }

    /**
     * The {@code .bin} the FPGA manager loads: the configuration data with every 32-bit word byte-swapped (the sync
     * word then reads {@code 66 55 99 AA}).
     */
    public byte[] toBin() {
        byte[] bin = new byte[dataLength];
        ByteBuffer src = ByteBuffer.wrap(bytes, dataOffset, dataLength).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer dst = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        while (src.hasRemaining()) {
            dst.putInt(src.getInt());
        }
        return bin;
    }

    @Override
    public String toString() {
        return source + " (design " + designName + ", part " + part + ", " + date + " " + time + ", " + dataLength
                + " bytes)";
    }
}

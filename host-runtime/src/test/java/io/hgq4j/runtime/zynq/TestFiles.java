package io.hgq4j.runtime.zynq;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Synthetic .bit files in Vivado's layout. */
final class TestFiles {

    private TestFiles() {
    }

    /** Configuration data: dummy words, bus-width detection, the sync word, then {@code words} counting words. */
    static byte[] configData(int words) {
        ByteBuffer b = ByteBuffer.allocate((4 + words) * 4);
        b.putInt(0xFFFFFFFF).putInt(0x000000BB).putInt(0x11220044).putInt(BitstreamFile.SYNC_WORD);
        for (int i = 0; i < words; i++) {
            b.putInt(0x01020304 + i * 0x04040404);
        }
        return b.array();
    }

    /** A .bit file with the given header strings and data. */
    static byte[] bit(String design, String part, String date, String time, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x09, 0x0f, (byte) 0xf0, 0x0f, (byte) 0xf0, 0x0f, (byte) 0xf0, 0x0f,
            (byte) 0xf0, 0x00, 0x00, 0x01});
        String[] fields = {design, part, date, time};
        for (int i = 0; i < 4; i++) {
            byte[] s = (fields[i] + "\0").getBytes(StandardCharsets.US_ASCII);
            out.write('a' + i);
            out.write(s.length >> 8);
            out.write(s.length);
            out.writeBytes(s);
        }
        out.write('e');
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A typical .bit of the pynq-z2 build. */
    static byte[] pynqBit() {
        return bit("design_1_wrapper;UserID=0XFFFFFFFF;Version=2020.1", "7z020clg400", "2026/11/28", "03:04:05",
                configData(64));
    }
}

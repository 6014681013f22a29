package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitstreamFileTest {

    @Test
    void theHeaderFieldsAreRead() {
        BitstreamFile bit = BitstreamFile.parse(TestFiles.pynqBit(), "net.bit");
        assertThat(bit.designName()).isEqualTo("design_1_wrapper");
        assertThat(bit.userId()).isEqualTo("0XFFFFFFFF");
        assertThat(bit.toolVersion()).isEqualTo("2020.1");
        assertThat(bit.part()).isEqualTo("7z020clg400");
        assertThat(bit.date()).isEqualTo("2026/11/28");
        assertThat(bit.time()).isEqualTo("03:04:05");
        assertThat(bit.dataLength()).isEqualTo(68 * 4);
        assertThat(bit.data()).isEqualTo(TestFiles.configData(64));
    }

    @Test
    void theBinIsTheDataWithEveryWordByteSwapped() {
        byte[] data = TestFiles.configData(64);
        byte[] bin = BitstreamFile.parse(TestFiles.pynqBit(), "net.bit").toBin();
        assertThat(bin).hasSize(data.length);
        for (int i = 0; i < data.length; i += 4) {
            assertThat(new byte[] {bin[i], bin[i + 1], bin[i + 2], bin[i + 3]})
                    .isEqualTo(new byte[] {data[i + 3], data[i + 2], data[i + 1], data[i]});
        }
        // The sync word reads 66 55 99 AA in the .bin, as the FPGA manager expects.
        assertThat(Arrays.copyOfRange(bin, 12, 16)).isEqualTo(new byte[] {0x66, 0x55, (byte) 0x99, (byte) 0xAA});
    }

    @Test
    void everyTruncationIsRefusedNamingTheFile() {
        byte[] bit = TestFiles.pynqBit();
        for (int n = 0; n < bit.length; n++) {
            byte[] cut = Arrays.copyOf(bit, n);
            assertThatThrownBy(() -> BitstreamFile.parse(cut, "cut.bit"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cut.bit: ");
        }
    }

    @Test
    void trailingBytesAWrongKeyAndMissingSyncWordAreRefused() {
        byte[] bit = TestFiles.pynqBit();
        byte[] longer = Arrays.copyOf(bit, bit.length + 4);
        assertThatThrownBy(() -> BitstreamFile.parse(longer, "x.bit")).hasMessageContaining("trailing bytes");
        byte[] wrongKey = bit.clone();
        wrongKey[13] = 'z';
        assertThatThrownBy(() -> BitstreamFile.parse(wrongKey, "x.bit"))
                .hasMessageContaining("expected key 'a' for the design name");
        byte[] noSync = TestFiles.bit("d", "7z020clg400", "x", "y", new byte[64]);
        assertThatThrownBy(() -> BitstreamFile.parse(noSync, "x.bit")).hasMessageContaining("no sync word");
        byte[] odd = TestFiles.bit("d", "7z020clg400", "x", "y", Arrays.copyOf(TestFiles.configData(4), 30));
        assertThatThrownBy(() -> BitstreamFile.parse(odd, "x.bit")).hasMessageContaining("multiple of 4");
        byte[] hugeLength = bit.clone();
        ByteBuffer.wrap(hugeLength).putInt(bit.length - 68 * 4 - 4, 0x7FFFFFF0);
        assertThatThrownBy(() -> BitstreamFile.parse(hugeLength, "x.bit")).hasMessageContaining("data length (e)");
    }

    @Test
    void randomByteFlipsGiveAParseOrAnIllegalArgumentException() {
        byte[] bit = TestFiles.pynqBit();
        Random random = new Random(7);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] fuzzed = bit.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                fuzzed[random.nextInt(Math.min(fuzzed.length, 120))] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                BitstreamFile.parse(fuzzed, "f.bit").toBin();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("f.bit: ");
            }
        }
    }
}

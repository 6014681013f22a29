package io.hgq4j.runtime.xrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XclbinTest {

    private static final String METADATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project name="tiny"><platform vendor="xilinx" boardid="u55c" name="gen3x16" featureRomTime="0">
            <device name="fpga0" fpgaDevice="virtexuplusHBM"><core name="OCL_REGION_0" target="hw">
            <kernel name="tiny_kernel" language="c" hwControlProtocol="ap_ctrl_chain">
            <arg name="in" addressQualifier="1" id="0" port="M_AXI_GMEM0" size="0x8" offset="0x10"/>
            <arg name="out" addressQualifier="1" id="1" port="M_AXI_GMEM1" size="0x8" offset="0x1C"/>
            <arg name="batch" addressQualifier="0" id="2" port="S_AXI_CONTROL" size="0x4" offset="0x28"/>
            <instance name="tiny_kernel_1"/></kernel>
            <kernel name="second_kernel" language="c"/>
            </core></device></platform></project>
            """;

    private static byte[] full() {
        return new XclbinWriter().metadata(METADATA).memTopology()
                .ipLayout("tiny_kernel:tiny_kernel_1", "tiny_kernel:tiny_kernel_2", "other:other_1").bytes();
    }

    @Test
    void roundTripsEveryHeaderField() {
        UUID id = UUID.fromString("01234567-89ab-cdef-0011-223344556677");
        UUID iface = UUID.fromString("fedcba98-7654-3210-ffee-ddccbbaa9988");
        byte[] bytes = new XclbinWriter().uuid(id).interfaceUuid(iface)
                .platform("xilinx_u250_gen3x16_xdma_4_1_202210_1").mode(0).metadata(METADATA).memTopology()
                .ipLayout("tiny_kernel:tiny_kernel_1", "other:other_1").bytes();
        Xclbin x = Xclbin.parse(bytes, "t.xclbin");
        assertEquals("t.xclbin", x.source());
        assertEquals(id, x.uuid());
        assertEquals(iface, x.interfaceUuid());
        assertEquals("xilinx_u250_gen3x16_xdma_4_1_202210_1", x.platform());
        assertEquals("2.13.0", x.version());
        assertEquals(1_700_000_000L, x.timestamp());
        assertEquals(bytes.length, x.length());
        assertFalse(x.isEmulation());
        assertEquals(List.of("EMBEDDED_METADATA", "MEM_TOPOLOGY", "IP_LAYOUT"),
                x.sections().stream().map(Xclbin.Section::kindName).toList());
        assertEquals(List.of("metadata", "mem", ""), x.sections().stream().map(Xclbin.Section::name).toList());
        // Payloads start 8-byte aligned after the three 40-byte headers, in writing order.
        Xclbin.Section meta = x.sections().get(0);
        assertEquals(456 + 3 * 40, meta.offset());
        assertEquals(METADATA.length(), meta.size());
        assertEquals(48, x.section(Xclbin.MEM_TOPOLOGY).orElseThrow().size());
        assertEquals(8 + 3 * 80, x.section(Xclbin.IP_LAYOUT).orElseThrow().size());
        // IP_LAYOUT wins over the XML, and its non-kernel IP is not a kernel.
        assertEquals(List.of("tiny_kernel", "other"), x.kernels());
    }

    @Test
    void kernelsComeFromTheMetadataWhenThereIsNoIpLayout() {
        Xclbin x = Xclbin.parse(new XclbinWriter().metadata(METADATA).bytes(), "m.xclbin");
        assertEquals(List.of("tiny_kernel", "second_kernel"), x.kernels());
        assertEquals(List.of(), Xclbin.parse(new XclbinWriter().memTopology().bytes(), "n").kernels());
    }

    @Test
    void aSignatureAfterTheImageIsAllowedAndEmulationModesAreRecognized() {
        byte[] bytes = new XclbinWriter().mode(Xclbin.MODE_SW_EMU).trailing(300).ipLayout("k:k_1").bytes();
        Xclbin x = Xclbin.parse(bytes, "s");
        assertEquals(bytes.length - 300, x.length());
        assertTrue(x.isEmulation());
        assertEquals(Xclbin.MODE_SW_EMU, x.mode());
    }

    @Test
    void readsTheSameFromAFile(@TempDir Path dir) throws Exception {
        Path file = new XclbinWriter().ipLayout("tiny_kernel:tiny_kernel_1").write(dir.resolve("a.xclbin"));
        assertEquals(List.of("tiny_kernel"), Xclbin.read(file).kernels());
        assertEquals(file.toString(), Xclbin.read(file).source());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Xclbin.read(dir.resolve("missing.xclbin")));
        assertEquals(dir.resolve("missing.xclbin") + ": no such xclbin file", e.getMessage());
    }

    @Test
    void corruptHeadersNameTheFieldAndTheExpectation() {
        byte[] good = full();
        assertMessage(Arrays.copyOf(good, 100),
                "f: xclbin file size is 100 bytes; an xclbin header needs at least 456");

        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "f: xclbin m_magic is 'Xclbin2'; expected 'xclbin2' (not an xclbin file)");

        byte[] length = good.clone();
        le(length).putLong(304, good.length + 1L);
        assertMessage(length, "f: xclbin m_length is " + (good.length + 1) + "; expected between 576 (header and 3"
                + " section headers) and the file size " + good.length);

        byte[] count = good.clone();
        le(count).putInt(448, 0x10001);
        assertMessage(count, "f: xclbin m_numSections is 65537; expected at most 65536");

        byte[] section = good.clone();
        le(section).putLong(456 + 40 + 32, -1L);
        long memAt = 576 + ((METADATA.length() + 7) & ~7);
        assertMessage(section, "f: xclbin section 1 (MEM_TOPOLOGY) m_sectionOffset/m_sectionSize is " + memAt + "+"
                + "18446744073709551615; expected a range inside the image's " + good.length + " bytes");

        byte[] ips = good.clone();
        long ipAt = Xclbin.parse(good, "f").section(Xclbin.IP_LAYOUT).orElseThrow().offset();
        le(ips).putInt((int) ipAt, 5);
        assertMessage(ips, "f: xclbin IP_LAYOUT m_count is 5; the section's 328 bytes hold at most 4 entries");

        byte[] platform = good.clone();
        platform[352] = 1;
        assertMessage(platform, "f: xclbin m_platformVBNV is '\\x01ilinx_u55c_gen3x16_xdma_3_202210_1'; expected a"
                + " printable ASCII platform name");
    }

    @Test
    void theMetadataParserRefusesDoctypesAndExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<project><kernel name=\"&e;\"/></project>";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Xclbin.parse(new XclbinWriter().metadata(xxe).bytes(), "x"));
        assertTrue(e.getMessage().startsWith("x: xclbin EMBEDDED_METADATA is not well-formed XML ("), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void everyTruncationIsRejectedCleanly() {
        byte[] good = full();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < good.length; n++) {
                byte[] cut = Arrays.copyOf(good, n);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Xclbin.parse(cut, "cut"), "truncated to " + n + " bytes");
                assertTrue(e.getMessage().startsWith("cut: xclbin "), e.getMessage());
            }
        });
    }

    @Test
    void randomByteFlipsGiveAValidImageOrAnIllegalArgumentException() {
        byte[][] seeds = {full(), new XclbinWriter().metadata(METADATA).memTopology().bytes()};
        Random random = new Random(20261128);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 4000; i++) {
                byte[] seed = seeds[i % seeds.length];
                byte[] bytes = seed.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    // Half the flips hit the header and section table, where the offsets and counts live.
                    int limit = random.nextBoolean() ? Math.min(bytes.length, 456 + 3 * 40) : bytes.length;
                    bytes[random.nextInt(limit)] ^= (byte) (1 + random.nextInt(255));
                }
                try {
                    Xclbin x = Xclbin.parse(bytes, "fuzz");
                    assertTrue(x.length() <= bytes.length);
                    outcomes[0]++;
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage().startsWith("fuzz: xclbin "), e.getMessage());
                    outcomes[1]++;
                } catch (RuntimeException | Error e) {
                    fail("iteration " + i + ": " + e + " instead of an IllegalArgumentException", e);
                }
            }
        });
        // Both outcomes must occur, or the fuzzing did not reach the checks (or broke every file).
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100, Arrays.toString(outcomes));
    }

    @Test
    void uuidsAreTheBytesInFileOrder() {
        byte[] bytes = new XclbinWriter().uuid(UUID.fromString("5fc9fd7e-642c-4b41-a762-5ee6f5f7ac29")).bytes();
        assertArrayEquals(new byte[] {0x5f, (byte) 0xc9, (byte) 0xfd, 0x7e}, Arrays.copyOfRange(bytes, 416, 420));
        assertEquals("5fc9fd7e-642c-4b41-a762-5ee6f5f7ac29", Xclbin.parse(bytes, "u").uuid().toString());
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertMessage(byte[] bytes, String expected) {
        assertEquals(expected,
                assertThrows(IllegalArgumentException.class, () -> Xclbin.parse(bytes, "f")).getMessage());
    }
}

package io.hgq4j.runtime.zynq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareHandoffTest {

    @TempDir
    Path dir;

    static byte[] pynqHwh() throws IOException {
        try (InputStream in = HardwareHandoffTest.class.getResourceAsStream("pynq_z2_net.hwh")) {
            return in.readAllBytes();
        }
    }

    static String pynqHwhText() throws IOException {
        return new String(pynqHwh(), StandardCharsets.UTF_8);
    }

    @Test
    void theDmaAndTheAcceleratorAreFound() throws IOException {
        HardwareHandoff hwh = HardwareHandoff.parse(pynqHwh(), "net.hwh");
        HardwareHandoff.AxiDmaCore dma = hwh.dma();
        assertThat(dma.instance()).isEqualTo("axi_dma_0");
        assertThat(dma.fullName()).isEqualTo("/axi_dma_0");
        assertThat(dma.baseAddress()).isEqualTo(0x40400000L);
        assertThat(dma.range()).isEqualTo(0x10000);
        assertThat(dma.lengthWidth()).isEqualTo(16);
        assertThat(dma.maxTransferBytes()).isEqualTo(65535);
        assertThat(dma.addressWidth()).isEqualTo(32);
        assertThat(dma.mm2sMemoryWidth()).isEqualTo(64);
        assertThat(dma.mm2sStreamWidth()).isEqualTo(64);
        assertThat(dma.s2mmMemoryWidth()).isEqualTo(64);
        assertThat(dma.s2mmStreamWidth()).isEqualTo(64);
        assertThat(hwh.accelerator("net_0").vlnv()).isEqualTo("xilinx.com:hls:net_axis:1.0");
        assertThat(hwh.module("processing_system7_0").orElseThrow().parameter("pcw_fclk0_peripheral_divisor0"))
                .contains("5");
    }

    @Test
    void theBaseAddressComesFromTheParametersWhenThePsDoesNotListTheDma() throws IOException {
        String text = pynqHwhText().replaceAll("(?s)<MEMORYMAP>.*</MEMORYMAP>", "")
                .replace("\"0x40400000\"", "\"0x43C00000\"").replace("\"0x4040FFFF\"", "\"0x43C0FFFF\"");
        HardwareHandoff.AxiDmaCore dma = HardwareHandoff.parse(text.getBytes(StandardCharsets.UTF_8), "x.hwh").dma();
        assertThat(dma.baseAddress()).isEqualTo(0x43C00000L);
    }

    @Test
    void clearErrorsWhenSomethingIsMissingOrUnusable() throws IOException {
        String text = pynqHwhText();
        assertThatThrownBy(() -> HardwareHandoff.parse(pynqHwh(), "net.hwh").accelerator("jet_0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no accelerator instance 'jet_0'").hasMessageContaining("net_0");
        byte[] noDma = text.replace("MODTYPE=\"axi_dma\"", "MODTYPE=\"axi_fifo\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HardwareHandoff.parse(noDma, "x.hwh").dma())
                .hasMessageContaining("x.hwh: no AXI DMA (MODTYPE axi_dma)");
        byte[] sg = text.replace("NAME=\"c_include_sg\" VALUE=\"0\"", "NAME=\"c_include_sg\" VALUE=\"1\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HardwareHandoff.parse(sg, "x.hwh").dma()).hasMessageContaining("c_include_sg=1");
        byte[] wide = text.replace("VALUE=\"16\"", "VALUE=\"27\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HardwareHandoff.parse(wide, "x.hwh").dma()).hasMessageContaining("length width 27");
        byte[] notHwh = "<project/>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HardwareHandoff.parse(notHwh, "x.hwh")).hasMessageContaining("expected <EDKSYSTEM>");
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileNotRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE EDKSYSTEM [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<EDKSYSTEM><MODULES><MODULE INSTANCE=\"&x;\" MODTYPE=\"axi_dma\"/></MODULES></EDKSYSTEM>";
        assertThatThrownBy(() -> HardwareHandoff.parse(xxe.getBytes(StandardCharsets.UTF_8), "evil.hwh"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("evil.hwh: ")
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
        String xinclude = "<EDKSYSTEM xmlns:xi=\"http://www.w3.org/2001/XInclude\"><MODULES><xi:include href=\""
                + secret.toUri() + "\" parse=\"text\"/></MODULES></EDKSYSTEM>";
        HardwareHandoff h = HardwareHandoff.parse(xinclude.getBytes(StandardCharsets.UTF_8), "x.hwh");
        assertThat(h.modules()).isEmpty();
    }

    @Test
    void truncatedAndRandomlyCorruptedFilesGiveOnlyIllegalArgumentExceptions() throws IOException {
        byte[] hwh = pynqHwh();
        for (int n = 0; n < hwh.length; n += 7) {
            byte[] cut = Arrays.copyOf(hwh, n);
            try {
                HardwareHandoff.parse(cut, "cut.hwh").dma();
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("cut.hwh: ");
            }
        }
        Random random = new Random(11);
        int parsed = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] fuzzed = hwh.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                fuzzed[random.nextInt(fuzzed.length)] = (byte) random.nextInt(256);
            }
            try {
                HardwareHandoff h = HardwareHandoff.parse(fuzzed, "f.hwh");
                h.dma();
                h.accelerator("net_0");
                parsed++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("f.hwh: ");
            }
        }
        // Most flips land in ignored text; the test would be vacuous if every file were refused.
        assertThat(parsed).isGreaterThan(100);
    }
}

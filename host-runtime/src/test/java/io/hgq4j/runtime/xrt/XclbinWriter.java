package io.hgq4j.runtime.xrt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Writes small xclbin images for tests, laid out as XRT's {@code xclbin.h} says (independently of
 * {@link XclbinParser}'s constants, so a wrong offset in either shows up as a failing round trip).
 */
final class XclbinWriter {

    private record Part(int kind, String name, byte[] payload) {
    }

    private final List<Part> parts = new ArrayList<>();
    private String platform = "xilinx_u55c_gen3x16_xdma_3_202210_1";
    private UUID uuid = UUID.fromString("5fc9fd7e-642c-4b41-a762-5ee6f5f7ac29");
    private UUID interfaceUuid = new UUID(0, 0);
    private int mode;
    private long timestamp = 1_700_000_000L;
    private int trailing;

    XclbinWriter platform(String p) {
        platform = p;
        return this;
    }

    XclbinWriter uuid(UUID u) {
        uuid = u;
        return this;
    }

    XclbinWriter interfaceUuid(UUID u) {
        interfaceUuid = u;
        return this;
    }

    XclbinWriter mode(int m) {
        mode = m;
        return this;
    }

    /** Bytes appended after m_length, as a signing tool does. */
    XclbinWriter trailing(int bytes) {
        trailing = bytes;
        return this;
    }

    XclbinWriter section(int kind, String name, byte[] payload) {
        parts.add(new Part(kind, name, payload));
        return this;
    }

    /** An IP_LAYOUT section listing one kernel compute unit per name ("kernel:instance"), plus a non-kernel IP. */
    XclbinWriter ipLayout(String... cuNames) {
        ByteBuffer b = le(8 + 80 * (cuNames.length + 1));
        b.putInt(0, cuNames.length + 1);
        for (int i = 0; i < cuNames.length; i++) {
            int at = 8 + 80 * i;
            b.putInt(at, 1); // IP_KERNEL
            b.putInt(at + 4, 0x0100); // ap_ctrl_chain
            b.putLong(at + 8, 0x1000L * (i + 1));
            put(b, at + 16, cuNames[i]);
        }
        int at = 8 + 80 * cuNames.length;
        b.putInt(at, 3); // a DDR4 controller: not a kernel
        put(b, at + 16, "ddr4_mem00:ddr4_mem00");
        return section(Xclbin.IP_LAYOUT, "", b.array());
    }

    /** A MEM_TOPOLOGY section with one used 16 GB HBM bank. */
    XclbinWriter memTopology() {
        ByteBuffer b = le(8 + 40);
        b.putInt(0, 1);
        b.put(8, (byte) 6);
        b.put(9, (byte) 1);
        b.putLong(16, 16L * 1024 * 1024);
        put(b, 32, "HBM[0]");
        return section(Xclbin.MEM_TOPOLOGY, "mem", b.array());
    }

    /**
     * A CONNECTIVITY section wiring the given arguments of compute unit 0 to memory bank 0: 12-byte entries of
     * {@code arg_index, m_ip_layout_index, mem_data_index}.
     */
    XclbinWriter connectivity(int... args) {
        ByteBuffer b = le(4 + 12 * args.length);
        b.putInt(0, args.length);
        for (int i = 0; i < args.length; i++) {
            b.putInt(4 + 12 * i, args[i]);
        }
        return section(Xclbin.CONNECTIVITY, "", b.array());
    }

    /**
     * An xclbin as v++ would link the HLS kernel {@code kernel(const word_t *in, word_t *out, int batch)} for the
     * U55C: the metadata XRT reads the argument list from, one compute unit, one HBM bank both buffers use.
     */
    static XclbinWriter hlsKernel(String kernel) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project name="%1$s">
                  <platform vendor="xilinx" boardid="u55c" name="gen3x16_xdma_3" featureRomTime="0">
                    <version major="202210" minor="1"/>
                    <device name="fpga0" fpgaDevice="virtexuplusHBM:xcu55c:fsvh2892:-2L:e" addrWidth="0">
                      <core name="OCL_REGION_0" target="bitstream" type="clc_region" clockFreq="0MHz" numComputeUnits="1">
                        <kernel name="%1$s" language="c" vlnv="xilinx.com:hls:%1$s:1.0" preferredWorkGroupSizeMultiple="0"
                                workGroupSize="1" interrupt="true" hwControlProtocol="ap_ctrl_chain">
                          <port name="M_AXI_GMEM0" mode="master" range="0xFFFFFFFF" dataWidth="32" portType="addressable" base="0x0"/>
                          <port name="M_AXI_GMEM1" mode="master" range="0xFFFFFFFF" dataWidth="32" portType="addressable" base="0x0"/>
                          <port name="S_AXI_CONTROL" mode="slave" range="0x1000" dataWidth="32" portType="addressable" base="0x0"/>
                          <arg name="in" addressQualifier="1" id="0" port="M_AXI_GMEM0" size="0x8" offset="0x10" hostOffset="0x0" hostSize="0x8" type="void*"/>
                          <arg name="out" addressQualifier="1" id="1" port="M_AXI_GMEM1" size="0x8" offset="0x1C" hostOffset="0x0" hostSize="0x8" type="void*"/>
                          <arg name="batch" addressQualifier="0" id="2" port="S_AXI_CONTROL" size="0x4" offset="0x28" hostOffset="0x0" hostSize="0x4" type="int"/>
                          <instance name="%1$s_1"><addrRemap base="0x1000" range="0x1000" port="S_AXI_CONTROL"/></instance>
                        </kernel>
                      </core>
                    </device>
                  </platform>
                </project>
                """.formatted(kernel);
        return new XclbinWriter().metadata(xml).memTopology().ipLayout(kernel + ":" + kernel + "_1").connectivity(0, 1);
    }

    XclbinWriter metadata(String xml) {
        return section(Xclbin.EMBEDDED_METADATA, "metadata", xml.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        int headers = 456 + 40 * parts.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long[] offsets = new long[parts.size()];
        int at = align8(headers);
        for (int i = 0; i < parts.size(); i++) {
            offsets[i] = at;
            byte[] p = parts.get(i).payload();
            body.writeBytes(p);
            int pad = align8(at + p.length) - (at + p.length);
            body.writeBytes(new byte[pad]);
            at += p.length + pad;
        }
        int length = at;
        ByteBuffer b = le(length + trailing);
        b.put(0, "xclbin2".getBytes(StandardCharsets.US_ASCII));
        b.putInt(8, -1);
        for (int i = 12; i < 40; i++) {
            b.put(i, (byte) 0xFF);
        }
        b.putLong(304, length);
        b.putLong(312, timestamp);
        b.putShort(328, (short) 0);
        b.put(330, (byte) 2);
        b.put(331, (byte) 13);
        b.putShort(332, (short) mode);
        putUuid(b, 336, interfaceUuid);
        put(b, 352, platform);
        putUuid(b, 416, uuid);
        b.putInt(448, parts.size());
        for (int i = 0; i < parts.size(); i++) {
            int h = 456 + 40 * i;
            b.putInt(h, parts.get(i).kind());
            put(b, h + 4, parts.get(i).name());
            b.putLong(h + 24, offsets[i]);
            b.putLong(h + 32, parts.get(i).payload().length);
        }
        b.put(align8(headers), body.toByteArray());
        Arrays.fill(b.array(), length, length + trailing, (byte) 0x5A);
        return b.array();
    }

    Path write(Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes());
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void put(ByteBuffer b, int at, String s) {
        b.put(at, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void putUuid(ByteBuffer b, int at, UUID u) {
        ByteBuffer be = ByteBuffer.allocate(16);
        be.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        b.put(at, be.array());
    }
}

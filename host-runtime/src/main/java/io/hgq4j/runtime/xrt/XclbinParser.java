package io.hgq4j.runtime.xrt;

import io.hgq4j.runtime.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the AXLF layout of XRT's {@code xclbin.h}: all integers little-endian, fixed offsets, section headers of 40
 * bytes from offset 456. Every offset and count read from the file is checked against the file's size before it is
 * used, so a damaged file gives an {@link IllegalArgumentException} naming the field, never an index error or a huge
 * allocation.
 */
final class XclbinParser {

    /** Size of {@code struct axlf} up to its first section header. */
    static final int HEADER_SIZE = 456;
    /** Size of {@code struct axlf_section_header}. */
    static final int SECTION_HEADER_SIZE = 40;
    /** XRT refuses more sections than this ({@code xclbin.h}). */
    static final int MAX_SECTIONS = 0x10000;
    /** Size of {@code struct ip_data} in IP_LAYOUT. */
    static final int IP_DATA_SIZE = 80;
    /** {@code IP_KERNEL} in {@code enum IP_TYPE}. */
    static final int IP_KERNEL = 1;

    static final int OFF_LENGTH = 304;
    static final int OFF_TIMESTAMP = 312;
    static final int OFF_VERSION_PATCH = 328;
    static final int OFF_VERSION_MAJOR = 330;
    static final int OFF_VERSION_MINOR = 331;
    static final int OFF_MODE = 332;
    static final int OFF_INTERFACE_UUID = 336;
    static final int OFF_PLATFORM = 352;
    static final int PLATFORM_SIZE = 64;
    static final int OFF_UUID = 416;
    static final int OFF_NUM_SECTIONS = 448;

    private static final String[] KINDS = {"BITSTREAM", "CLEARING_BITSTREAM", "EMBEDDED_METADATA", "FIRMWARE",
        "DEBUG_DATA", "SCHED_FIRMWARE", "MEM_TOPOLOGY", "CONNECTIVITY", "IP_LAYOUT", "DEBUG_IP_LAYOUT",
        "DESIGN_CHECK_POINT", "CLOCK_FREQ_TOPOLOGY", "MCS", "BMC", "BUILD_METADATA", "KEYVALUE_METADATA",
        "USER_METADATA", "DNA_CERTIFICATE", "PDI", "BITSTREAM_PARTIAL_PDI", "PARTITION_METADATA", "EMULATION_DATA",
        "SYSTEM_METADATA", "SOFT_KERNEL", "ASK_FLASH", "AIE_METADATA", "ASK_GROUP_TOPOLOGY", "ASK_GROUP_CONNECTIVITY",
        "SMARTNIC", "AIE_RESOURCES", "OVERLAY", "VENDER_METADATA", "AIE_PARTITION", "IP_METADATA", "AIE_RESOURCES_BIN",
        "AIE_TRACE_METADATA", "DTBO"};

    private final byte[] bytes;
    private final ByteBuffer le;
    private final String source;

    XclbinParser(byte[] bytes, String source) {
        this.bytes = bytes;
        this.le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    static String kindName(int kind) {
        return kind >= 0 && kind < KINDS.length ? KINDS[kind] : "KIND_" + Integer.toUnsignedString(kind);
    }

    Xclbin parse() {
        if (bytes.length < HEADER_SIZE) {
            throw bad("file size", bytes.length + " bytes; an xclbin header needs at least " + HEADER_SIZE);
        }
        String magic = cString(0, 8);
        if (!magic.equals(Xclbin.MAGIC) || bytes[7] != 0) {
            throw bad("m_magic", "'" + printable(magic) + "'; expected '" + Xclbin.MAGIC + "' (not an xclbin file)");
        }
        long length = le.getLong(OFF_LENGTH);
        int numSections = le.getInt(OFF_NUM_SECTIONS);
        if (numSections < 0 || numSections > MAX_SECTIONS) {
            throw bad("m_numSections", Integer.toUnsignedString(numSections) + "; expected at most " + MAX_SECTIONS);
        }
        long headersEnd = HEADER_SIZE + (long) numSections * SECTION_HEADER_SIZE;
        // A signing tool appends its signature after m_length bytes, so the file may be longer, never shorter.
        if (length < headersEnd || length > bytes.length) {
            throw bad("m_length", Long.toUnsignedString(length) + "; expected between " + headersEnd
                    + " (header and " + numSections + " section headers) and the file size " + bytes.length);
        }
        String platform = cString(OFF_PLATFORM, PLATFORM_SIZE);
        if (!isPrintableAscii(platform)) {
            throw bad("m_platformVBNV", "'" + printable(platform) + "'; expected a printable ASCII platform name");
        }
        List<Xclbin.Section> sections = new ArrayList<>(numSections);
        for (int i = 0; i < numSections; i++) {
            int at = HEADER_SIZE + i * SECTION_HEADER_SIZE;
            int kind = le.getInt(at);
            String name = printable(cString(at + 4, 16));
            long offset = le.getLong(at + 24);
            long size = le.getLong(at + 32);
            // Unsigned 64-bit values: a "negative" offset or size is beyond any file.
            if (offset < 0 || size < 0 || offset > length || size > length - offset) {
                throw bad("section " + i + " (" + kindName(kind) + ") m_sectionOffset/m_sectionSize",
                        Long.toUnsignedString(offset) + "+" + Long.toUnsignedString(size)
                                + "; expected a range inside the image's " + length + " bytes");
            }
            sections.add(new Xclbin.Section(kind, name, offset, size));
        }
        List<String> kernels = kernels(sections);
        String version = (bytes[OFF_VERSION_MAJOR] & 0xFF) + "." + (bytes[OFF_VERSION_MINOR] & 0xFF) + "."
                + (le.getShort(OFF_VERSION_PATCH) & 0xFFFF);
        return new Xclbin(source, length, le.getLong(OFF_TIMESTAMP), version, le.getShort(OFF_MODE) & 0xFFFF,
                uuid(OFF_INTERFACE_UUID), platform, uuid(OFF_UUID), sections, kernels);
    }

    private List<String> kernels(List<Xclbin.Section> sections) {
        for (Xclbin.Section s : sections) {
            if (s.kind() == Xclbin.IP_LAYOUT) {
                return ipLayoutKernels(s);
            }
        }
        for (Xclbin.Section s : sections) {
            if (s.kind() == Xclbin.EMBEDDED_METADATA) {
                return metadataKernels(s);
            }
        }
        return List.of();
    }

    /** Kernel names of IP_LAYOUT: {@code int32 m_count}, 4 bytes padding, then 80-byte {@code ip_data}. */
    private List<String> ipLayoutKernels(Xclbin.Section s) {
        String field = "IP_LAYOUT m_count";
        if (s.size() < 8) {
            throw bad(field, "missing: the section has " + s.size() + " bytes; expected at least 8");
        }
        int base = (int) s.offset();
        int count = le.getInt(base);
        if (count < 0 || 8 + (long) count * IP_DATA_SIZE > s.size()) {
            throw bad(field, count + "; the section's " + s.size() + " bytes hold at most "
                    + (s.size() - 8) / IP_DATA_SIZE + " entries");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            int at = base + 8 + i * IP_DATA_SIZE;
            if (le.getInt(at) != IP_KERNEL) {
                continue;
            }
            String name = cString(at + 16, 64);
            int colon = name.indexOf(':');
            String kernel = colon < 0 ? name : name.substring(0, colon);
            if (kernel.isEmpty() || !isPrintableAscii(kernel)) {
                throw bad("IP_LAYOUT entry " + i + " m_name", "'" + printable(name)
                        + "'; expected 'kernel:instance' in printable ASCII");
            }
            names.add(kernel);
        }
        return List.copyOf(names);
    }

    /** Kernel names of EMBEDDED_METADATA: {@code <kernel name=...>} elements of the XML. */
    private List<String> metadataKernels(Xclbin.Section s) {
        Document doc;
        try {
            DocumentBuilder builder = SafeXml.newDocumentBuilder();
            doc = builder.parse(new ByteArrayInputStream(bytes, (int) s.offset(), (int) s.size()));
        } catch (SAXException | IOException e) {
            throw bad("EMBEDDED_METADATA", "not well-formed XML (" + e.getMessage() + ")");
        }
        NodeList list = doc.getElementsByTagName("kernel");
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.getLength(); i++) {
            String name = ((Element) list.item(i)).getAttribute("name");
            if (name.isEmpty()) {
                throw bad("EMBEDDED_METADATA kernel " + i, "no name attribute; expected <kernel name=\"...\">");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /**
     * An XML parser that reads no DTD and no external entity: the metadata never needs them, and a crafted file
     * must not make the parser fetch URLs or expand entities without bound.
     */
    /** A NUL-terminated string in a fixed-size field (the whole field when it has no NUL). */
    private String cString(int at, int size) {
        int end = at;
        while (end < at + size && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.ISO_8859_1);
    }

    /** 16 bytes in file order as a uuid: what {@code uuid_unparse} and XRT print. */
    private UUID uuid(int at) {
        ByteBuffer be = ByteBuffer.wrap(bytes, at, 16).order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(), be.getLong());
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The string with anything unprintable escaped, so that a message stays one readable line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xFF));
            }
        }
        return b.toString();
    }

    private IllegalArgumentException bad(String field, String what) {
        return new IllegalArgumentException(source + ": xclbin " + field + " is " + what);
    }
}

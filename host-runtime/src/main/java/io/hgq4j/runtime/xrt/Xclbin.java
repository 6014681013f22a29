package io.hgq4j.runtime.xrt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What hgq4j needs to know about an xclbin (AXLF) file before handing it to XRT: its uuid, the platform it was linked
 * for, whether it is an emulation image, its sections and the kernels in it. Read in pure Java ({@link #read}), so
 * that a wrong file is reported with a clear message instead of an XRT error deep in the driver.
 *
 * @param source        where the bytes came from (a path, or a name given by the caller), used in messages
 * @param length        the image length from the header ({@code m_length}; a signed file may be longer)
 * @param timestamp     link time, seconds since the epoch
 * @param version       the tool version that wrote it, {@code major.minor.patch}
 * @param mode          the image mode ({@code m_mode}: 0 flat, 1 PR, ..., 4 HW_EMU, 5 SW_EMU, 6 HW_EMU_PR)
 * @param interfaceUuid the shell's interface uuid the image needs (all zero when not given)
 * @param platform      the platform name ({@code m_platformVBNV}), e.g. {@code xilinx_u55c_gen3x16_xdma_3_202210_1}
 * @param uuid          the xclbin's own uuid, the one XRT reports and kernels are opened with
 * @param sections      the section headers, in file order
 * @param kernels       the kernel names, without compute-unit suffix, in first-seen order (from IP_LAYOUT, else from
 *                      the EMBEDDED_METADATA XML)
 */
public record Xclbin(String source, long length, long timestamp, String version, int mode, UUID interfaceUuid,
                     String platform, UUID uuid, List<Section> sections, List<String> kernels) {

    /** The magic bytes every xclbin starts with (followed by a NUL). */
    public static final String MAGIC = "xclbin2";

    /** Mode of a hardware-emulation image. */
    public static final int MODE_HW_EMU = 4;
    /** Mode of a software-emulation image. */
    public static final int MODE_SW_EMU = 5;
    /** Mode of a partial-reconfiguration hardware-emulation image. */
    public static final int MODE_HW_EMU_PR = 6;

    /** Section kind of the XML metadata (kernels, ports, arguments). */
    public static final int EMBEDDED_METADATA = 2;
    /** Section kind of the memory banks. */
    public static final int MEM_TOPOLOGY = 6;
    /** Section kind of the argument-to-bank wiring. */
    public static final int CONNECTIVITY = 7;
    /** Section kind of the IP (compute unit) list. */
    public static final int IP_LAYOUT = 8;

    /** Checks and freezes the parts. */
    public Xclbin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(interfaceUuid, "interfaceUuid");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(uuid, "uuid");
        sections = List.copyOf(sections);
        kernels = List.copyOf(kernels);
    }

    /**
     * One section header.
     *
     * @param kind   the section kind ({@code m_sectionKind})
     * @param name   the section's name ({@code m_sectionName}), often empty or a short tag
     * @param offset absolute file offset of its payload
     * @param size   payload size in bytes
     */
    public record Section(int kind, String name, long offset, long size) {

        /** The kind's name from {@code enum axlf_section_kind} ({@code IP_LAYOUT}, ...), or {@code KIND_n}. */
        public String kindName() {
            return XclbinParser.kindName(kind);
        }
    }

    /**
     * Reads and checks an xclbin file.
     *
     * @throws IllegalArgumentException naming the file, the field and what was expected when the file is not a valid
     *                                  xclbin (or does not exist)
     * @throws IOException              if the file cannot be read
     */
    public static Xclbin read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such xclbin file");
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses the bytes of an xclbin; {@code source} names them in messages.
     *
     * @throws IllegalArgumentException naming {@code source}, the field and what was expected when the bytes are not
     *                                  a valid xclbin
     */
    public static Xclbin parse(byte[] bytes, String source) {
        return new XclbinParser(bytes, source).parse();
    }

    /** Whether this is a software- or hardware-emulation image (needs {@code XCL_EMULATION_MODE}, not a card). */
    public boolean isEmulation() {
        return mode == MODE_HW_EMU || mode == MODE_SW_EMU || mode == MODE_HW_EMU_PR;
    }

    /** The first section of {@code kind}, if any. */
    public Optional<Section> section(int kind) {
        return sections.stream().filter(s -> s.kind() == kind).findFirst();
    }
}

package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Vivado hardware handoff ({@code .hwh}): the block design's IP instances with their parameters, and the address map
 * the processing system sees. The Zynq driver takes the AXI DMA's base address and configuration from it, as PYNQ does.
 *
 * <p>The XML is parsed with DOCTYPE declarations refused, external entities and DTDs not loaded and XInclude off: a
 * {@code .hwh} has none, and a file copied from elsewhere must not make the driver read local files or the network.
 */
public final class HardwareHandoff {

    /** The {@code MODTYPE} of the AXI DMA. */
    public static final String AXI_DMA = "axi_dma";

    /**
     * One IP instance ({@code MODULE}).
     *
     * @param instance   the instance name ({@code axi_dma_0})
     * @param fullName   the hierarchical name ({@code /hier_0/axi_dma_0})
     * @param modType    the IP type ({@code axi_dma})
     * @param vlnv       vendor:library:name:version
     * @param parameters its parameters, names matched case-insensitively (real files have {@code C_SG_LENGTH_WIDTH}
     *                   and {@code c_sg_length_width})
     */
    public record Module(String instance, String fullName, String modType, String vlnv, Map<String, String> parameters) {

        /** The value of a parameter, whatever its case. */
        public Optional<String> parameter(String name) {
            return Optional.ofNullable(parameters.get(name));
        }
    }

    /**
     * A slave address range the processing system reaches ({@code MEMRANGE} of the PS's {@code MEMORYMAP}).
     *
     * @param instance the slave instance
     * @param base     first address
     * @param high     last address
     * @param memType  {@code REGISTER} or {@code MEMORY}
     */
    public record MemRange(String instance, long base, long high, String memType) {

        /** Bytes in the range. */
        public long size() {
            return high - base + 1;
        }
    }

    /**
     * An AXI DMA in direct-register (simple) mode, as the driver needs it.
     *
     * @param instance         instance name
     * @param fullName         hierarchical name
     * @param baseAddress      physical base address of its AXI-Lite registers
     * @param range            bytes of its register window
     * @param lengthWidth      bits of the LENGTH registers ({@code c_sg_length_width}): a transfer is at most
     *                         2^width - 1 bytes
     * @param addressWidth     {@code c_addr_width}: above 32, the {@code _MSB} address registers exist
     * @param mm2sMemoryWidth  {@code c_m_axi_mm2s_data_width}, bits
     * @param mm2sStreamWidth  {@code c_m_axis_mm2s_tdata_width}, bits: the accelerator's input word
     * @param s2mmMemoryWidth  {@code c_m_axi_s2mm_data_width}, bits
     * @param s2mmStreamWidth  {@code c_s_axis_s2mm_tdata_width}, bits: the accelerator's output word
     */
    public record AxiDmaCore(String instance, String fullName, long baseAddress, long range, int lengthWidth,
                             int addressWidth, int mm2sMemoryWidth, int mm2sStreamWidth, int s2mmMemoryWidth,
                             int s2mmStreamWidth) {

        /** Checks the figures. */
        public AxiDmaCore {
            if (lengthWidth < 8 || lengthWidth > 26) {
                throw new IllegalArgumentException("AXI DMA " + instance + ": length width " + lengthWidth
                        + " outside 8..26 bits");
            }
            if (range < 0x5C || baseAddress < 0 || (baseAddress & 3) != 0) {
                throw new IllegalArgumentException(String.format("AXI DMA %s: register window 0x%x of %d bytes cannot"
                        + " hold the direct-register map (0x5C bytes)", instance, baseAddress, range));
            }
        }

        /** The largest transfer the LENGTH registers allow: 2^width - 1 bytes. */
        public long maxTransferBytes() {
            return (1L << lengthWidth) - 1;
        }
    }

    private final String source;
    private final List<Module> modules;
    private final List<MemRange> memoryMap;

    private HardwareHandoff(String source, List<Module> modules, List<MemRange> memoryMap) {
        this.source = source;
        this.modules = List.copyOf(modules);
        this.memoryMap = List.copyOf(memoryMap);
    }

    /** Reads a {@code .hwh} file. */
    public static HardwareHandoff read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses a {@code .hwh}.
     *
     * @param source names the file in errors
     * @throws IllegalArgumentException naming the source when the XML is malformed, has a DOCTYPE, or is not a
     *                                  hardware handoff (no {@code EDKSYSTEM} root)
     */
    public static HardwareHandoff parse(byte[] xml, String source) {
        Document doc;
        try {
            doc = SafeXml.newDocumentBuilder().parse(new ByteArrayInputStream(xml), source);
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(source + ": not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (root == null || !"EDKSYSTEM".equals(root.getTagName())) {
            throw new IllegalArgumentException(source + ": not a hardware handoff (root element "
                    + (root == null ? "missing" : "<" + root.getTagName() + ">") + ", expected <EDKSYSTEM>)");
        }
        List<Module> modules = new ArrayList<>();
        List<MemRange> ranges = new ArrayList<>();
        for (Element modulesElement : children(root, "MODULES")) {
            for (Element m : children(modulesElement, "MODULE")) {
                Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Element ps : children(m, "PARAMETERS")) {
                    for (Element p : children(ps, "PARAMETER")) {
                        params.put(p.getAttribute("NAME"), p.getAttribute("VALUE"));
                    }
                }
                String instance = m.getAttribute("INSTANCE");
                if (instance.isEmpty()) {
                    throw new IllegalArgumentException(source + ": a MODULE without INSTANCE attribute");
                }
                modules.add(new Module(instance, m.getAttribute("FULLNAME"), m.getAttribute("MODTYPE"),
                        m.getAttribute("VLNV"), Collections.unmodifiableMap(params)));
                for (Element map : children(m, "MEMORYMAP")) {
                    for (Element r : children(map, "MEMRANGE")) {
                        long base = hex(r.getAttribute("BASEVALUE"), source, "BASEVALUE of " + r.getAttribute("INSTANCE"));
                        long high = hex(r.getAttribute("HIGHVALUE"), source, "HIGHVALUE of " + r.getAttribute("INSTANCE"));
                        if (high < base) {
                            throw new IllegalArgumentException(source + ": MEMRANGE of " + r.getAttribute("INSTANCE")
                                    + " ends before it starts");
                        }
                        ranges.add(new MemRange(r.getAttribute("INSTANCE"), base, high, r.getAttribute("MEMTYPE")));
                    }
                }
            }
        }
        return new HardwareHandoff(source, modules, ranges);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static long hex(String text, String source, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.startsWith("0x") || t.length() < 3 || t.length() > 18) {
            throw new IllegalArgumentException(source + ": " + what + " '" + text + "' is not a hex address");
        }
        try {
            return Long.parseUnsignedLong(t.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + what + " '" + text + "' is not a hex address");
        }
    }

    private static int integer(Module m, String name, String source, int fallback) {
        Optional<String> v = m.parameter(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": parameter " + name + " of " + m.instance() + " is '"
                    + v.get() + "', not a number");
        }
    }

    /** The file it was read from. */
    public String source() {
        return source;
    }

    /** Every IP instance. */
    public List<Module> modules() {
        return modules;
    }

    /** The processing system's address map. */
    public List<MemRange> memoryMap() {
        return memoryMap;
    }

    /** The instance named {@code instance}. */
    public Optional<Module> module(String instance) {
        return modules.stream().filter(m -> m.instance().equals(instance)).findFirst();
    }

    /**
     * The accelerator instance ({@code <project>_0} in hgq4j's block design).
     *
     * @throws IllegalArgumentException listing the instances when it is absent
     */
    public Module accelerator(String instance) {
        return module(instance).orElseThrow(() -> new IllegalArgumentException(source + ": no accelerator instance '"
                + instance + "' (instances: " + instanceNames() + "); is this .hwh from another build?"));
    }

    /**
     * The AXI DMA: the only {@code axi_dma} instance, or {@code axi_dma_0} when there are several.
     *
     * @throws IllegalArgumentException when there is none, or it cannot run in simple mode (scatter-gather included,
     *                                  a channel missing), or its address is not in the PS's memory map nor in its
     *                                  C_BASEADDR/C_HIGHADDR parameters
     */
    public AxiDmaCore dma() {
        List<Module> dmas = modules.stream().filter(m -> AXI_DMA.equals(m.modType())).toList();
        if (dmas.isEmpty()) {
            throw new IllegalArgumentException(source + ": no AXI DMA (MODTYPE axi_dma) among the instances "
                    + instanceNames() + "; the driver needs the hgq4j block design with axi_dma_0");
        }
        Module m = dmas.size() == 1 ? dmas.get(0) : dmas.stream().filter(d -> d.instance().equals("axi_dma_0"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(source + ": several AXI DMAs ("
                        + dmas.stream().map(Module::instance).collect(Collectors.joining(", "))
                        + ") and none named axi_dma_0"));
        return dma(m);
    }

    private AxiDmaCore dma(Module m) {
        String name = m.instance();
        if (integer(m, "c_include_sg", source, 0) != 0) {
            throw new IllegalArgumentException(source + ": AXI DMA " + name + " includes scatter-gather"
                    + " (c_include_sg=1); the driver needs direct-register (simple) mode, c_include_sg=0");
        }
        if (integer(m, "c_include_mm2s", source, 1) != 1 || integer(m, "c_include_s2mm", source, 1) != 1) {
            throw new IllegalArgumentException(source + ": AXI DMA " + name + " lacks its MM2S or S2MM channel"
                    + " (c_include_mm2s/c_include_s2mm); both are needed");
        }
        long base;
        long range;
        Optional<MemRange> r = memoryMap.stream()
                .filter(x -> x.instance().equals(name) && "REGISTER".equalsIgnoreCase(x.memType())).findFirst();
        if (r.isPresent()) {
            base = r.get().base();
            range = r.get().size();
        } else {
            Optional<String> b = m.parameter("C_BASEADDR");
            Optional<String> h = m.parameter("C_HIGHADDR");
            if (b.isEmpty() || h.isEmpty()) {
                throw new IllegalArgumentException(source + ": AXI DMA " + name + " has no address: neither a"
                        + " MEMRANGE of the processing system nor C_BASEADDR/C_HIGHADDR parameters");
            }
            base = hex(b.get(), source, "C_BASEADDR of " + name);
            long high = hex(h.get(), source, "C_HIGHADDR of " + name);
            if (high < base) {
                throw new IllegalArgumentException(source + ": AXI DMA " + name + " has C_HIGHADDR below C_BASEADDR"
                        + " (unassigned address?)");
            }
            range = high - base + 1;
        }
        // The IP's default is 14 bits; a .hwh without the parameter is one built with the default.
        int lengthWidth = integer(m, "c_sg_length_width", source, 14);
        try {
            return new AxiDmaCore(name, m.fullName(), base, Math.min(range, Integer.MAX_VALUE & ~3), lengthWidth,
                    integer(m, "c_addr_width", source, 32),
                    integer(m, "c_m_axi_mm2s_data_width", source, 32), integer(m, "c_m_axis_mm2s_tdata_width", source, 32),
                    integer(m, "c_m_axi_s2mm_data_width", source, 32), integer(m, "c_s_axis_s2mm_tdata_width", source, 32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private String instanceNames() {
        return modules.isEmpty() ? "none" : modules.stream().map(Module::instance).collect(Collectors.joining(", "));
    }
}

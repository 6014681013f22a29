package io.hgq4j.codegen.scripts;

import io.hgq4j.boards.AlveoMemory;
import io.hgq4j.boards.Board;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the vendor build scripts of a generated project: the {@code Makefile}, {@code hls/build_prj.tcl}, and
 * {@code zynq/build_bitstream.tcl} (Zynq boards) or {@code alveo/link.cfg} (Alveo cards). See the package
 * documentation for the flow they implement.
 */
public final class BuildScripts {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Pattern PLAIN_TCL_WORD = Pattern.compile("[A-Za-z0-9_.:/%+-]+");

    private BuildScripts() {
    }

    /**
     * Writes the scripts for {@code spec} under {@code out}, creating the directories they go to and replacing
     * earlier versions. The firmware, testbench and data files are not written here.
     *
     * @throws IOException if a file cannot be written
     */
    public static void write(BuildSpec spec, Path out) throws IOException {
        write(spec, out, Optional.empty());
    }

    /**
     * Writes the scripts, connecting an Alveo kernel's buffers to {@code memoryBank} (e.g. from a board file); when
     * empty, to the card's default bank ({@link AlveoMemory#defaultBank(String)}).
     */
    public static void write(BuildSpec spec, Path out, Optional<String> memoryBank) throws IOException {
        Files.createDirectories(out.resolve("hls"));
        Files.writeString(out.resolve("Makefile"), makefile(spec));
        Files.writeString(out.resolve("hls/build_prj.tcl"), hlsScript(spec));
        if (spec.board().isZynq()) {
            Files.createDirectories(out.resolve("zynq"));
            Files.writeString(out.resolve("zynq/build_bitstream.tcl"), bitstreamScript(spec));
        } else {
            Files.createDirectories(out.resolve("alveo"));
            Files.writeString(out.resolve("alveo/link.cfg"), linkConfig(spec, memoryBank));
        }
    }

    /** The Vitis HLS script, {@code hls/build_prj.tcl}. */
    public static String hlsScript(BuildSpec spec) {
        boolean zynq = spec.board().isZynq();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("project_name", spec.name());
        settings.put("top", spec.hlsTop());
        settings.put("part", spec.board().part());
        settings.put("flow_target", zynq ? "vivado" : "vitis");
        settings.put("export_format", zynq ? "ip_catalog" : "xo");
        if (!zynq) {
            settings.put("xo_file", "../" + xoFile(spec));
        }
        settings.put("clock_period", BuildSpec.decimal(spec.clockPeriodNs(), 4));
        settings.put("clock_uncertainty", BuildSpec.decimal(spec.clockUncertainty() * 100, 3) + "%");
        settings.put("firmware_sources", tclList(spec.firmwareSources()));
        settings.put("testbench", spec.testbench());
        settings.put("tb_data", tclList(spec.tbDataRoots()));
        settings.put("cosim_default", spec.cosimByDefault() ? "1" : "0");
        return render("build_prj.tcl.template", Map.of(
                "name", spec.name(),
                "board", spec.board().name(),
                "part", spec.board().part(),
                "cosim_default", spec.cosimByDefault() ? "1" : "0",
                "export_what", zynq ? "a Vivado IP in " + spec.name() + "_prj/solution1/impl/ip"
                        : "the Vitis kernel object ../" + xoFile(spec),
                "settings", tclSettings(settings, Map.of(
                        "clock_period", "ns",
                        "tb_data", "directories, copied whole into the simulation directory"))));
    }

    /**
     * The Vivado script of a Zynq board, {@code zynq/build_bitstream.tcl}.
     *
     * @throws IllegalArgumentException for an Alveo card
     */
    public static String bitstreamScript(BuildSpec spec) {
        Board board = spec.board();
        if (!board.isZynq()) {
            throw new IllegalArgumentException("board " + board.name() + " is an Alveo card: it has no Vivado block"
                    + " design; link an xclbin instead");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("project_name", spec.name());
        settings.put("top", spec.zynqTop());
        settings.put("ip_instance", spec.ipInstance());
        settings.put("part", board.part());
        settings.put("board_part", board.boardPart().orElse(""));
        settings.put("ps_family", board.family() == Board.Family.ZYNQ_7000 ? "zynq7" : "zynqmp");
        settings.put("pl_clock_mhz", BuildSpec.decimal(spec.clockMhz(), 3));
        settings.put("stream_width", Integer.toString(spec.streamWidthBits()));
        settings.put("dma_mm_width", Integer.toString(spec.memoryMapWidthBits()));
        settings.put("dma_burst", Integer.toString(spec.dmaBurstLength()));
        settings.put("dma_length_width", Integer.toString(spec.dmaLengthWidth()));
        return render("build_bitstream.tcl.template", Map.of(
                "name", spec.name(),
                "board", board.name(),
                "top", spec.zynqTop(),
                "ip_instance", spec.ipInstance(),
                "settings", tclSettings(settings, Map.of(
                        "board_part", "empty when the board has none",
                        "pl_clock_mhz", "PL clock 0, from the " + BuildSpec.decimal(spec.clockPeriodNs(), 4)
                                + " ns HLS clock",
                        "stream_width", "bits of in_stream / out_stream",
                        "dma_mm_width", "bits; the AXI DMA's memory side is at least 32 bits wide",
                        "dma_burst", "beats; no burst beyond 4 KiB",
                        "dma_length_width", "bits of the length registers: transfers up to "
                                + spec.maxTransferBytes() + " bytes"))));
    }

    /**
     * The v++ link configuration of an Alveo card, {@code alveo/link.cfg}: one compute unit
     * {@code NAME_kernel_1}, with both buffers in the card's first memory bank (see
     * {@link AlveoMemory#defaultBank(String)}).
     *
     * @throws IllegalArgumentException for a Zynq board
     */
    public static String linkConfig(BuildSpec spec) {
        return linkConfig(spec, Optional.empty());
    }

    /** The v++ connectivity file, with the buffers in {@code memoryBank} or else the card's default bank. */
    public static String linkConfig(BuildSpec spec, Optional<String> memoryBank) {
        Board board = spec.board();
        String platform = board.xrtPlatform().orElseThrow(() -> new IllegalArgumentException("board "
                + board.name() + " is not an Alveo card: it has no v++ link configuration"));
        String kernel = spec.alveoTop();
        String cu = kernel + "_1";
        StringBuilder cfg = new StringBuilder();
        cfg.append("# v++ link configuration of the hgq4j project ").append(spec.name()).append(" for ")
                .append(board.name()).append(" (platform ").append(platform).append("), written by hgq4j.\n");
        cfg.append("# One compute unit; XRT allocates each buffer in the bank its argument is connected to.\n");
        cfg.append("[connectivity]\n");
        cfg.append("nk=").append(kernel).append(":1:").append(cu).append('\n');
        Optional<String> bank = memoryBank.isPresent() ? memoryBank : AlveoMemory.defaultBank(platform);
        if (bank.isPresent()) {
            cfg.append("sp=").append(cu).append(".in:").append(bank.get()).append('\n');
            cfg.append("sp=").append(cu).append(".out:").append(bank.get()).append('\n');
        } else {
            cfg.append("# Unknown card: no bank given, so v++ puts both buffers in the platform's default bank.\n");
        }
        return cfg.toString();
    }

    /** The project's {@code Makefile}. */
    public static String makefile(BuildSpec spec) {
        Board board = spec.board();
        boolean zynq = board.isZynq();
        String name = spec.name();
        String top = spec.hlsTop();
        String hlsTools = "vitis-run or vitis_hls";
        StringBuilder mk = new StringBuilder();
        mk.append("# Build of the hgq4j project ").append(name).append(" for ").append(board.name())
                .append(" (").append(board.description().replace('\n', ' ')).append(", part ").append(board.part())
                .append("), written by hgq4j.\n");
        mk.append("""
                # `make` lists the targets. The vendor tools must be on PATH (source Vitis's or Vivado's settings64.sh).
                # Targets that need earlier steps run them first; stamps in hls/.stamps remember what is done.

                # vitis-run (Vitis 2023.1 and later) when it is on PATH, else vitis_hls; override with HLS_TOOL=...
                ifeq ($(origin HLS_TOOL),undefined)
                HLS_TOOL := $(if $(shell command -v vitis-run 2>/dev/null),vitis-run,vitis_hls)
                endif
                ifeq ($(notdir $(HLS_TOOL)),vitis-run)
                HLS_RUN = $(HLS_TOOL) --mode hls --tcl build_prj.tcl
                else
                HLS_RUN = $(HLS_TOOL) -f build_prj.tcl
                endif
                # 1: `make ip` (and what builds on it) runs C/RTL co-simulation first.
                COSIM ?= %s
                """.formatted(spec.cosimByDefault() ? "1" : "0"));
        if (zynq) {
            mk.append("""
                    VIVADO ?= vivado
                    JOBS ?= 2
                    """);
        } else {
            mk.append("""
                    VPP ?= v++
                    PLATFORM ?= %s
                    # hw builds for the card; hw_emu links for hardware emulation.
                    TARGET ?= hw
                    # e.g. --kernel_frequency 250 (up to 2023.1) or --freqhz 250MHz (later) to leave the platform's clock
                    VPP_LINK_FLAGS ?=
                    """.formatted(board.xrtPlatform().orElseThrow()));
        }
        mk.append('\n');
        mk.append("HLS_INPUTS := hls/build_prj.tcl")
                .append(prefixed(" hls/", spec.firmwareSources())).append('\n');
        mk.append("TB_INPUTS := hls/").append(spec.testbench()).append(prefixed(" hls/", spec.tbData())).append('\n');
        mk.append("STAMPS := hls/.stamps\n");
        mk.append("# Every HLS call sets all HGQ4J_* switches (see hls/build_prj.tcl), so none leaks in from outside.\n");
        mk.append("HLS_STEP = cd hls && HGQ4J_RESET=$(1) HGQ4J_CSIM=$(2) HGQ4J_SYNTH=$(3) HGQ4J_COSIM=$(4)"
                + " HGQ4J_EXPORT=$(5) $(HLS_RUN)\n\n");

        mk.append("# g++ and hgq4j's own C simulation headers (hls/include): the testbench without vendor tools.\n");
        mk.append("CXX ?= g++\n");
        mk.append("CSIM_SOURCES :=").append(prefixed(" ", spec.firmwareSources().stream()
                .filter(f -> f.endsWith(".cpp") || f.endsWith(".cc")).toList())).append(' ').append(spec.testbench())
                .append("\n\n");
        mk.append(".PHONY: help csim csim-gcc synth cosim ip bitstream xclbin clean\n\n");
        mk.append("help:\n");
        echo(mk, "hgq4j project " + name + " for " + board.name() + ", part " + board.part() + ", "
                + BuildSpec.decimal(spec.clockMhz(), 3) + " MHz. Targets, with the tool each needs:");
        echo(mk, "  make csim       C simulation of " + spec.testbench() + "   [" + hlsTools + "]");
        echo(mk, "  make csim-gcc   the same testbench built with g++ and the headers in hls/include   [g++]");
        echo(mk, "  make synth      C synthesis of " + top + " (reports in hls/" + name
                + "_prj/solution1/syn/report)   [" + hlsTools + "]");
        echo(mk, "  make cosim      C/RTL co-simulation of the synthesized " + top + "   [" + hlsTools + "]");
        if (zynq) {
            echo(mk, "  make ip         export " + top + " to the Vivado IP catalog, after cosim if COSIM=1   ["
                    + hlsTools + "]");
            echo(mk, "  make bitstream  block design (PS, AXI DMA, " + spec.ipInstance()
                    + "), bitstream, PYNQ overlay zynq/overlay/" + name + ".bit and .hwh   [vivado]");
        } else {
            echo(mk, "  make ip         export the kernel object alveo/" + xoFileName(spec) + ", after cosim if"
                    + " COSIM=1   [" + hlsTools + "]");
            echo(mk, "  make xclbin     link alveo/" + name + ".xclbin for $(PLATFORM) with alveo/link.cfg   [v++]");
        }
        echo(mk, "  make clean      remove what the tools wrote; the generated sources stay");
        echo(mk, zynq ? "Settings: HLS_TOOL=$(HLS_TOOL) COSIM=$(COSIM) VIVADO=$(VIVADO) JOBS=$(JOBS)"
                : "Settings: HLS_TOOL=$(HLS_TOOL) COSIM=$(COSIM) VPP=$(VPP) TARGET=$(TARGET)"
                + " VPP_LINK_FLAGS=$(VPP_LINK_FLAGS)");
        mk.append('\n');

        mk.append("csim:\n");
        recipe(mk, "$(call HLS_STEP,0,1,0,0,0)");
        mk.append('\n');
        mk.append("csim-gcc:\n");
        recipe(mk, "cd hls && $(CXX) -std=c++14 -O2 -Iinclude -Ifirmware -o csim_gcc $(CSIM_SOURCES) && ./csim_gcc");
        mk.append('\n');
        mk.append("synth: $(STAMPS)/synth\n");
        mk.append("$(STAMPS)/synth: $(HLS_INPUTS)\n");
        recipe(mk, "$(call HLS_STEP,1,0,1,0,0)");
        recipe(mk, "@mkdir -p $(STAMPS) && touch $@");
        mk.append('\n');
        mk.append("cosim: $(STAMPS)/cosim\n");
        mk.append("$(STAMPS)/cosim: $(STAMPS)/synth $(TB_INPUTS)\n");
        recipe(mk, "$(call HLS_STEP,0,0,0,1,0)");
        recipe(mk, "@touch $@");
        mk.append('\n');
        mk.append("ip: $(STAMPS)/ip\n");
        mk.append("$(STAMPS)/ip: $(STAMPS)/synth $(if $(filter 1,$(COSIM)),$(STAMPS)/cosim)\n");
        recipe(mk, "$(call HLS_STEP,0,0,0,0,1)");
        recipe(mk, "@touch $@");
        mk.append('\n');

        String overlayBit = "zynq/overlay/" + name + ".bit";
        String xclbin = "alveo/" + name + ".xclbin";
        if (zynq) {
            mk.append("bitstream: ").append(overlayBit).append('\n');
            mk.append(overlayBit).append(": $(STAMPS)/ip zynq/build_bitstream.tcl\n");
            recipe(mk, "cd zynq && HGQ4J_JOBS=$(JOBS) $(VIVADO) -mode batch -nojournal -log vivado.log"
                    + " -source build_bitstream.tcl");
            // Copies keep the source's mtime, truncated to seconds: it may look older than the IP stamp.
            recipe(mk, "@touch $@");
            mk.append('\n');
            mk.append("xclbin:\n");
            recipe(mk, "@echo '" + board.name() + " is a Zynq board: it takes a bitstream (make bitstream),"
                    + " not an xclbin' >&2; exit 1");
        } else {
            mk.append("xclbin: ").append(xclbin).append('\n');
            mk.append(xclbin).append(": $(STAMPS)/ip alveo/link.cfg\n");
            recipe(mk, "$(VPP) -l -t $(TARGET) --platform $(PLATFORM) --config alveo/link.cfg --temp_dir alveo/_x"
                    + " --log_dir alveo/logs --report_dir alveo/reports $(VPP_LINK_FLAGS) -o $@ alveo/"
                    + xoFileName(spec));
            mk.append('\n');
            mk.append("bitstream:\n");
            recipe(mk, "@echo '" + board.name() + " is an Alveo card: it takes an xclbin (make xclbin),"
                    + " not a bitstream' >&2; exit 1");
        }
        mk.append('\n');

        List<String> clean = new ArrayList<>(List.of("hls/" + name + "_prj", "$(STAMPS)", "hls/*.log", "hls/logs",
                "hls/.Xil", "hls/csim_gcc", "hls/tb_data/csim_results.log"));
        if (zynq) {
            clean.addAll(List.of("zynq/vivado", "zynq/overlay", "zynq/reports", "zynq/*.log", "zynq/*.jou",
                    "zynq/.Xil"));
        } else {
            clean.addAll(List.of("alveo/" + xoFileName(spec), xclbin + "*", "alveo/*.ltx", "alveo/_x",
                    "alveo/logs", "alveo/reports", ".ipcache", ".Xil"));
        }
        mk.append("clean:\n");
        recipe(mk, "rm -rf " + String.join(" ", clean));
        return mk.toString();
    }

    /** The kernel object HLS exports, relative to {@code OUT}. */
    static String xoFile(BuildSpec spec) {
        return "alveo/" + xoFileName(spec);
    }

    private static String xoFileName(BuildSpec spec) {
        return spec.alveoTop() + ".xo";
    }

    private static String prefixed(String prefix, List<String> items) {
        return items.stream().map(i -> prefix + i).collect(Collectors.joining());
    }

    // Recipes need a hard tab; keeping it in one place makes that hard to break.
    private static void recipe(StringBuilder mk, String line) {
        mk.append('\t').append(line).append('\n');
    }

    private static void echo(StringBuilder mk, String text) {
        if (text.contains("'")) {
            throw new IllegalArgumentException("help text must not contain a single quote: " + text);
        }
        recipe(mk, "@echo '" + text + "'");
    }

    private static String tclSettings(Map<String, String> settings, Map<String, String> comments) {
        int width = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder tcl = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String line = "set " + padRight(e.getKey(), width) + " " + tclWord(e.getValue());
            String comment = comments.get(e.getKey());
            tcl.append(comment == null ? line : padRight(line, 40) + " ;# " + comment).append('\n');
        }
        return tcl.toString().stripTrailing();
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    // Values are validated names, parts and paths; braces keep anything else (spaces, empty) one word.
    private static String tclWord(String value) {
        if (PLAIN_TCL_WORD.matcher(value).matches() || (value.startsWith("{") && value.endsWith("}"))) {
            return value;
        }
        if (value.contains("{") || value.contains("}") || value.contains("\\")) {
            throw new IllegalArgumentException("cannot quote '" + value + "' for TCL");
        }
        return "{" + value + "}";
    }

    private static String tclList(List<String> items) {
        items.forEach(BuildScripts::tclWord);
        return "{" + String.join(" ", items) + "}";
    }

    private static String render(String template, Map<String, String> values) {
        String text = resource(template);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> used = new ArrayList<>();
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException(template + ": no value for {{" + key + "}}");
            }
            used.add(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        List<String> unused = values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
        if (!unused.isEmpty()) {
            throw new IllegalStateException(template + ": values never used: " + unused);
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = BuildScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + BuildScripts.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

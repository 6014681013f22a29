package io.hgq4j.codegen.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resource counts of a design synthesised by yosys: per reported module and for the whole hierarchy under the top.
 * These are yosys's cell counts, an estimate of what the vendor tools would use, not vendor numbers.
 *
 * @param top            the top module
 * @param command        the synthesis command that produced the counts, e.g. {@code synth_xilinx -family xcup -noiopad -top top}
 * @param yosysVersion   yosys's version line, e.g. {@code Yosys 0.23 (git sha1 7ce5011c24b)}
 * @param elapsedSeconds wall-clock time of the yosys run (0 when the counts were read from a file)
 * @param modules        the reported modules, in the order they were asked for
 * @param total          all cells under the top, every module counted once per instance
 */
public record SynthesisResult(String top, String command, String yosysVersion, double elapsedSeconds,
        List<ModuleResources> modules, CellCounts total) {

    /** Copies the list. */
    public SynthesisResult {
        modules = List.copyOf(modules);
    }

    /**
     * Counts from parsed statistics.
     *
     * @param stat     yosys's statistics of the synthesised design
     * @param top      the top module
     * @param reported the Verilog modules to report individually
     * @throws SynthesisException of kind {@link SynthesisException.Kind#BAD_OUTPUT} if {@code top} or a reported
     *                            module is not in the hierarchy under the top
     */
    public static SynthesisResult of(YosysStat stat, String top, List<String> reported, String command,
            double elapsedSeconds) {
        if (!stat.modules().contains(top)) {
            throw missing("top module " + top, stat);
        }
        Map<String, Long> instances = stat.instances(top);
        List<ModuleResources> rows = new ArrayList<>();
        for (String name : reported) {
            List<String> variants = stat.variants(name).stream().filter(instances::containsKey).toList();
            if (variants.isEmpty()) {
                throw missing("module " + name, stat);
            }
            CellCounts cells = CellCounts.NONE;
            long n = 0;
            for (String v : variants) {
                cells = cells.plus(stat.cells(v).times(instances.get(v)));
                n += instances.get(v);
            }
            rows.add(new ModuleResources(name, variants, n, cells));
        }
        return new SynthesisResult(top, command, stat.creator(), elapsedSeconds, rows, stat.cells(top));
    }

    private static SynthesisException missing(String what, YosysStat stat) {
        return new SynthesisException(SynthesisException.Kind.BAD_OUTPUT, what + " is not in the synthesised design "
                + "(yosys keeps only the modules under the top, and -flatten removes them all); modules: "
                + stat.modules());
    }

    /** The reported module named {@code name}. */
    public ModuleResources module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("module " + name + " was not reported; reported: "
                        + modules.stream().map(ModuleResources::name).toList()));
    }

    /** The result as pretty-printed JSON: per module and in total, counts per class and per cell type. */
    public String toJson() {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("tool", "yosys");
        root.put("yosysVersion", yosysVersion);
        root.put("command", command);
        root.put("top", top);
        root.put("elapsedSeconds", Math.round(elapsedSeconds * 1000) / 1000.0);
        root.put("note", "yosys cell counts: estimates, not vendor numbers");
        ArrayNode rows = root.putArray("modules");
        for (ModuleResources m : modules) {
            ObjectNode row = rows.addObject();
            row.put("name", m.name());
            row.put("instances", m.instances());
            ArrayNode variants = row.putArray("yosysModules");
            m.variants().forEach(variants::add);
            counts(row, m.cells());
        }
        counts(root.putObject("total"), total);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void counts(ObjectNode node, CellCounts cells) {
        cells.byClass().forEach((c, n) -> node.put(c.label().toLowerCase(Locale.ROOT), n));
        ObjectNode types = node.putObject("cellsByType");
        cells.byType().forEach(types::put);
    }

    /** The result as a text table: one row per reported module (all its instances) and the total. */
    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("module", "inst"));
        for (CellClass c : CellClass.values()) {
            header.add(c.label());
        }
        rows.add(header.toArray(String[]::new));
        for (ModuleResources m : modules) {
            rows.add(row(m.name(), Long.toString(m.instances()), m.cells()));
        }
        rows.add(row("total (" + top + ")", "", total));
        int[] widths = new int[header.size()];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s, %s, %.1f s (cell counts: estimates, not vendor numbers)%n",
                command, yosysVersion, elapsedSeconds));
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                String pad = " ".repeat(widths[c] - r[c].length());
                line.append(c == 0 ? r[c] + pad : pad + r[c]).append(c + 1 < r.length ? "  " : "");
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    private static String[] row(String name, String instances, CellCounts cells) {
        List<String> r = new ArrayList<>(List.of(name, instances));
        for (CellClass c : CellClass.values()) {
            r.add(String.format(Locale.ROOT, "%,d", cells.count(c)));
        }
        return r.toArray(String[]::new);
    }
}

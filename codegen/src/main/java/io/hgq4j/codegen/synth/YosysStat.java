package io.hgq4j.codegen.synth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The output of yosys's {@code stat -json}: the cells of every module, and the hierarchy those cells make.
 *
 * <p>{@code stat} counts each module once, by its own cells; an instance of another module of the design is a cell
 * whose type is that module's name. {@link #cells(String)} resolves those instances recursively, so a module
 * instantiated {@code k} times under the top counts {@code k} times in the top's total, as yosys's own "design"
 * section does.
 *
 * <p>Yosys 0.23 writes invalid JSON in two cases, both handled here: without a top module it leaves a trailing comma
 * after {@code "modules"} (accepted: the parser allows trailing commas), and with a top module whose hierarchy is
 * deeper than one level it writes the hierarchy as plain text lines into the JSON (not accepted, which is why
 * {@link YosysSynthesis} clears the top attribute before {@code stat} and sums the hierarchy here instead).
 */
public final class YosysStat {

    private final String creator;
    private final Map<String, CellCounts> own;
    private final Map<String, Map<String, Long>> children;
    private final CellCounts design;

    private YosysStat(String creator, Map<String, CellCounts> own, Map<String, Map<String, Long>> children,
            CellCounts design) {
        this.creator = creator;
        this.own = own;
        this.children = children;
        this.design = design;
    }

    /**
     * Reads {@code stat -json} output.
     *
     * @throws SynthesisException of kind {@link SynthesisException.Kind#BAD_OUTPUT} if the text is not JSON or lacks
     *                            the expected fields
     */
    public static YosysStat parse(String json) {
        JsonNode root;
        try {
            root = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build().readTree(json);
        } catch (JacksonException e) {
            throw bad("is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw bad("is not a JSON object", null);
        }
        JsonNode modules = root.get("modules");
        if (modules == null || !modules.isObject()) {
            throw bad("has no \"modules\" object", null);
        }
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        modules.properties().forEach(e -> byName.put(unescape(e.getKey()), e.getValue()));
        Map<String, CellCounts> own = new LinkedHashMap<>();
        Map<String, Map<String, Long>> children = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : byName.entrySet()) {
            Map<String, Long> types = cellTypes(m.getValue(), "module " + m.getKey());
            Map<String, Long> primitives = new TreeMap<>();
            Map<String, Long> instances = new TreeMap<>();
            types.forEach((type, n) -> (byName.containsKey(type) ? instances : primitives).put(type, n));
            own.put(m.getKey(), CellCounts.of(primitives));
            children.put(m.getKey(), Collections.unmodifiableMap(instances));
        }
        JsonNode designNode = root.get("design");
        CellCounts design = designNode == null ? null : CellCounts.of(cellTypes(designNode, "the design section"));
        JsonNode creatorNode = root.get("creator");
        String creator = creatorNode == null || !creatorNode.isTextual() ? "yosys (unknown version)" : creatorNode.asText();
        return new YosysStat(creator, Collections.unmodifiableMap(own), Collections.unmodifiableMap(children), design);
    }

    private static Map<String, Long> cellTypes(JsonNode module, String where) {
        if (!module.isObject()) {
            throw bad("has " + where + " that is not an object", null);
        }
        JsonNode byType = module.get("num_cells_by_type");
        JsonNode total = module.get("num_cells");
        if (byType == null) {
            // yosys omits the breakdown of a module without cells
            if (total != null && total.canConvertToLong() && total.asLong() == 0) {
                return Map.of();
            }
            throw bad("has no \"num_cells_by_type\" in " + where, null);
        }
        if (!byType.isObject()) {
            throw bad("has a \"num_cells_by_type\" that is not an object in " + where, null);
        }
        Map<String, Long> types = new TreeMap<>();
        long sum = 0;
        for (Map.Entry<String, JsonNode> e : byType.properties()) {
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                throw bad("has a count that is not a non-negative integer (" + e.getKey() + ": " + e.getValue()
                        + ") in " + where, null);
            }
            types.put(unescape(e.getKey()), e.getValue().asLong());
            sum += e.getValue().asLong();
        }
        if (total != null && (!total.canConvertToLong() || total.asLong() != sum)) {
            throw bad("says num_cells " + total + " but its cell types add up to " + sum + " in " + where, null);
        }
        return types;
    }

    /** Yosys prefixes public names with a backslash in module keys but not in cell types; both become plain names. */
    private static String unescape(String name) {
        return name.startsWith("\\") ? name.substring(1) : name;
    }

    private static SynthesisException bad(String what, Throwable cause) {
        return new SynthesisException(SynthesisException.Kind.BAD_OUTPUT, "yosys's stat -json output " + what, cause);
    }

    /** The yosys version that wrote the statistics, e.g. {@code Yosys 0.23 (git sha1 7ce5011c24b)}. */
    public String creator() {
        return creator;
    }

    /** The names of all modules in the design (parameterised ones as yosys derived them, {@code $paramod\...}). */
    public Set<String> modules() {
        return own.keySet();
    }

    /** The technology cells of {@code module} itself, without its submodule instances. */
    public CellCounts ownCells(String module) {
        return own.get(known(module));
    }

    /** The modules {@code module} instantiates, with how many times. */
    public Map<String, Long> submodules(String module) {
        return children.get(known(module));
    }

    /** The design total yosys printed, if it printed one (only when the design had a top module). */
    public Optional<CellCounts> designTotal() {
        return Optional.ofNullable(design);
    }

    /** All technology cells of one instance of {@code module}, its submodules' included. */
    public CellCounts cells(String module) {
        return cells(known(module), new HashMap<>(), new HashSet<>());
    }

    private CellCounts cells(String module, Map<String, CellCounts> done, Set<String> open) {
        CellCounts known = done.get(module);
        if (known != null) {
            return known;
        }
        if (!open.add(module)) {
            throw bad("describes a module that contains itself: " + module, null);
        }
        CellCounts sum = own.get(module);
        for (Map.Entry<String, Long> child : children.get(module).entrySet()) {
            sum = sum.plus(cells(child.getKey(), done, open).times(child.getValue()));
        }
        open.remove(module);
        done.put(module, sum);
        return sum;
    }

    /**
     * How many times each module occurs in the hierarchy under {@code top} ({@code top} itself once); modules outside
     * that hierarchy are absent.
     */
    public Map<String, Long> instances(String top) {
        List<String> postOrder = new ArrayList<>();
        visit(known(top), new HashSet<>(), new HashSet<>(), postOrder);
        Map<String, Long> count = new LinkedHashMap<>();
        count.put(top, 1L);
        // reverse post-order lists every parent before its children, so a module's count is final when it is read
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            String parent = postOrder.get(i);
            long k = count.getOrDefault(parent, 0L);
            children.get(parent).forEach((child, n) -> count.merge(child, Math.multiplyExact(k, n), Math::addExact));
        }
        return Collections.unmodifiableMap(count);
    }

    private void visit(String module, Set<String> done, Set<String> open, List<String> postOrder) {
        if (done.contains(module)) {
            return;
        }
        if (!open.add(module)) {
            throw bad("describes a module that contains itself: " + module, null);
        }
        for (String child : children.get(module).keySet()) {
            visit(child, done, open, postOrder);
        }
        open.remove(module);
        done.add(module);
        postOrder.add(module);
    }

    /**
     * The design's modules that implement the Verilog module {@code name}: {@code name} itself, or the copies yosys
     * derived from it for each set of parameters ({@code $paramod\name\P=...} or {@code $paramod$hash\name}).
     */
    public List<String> variants(String name) {
        // a module instantiated both with its default parameters and with others exists under both kinds of name
        return own.keySet().stream().filter(m -> name.equals(baseName(m))).sorted().toList();
    }

    /** The Verilog module a yosys module was derived from ({@code $paramod\add\W=8 -> add}), or the name itself. */
    static String baseName(String module) {
        if (!module.startsWith("$paramod")) {
            return module;
        }
        String rest = module.substring("$paramod".length());
        if (rest.startsWith("$")) {
            // hashed form for long parameter lists: $paramod$<sha1>\name
            int slash = rest.indexOf('\\');
            return slash < 0 ? module : rest.substring(slash + 1);
        }
        if (!rest.startsWith("\\")) {
            return module;
        }
        int end = rest.indexOf('\\', 1);
        return end < 0 ? rest.substring(1) : rest.substring(1, end);
    }

    private String known(String module) {
        if (!own.containsKey(module)) {
            throw new IllegalArgumentException("no module " + module + " in the statistics; modules: " + own.keySet());
        }
        return module;
    }
}

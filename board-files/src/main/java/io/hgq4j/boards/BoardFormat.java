package io.hgq4j.boards;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hgq4j.boards.Board.Family;
import io.hgq4j.boards.Board.InterfaceKind;
import io.hgq4j.boards.Board.Resources;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and writes board files. A file holds one board (a mapping), a list of boards, or a mapping whose only field
 * {@code boards} is that list. Files ending in {@code .json} are read as JSON, all others as YAML.
 *
 * <pre>
 * name: my-zu3              # lower case, digits, dashes
 * description: My ZU3 board # optional, defaults to the name
 * family: zynq-ultrascale-plus        # zynq-7000, zynq-ultrascale-plus or alveo
 * part: xczu3eg-sbva484-1-e
 * boardPart: avnet.com:ultra96v2:part0:1.2   # optional: vendor:board:part0:version
 * clocksMhz: [100, 150]     # or one number; the first is the default
 * resources: {lut: 70560, ff: 141120, dsp: 360, bram18: 432, uram: 0}
 * interface: axi-stream-dma # optional: follows from the family
 * xrtPlatform: ...          # Alveo only, required there
 * memoryBank: HBM[0]        # Alveo only; optional for the cards AlveoMemory knows
 * source: where the numbers come from   # optional, free text
 * </pre>
 */
final class BoardFormat {

    /** A board as a file describes it: the record plus what the record has no place for. */
    record Entry(Board board, Optional<String> memoryBank, Optional<String> source, String origin) {
    }

    /** Board files are a few hundred bytes; anything this large is not one, and is not worth parsing. */
    private static final long MAX_BYTES = 1 << 20;

    private static final List<String> BOARD_FIELDS = List.of("name", "family", "part", "clocksMhz", "resources");

    private static final String NAME = "[a-z0-9][a-z0-9-]*";
    private static final String PART = "[A-Za-z0-9][A-Za-z0-9-]*";
    private static final String BOARD_PART = "[^:\\s]+(:[^:\\s]+){3}";
    private static final String PLATFORM = "[A-Za-z0-9_][A-Za-z0-9_.-]*";

    // Duplicate fields are mistakes (the second silently winning would hide them); trailing tokens mean a damaged file.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BoardFormat() {
    }

    /** The boards of a user's file; every problem is a {@link BoardFileException} naming the file. */
    static List<Entry> read(Path file) {
        String label = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BoardFileException(label + ": is a directory, not a board file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new BoardFileException(label + ": " + Files.size(file) + " bytes is too large for a board file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BoardFileException(label + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BoardFileException(label + ": permission denied");
        } catch (IOException e) {
            throw new BoardFileException(label + ": cannot be read (" + BoardNode.shown(String.valueOf(e.getMessage())) + ")");
        }
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(label, label, bytes, lower.endsWith(".json"));
    }

    /**
     * Parses the bytes of a board file.
     *
     * @param label  how messages name the file
     * @param origin where the boards come from, kept with each entry
     * @param json   JSON rather than YAML
     */
    static List<Entry> parse(String label, String origin, byte[] bytes, boolean json) {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(bytes);
        } catch (JsonProcessingException e) {
            throw syntaxError(label, json, e);
        } catch (IOException | RuntimeException e) {
            // The parsers report bad encodings as CharConversionException and, for some damaged YAML, unchecked
            // exceptions of their own; whatever the bytes, the user gets a line about the file, not a trace.
            throw new BoardFileException(label + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + parserMessage(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new BoardFileException(label + ": empty (expected a board, a list of boards, or boards: [...])");
        }
        BoardNode top = new BoardNode(label, "", root);
        List<BoardNode> items;
        if (top.isList()) {
            items = top.items("a list of boards");
        } else if (top.isMap() && top.has("boards")) {
            items = top.required("boards").items("a list of boards");
            top.finish();
        } else if (top.isMap()) {
            if (BOARD_FIELDS.stream().noneMatch(top::has)) {
                // Not a board with a few fields missing but something else: say what a board file holds.
                throw top.problem("expected a board (" + String.join(", ", BOARD_FIELDS) + ", ...) or boards: [...], got"
                        + " a mapping with " + BoardNode.shown(String.join(", ", (Iterable<String>) root::fieldNames)));
            }
            items = List.of(top);
        } else {
            throw top.error("a board (a mapping of fields), a list of boards, or boards: [...]");
        }
        if (items.isEmpty()) {
            throw new BoardFileException(label + ": no boards in the file");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Entry entry = board(items.get(i), origin);
            Integer first = seen.putIfAbsent(entry.board().name(), i);
            if (first != null) {
                throw items.get(i).required("name").problem("board '" + entry.board().name()
                        + "' is defined twice in this file (also as board " + first + ")");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static Entry board(BoardNode n, String origin) {
        n.requireMap("a board (a mapping of fields)");
        BoardNode nameNode = n.required("name");
        String name = nameNode.text();
        if (!name.matches(NAME)) {
            throw nameNode.error("a name of lower-case letters, digits and dashes (such as my-board)");
        }
        BoardNode descriptionNode = n.optional("description");
        String description = descriptionNode == null ? name : descriptionNode.text();
        Family family = n.required("family").choice(Family.class);
        BoardNode partNode = n.required("part");
        String part = partNode.text();
        if (!part.matches(PART)) {
            throw partNode.error("an FPGA part such as xc7z020clg400-1");
        }
        Optional<String> boardPart = optionalText(n, "boardPart", BOARD_PART, "a board part vendor:board:part0:version");
        List<Double> clocks = clocks(n.required("clocksMhz"));
        Resources resources = resources(n.required("resources"));

        InterfaceKind expectedInterface = family == Family.ALVEO ? InterfaceKind.XRT_MEMORY_MAPPED : InterfaceKind.AXI_STREAM_DMA;
        BoardNode interfaceNode = n.optional("interface");
        if (interfaceNode != null && interfaceNode.choice(InterfaceKind.class) != expectedInterface) {
            throw interfaceNode.error(BoardNode.word(expectedInterface) + " for a " + BoardNode.word(family) + " board");
        }

        BoardNode platformNode = n.optional("xrtPlatform");
        BoardNode bankNode = n.optional("memoryBank");
        Optional<String> platform = optionalText(n, "xrtPlatform", PLATFORM, "an XRT platform name such as "
                + "xilinx_u55c_gen3x16_xdma_3_202210_1");
        Optional<String> bank = optionalText(n, "memoryBank", null, null);
        if (family == Family.ALVEO) {
            if (platform.isEmpty()) {
                throw n.missing("xrtPlatform", "required for an Alveo card");
            }
            if (bank.isPresent() && !AlveoMemory.isBank(bank.get())) {
                throw bankNode.error("a memory bank such as HBM[0], DDR[1] or HBM[0:3]");
            }
            if (bank.isEmpty()) {
                bank = AlveoMemory.defaultBank(platform.get());
                if (bank.isEmpty()) {
                    throw n.missing("memoryBank", "required: hgq4j knows no default bank for platform " + platform.get()
                            + "; give one such as HBM[0] or DDR[0]");
                }
            }
        } else if (platformNode != null) {
            throw platformNode.problem("only Alveo cards have an XRT platform, and this board is " + BoardNode.word(family));
        } else if (bankNode != null) {
            throw bankNode.problem("only Alveo cards have a memory bank, and this board is " + BoardNode.word(family));
        }
        Optional<String> source = optionalText(n, "source", null, null);
        n.finish();
        try {
            return new Entry(new Board(name, description, family, part, boardPart, clocks, resources, expectedInterface,
                    platform), bank, source, origin);
        } catch (IllegalArgumentException e) {
            // Every rule of the record is checked above with a better message; this is the backstop for a rule added
            // to the record later.
            throw n.problem(e.getMessage());
        }
    }

    private static Optional<String> optionalText(BoardNode n, String key, String pattern, String expected) {
        BoardNode child = n.optional(key);
        if (child == null) {
            return Optional.empty();
        }
        String text = child.text();
        if (pattern != null && !text.matches(pattern)) {
            throw child.error(expected);
        }
        return Optional.of(text);
    }

    private static List<Double> clocks(BoardNode node) {
        String expected = "a frequency in (0, 1000] MHz";
        List<BoardNode> items = node.isList() ? node.items(expected) : List.of(node);
        if (items.isEmpty()) {
            throw node.error("one or more frequencies in MHz, the default first");
        }
        List<Double> clocks = new ArrayList<>();
        for (BoardNode item : items) {
            double mhz = item.number(expected);
            if (!(mhz > 0 && mhz <= 1000)) {
                throw item.error(expected);
            }
            clocks.add(mhz);
        }
        return clocks;
    }

    private static Resources resources(BoardNode node) {
        node.requireMap("a mapping with lut, ff, dsp, bram18 and uram");
        // A part without LUTs or flip-flops is a mistake; parts without DSPs, block RAM or UltraRAM exist.
        long lut = node.required("lut").integer(1, "a positive integer");
        long ff = node.required("ff").integer(1, "a positive integer");
        long dsp = node.required("dsp").integer(0, "a non-negative integer");
        long bram18 = node.required("bram18").integer(0, "a non-negative integer (18 Kb blocks: twice the BRAM36 count)");
        long uram = node.required("uram").integer(0, "a non-negative integer");
        node.finish();
        return new Resources(lut, ff, dsp, bram18, uram);
    }

    /** The entries as one JSON document that {@link #parse} reads back to equal entries. */
    static String toJson(List<Entry> entries) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode list = root.putArray("boards");
        for (Entry e : entries) {
            Board b = e.board();
            ObjectNode o = list.addObject();
            o.put("name", b.name());
            o.put("description", b.description());
            o.put("family", BoardNode.word(b.family()));
            o.put("part", b.part());
            b.boardPart().ifPresent(p -> o.put("boardPart", p));
            ArrayNode clocks = o.putArray("clocksMhz");
            for (double c : b.clocksMhz()) {
                if (c == Math.rint(c)) {
                    clocks.add((long) c);
                } else {
                    clocks.add(c);
                }
            }
            ObjectNode r = o.putObject("resources");
            r.put("lut", b.resources().lut());
            r.put("ff", b.resources().ff());
            r.put("dsp", b.resources().dsp());
            r.put("bram18", b.resources().bram18());
            r.put("uram", b.resources().uram());
            o.put("interface", BoardNode.word(b.interfaceKind()));
            b.xrtPlatform().ifPresent(p -> o.put("xrtPlatform", p));
            e.memoryBank().ifPresent(m -> o.put("memoryBank", m));
            e.source().ifPresent(s -> o.put("source", s));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static BoardFileException syntaxError(String label, boolean json, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        int line = at == null ? -1 : at.getLineNr();
        int column = at == null ? -1 : at.getColumnNr();
        // SnakeYAML's message spans several lines ("while parsing a flow mapping / in 'reader', line 1 ... / expected
        // ',' or '}'"); its problem and problem mark are the part that tells the user what to fix.
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            message = yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
            if (yaml.getProblemMark() != null) {
                line = yaml.getProblemMark().getLine() + 1;
                column = yaml.getProblemMark().getColumn() + 1;
            }
        }
        String where = line < 1 ? "" : " at line " + line + ", column " + column;
        return new BoardFileException(label + ": not valid " + (json ? "JSON" : "YAML") + where + ": " + parserMessage(message));
    }

    /** The first line of a parser's message, without the exception class some of them prefix, fit for one line. */
    private static String parserMessage(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return BoardNode.shown(first.replaceFirst("^([a-z]\\w*\\.)+\\w*(Exception|Error): ", ""), 200);
    }
}

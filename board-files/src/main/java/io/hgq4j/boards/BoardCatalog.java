package io.hgq4j.boards;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hgq4j.boards.BoardFormat.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The boards hgq4j can build for: the built-in ones ({@link #builtIn()}) plus any a user describes in a file
 * ({@link #withFile(Path)}). Immutable; adding a file gives a new catalogue.
 *
 * <p>The built-in boards are data: one JSON file per board under {@code io/hgq4j/boards/} on the class path, listed in
 * {@code index.json} there, in the same format users write (see the README, section Boards).
 */
public final class BoardCatalog {

    private static final String RESOURCES = "/io/hgq4j/boards/";
    private static final String BUILT_IN = "built-in";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SortedMap<String, Entry> entries;
    private final List<String> notes;

    private BoardCatalog(SortedMap<String, Entry> entries, List<String> notes) {
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.notes = List.copyOf(notes);
    }

    /** Loaded once, on first use; the catalogue is immutable, so sharing it is safe. */
    private static final class BuiltIn {
        static final BoardCatalog CATALOG = load();
    }

    /**
     * The catalogue of built-in boards.
     *
     * @throws IllegalStateException if the built-in data is damaged (a defect of the build, not of the user's input)
     */
    public static BoardCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /**
     * This catalogue plus the boards of a user's file: a single board, a list of boards, or {@code boards:} with a
     * list, in YAML or (for names ending in {@code .json}) JSON. A board of the file replaces a board of the same name
     * already in the catalogue, and {@link #notes()} says so.
     *
     * @throws BoardFileException if the file cannot be read or is not a valid board file; the one-line message names
     *                            the file, the field and what was expected
     */
    public BoardCatalog withFile(Path file) {
        Objects.requireNonNull(file, "file");
        SortedMap<String, Entry> merged = new TreeMap<>(entries);
        List<String> newNotes = new ArrayList<>(notes);
        for (Entry entry : BoardFormat.read(file)) {
            Entry replaced = merged.put(entry.board().name(), entry);
            if (replaced != null) {
                newNotes.add(file + ": board '" + entry.board().name() + "' replaces the "
                        + (replaced.origin().equals(BUILT_IN) ? "built-in one" : "one from " + replaced.origin()));
            }
        }
        return new BoardCatalog(merged, newNotes);
    }

    /** This catalogue plus the boards of each file in turn (see {@link #withFile(Path)}). */
    public BoardCatalog withFiles(Collection<Path> files) {
        BoardCatalog catalog = this;
        for (Path file : files) {
            catalog = catalog.withFile(file);
        }
        return catalog;
    }

    /** The board called {@code name} (case and surrounding blanks do not matter), if the catalogue holds one. */
    public Optional<Board> find(String name) {
        Entry entry = entries.get(key(name));
        return entry == null ? Optional.empty() : Optional.of(entry.board());
    }

    /**
     * The board called {@code name} (case and surrounding blanks do not matter).
     *
     * @throws UnknownBoardException if there is none; its message lists the known boards
     */
    public Board get(String name) {
        return find(name).orElseThrow(() -> new UnknownBoardException(name, names()));
    }

    /** Every board, sorted by name. */
    public List<Board> all() {
        return entries.values().stream().map(Entry::board).toList();
    }

    /** The names of all boards, sorted. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** What the user should know about how this catalogue was put together: which boards files replaced. */
    public List<String> notes() {
        return notes;
    }

    /**
     * The device-memory bank an Alveo kernel's buffers should be connected to ({@code HBM[0]}, {@code DDR[0]}), in the
     * syntax of a v++ connectivity file; empty for a Zynq board. For a board of this catalogue this is its
     * {@code memoryBank} field; for any other Alveo board it is {@link AlveoMemory#defaultBank}'s answer for its
     * platform (empty when that has none).
     */
    public Optional<String> memoryBank(Board board) {
        if (board.isZynq()) {
            return Optional.empty();
        }
        Entry entry = entries.get(board.name());
        if (entry != null && entry.board().equals(board)) {
            return entry.memoryBank();
        }
        return board.xrtPlatform().flatMap(AlveoMemory::defaultBank);
    }

    /** Where the figures of a board of this catalogue come from, as its file states it; empty when it states none. */
    public Optional<String> source(String name) {
        Entry entry = entries.get(key(name));
        return entry == null ? Optional.empty() : entry.source();
    }

    /**
     * All boards as one JSON document ({@code {"boards": [...]}}) in the board-file format: saved to a file, it can
     * be edited and read back with {@link #withFile(Path)}.
     */
    public String toJson() {
        return BoardFormat.toJson(List.copyOf(entries.values()));
    }

    /** The word board files use for a family: {@code zynq-7000}, {@code zynq-ultrascale-plus}, {@code alveo}. */
    public static String familyName(Board.Family family) {
        return BoardNode.word(family);
    }

    /** The word board files use for an interface: {@code axi-stream-dma}, {@code xrt-memory-mapped}. */
    public static String interfaceName(Board.InterfaceKind kind) {
        return BoardNode.word(kind);
    }

    private static String key(String name) {
        return Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
    }

    private static BoardCatalog load() {
        String index = RESOURCES + "index.json";
        SortedMap<String, Entry> entries = new TreeMap<>();
        try {
            BoardNode names = new BoardNode(index, "", JSON.readTree(resourceBytes(index))).required("boards");
            for (BoardNode item : names.items("a list of board names")) {
                String name = item.text();
                String resource = RESOURCES + name + ".json";
                List<Entry> parsed = BoardFormat.parse(resource, BUILT_IN, resourceBytes(resource), true);
                if (parsed.size() != 1 || !parsed.get(0).board().name().equals(name)) {
                    throw item.problem(resource + " must describe the one board " + name);
                }
                if (entries.put(name, parsed.get(0)) != null) {
                    throw item.problem(name + " is listed twice");
                }
            }
        } catch (IOException | BoardFileException e) {
            throw new IllegalStateException("damaged built-in board data: " + e.getMessage(), e);
        }
        return new BoardCatalog(new TreeMap<>(entries), List.of());
    }

    private static byte[] resourceBytes(String resource) {
        try (InputStream in = BoardCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in board data missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in board data " + resource, e);
        }
    }
}

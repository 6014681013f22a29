package io.hgq4j.cli;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.BoardCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The board options of every command that builds for a board: {@code --board NAME} and {@code --board-file FILE}
 * (repeatable). Use it as {@code @Mixin BoardOptions board;} and call {@link #resolve()}.
 *
 * <p>An unknown name and a bad board file throw exceptions whose one-line message the command line prints as it is
 * ({@code hgq4j: error: ...}, exit code 1): they are {@link IllegalArgumentException}s, which {@link Failures} counts
 * as user errors.
 */
final class BoardOptions {

    /** The description of {@code --board-file}, shared with {@code hgq4j boards}. */
    static final String BOARD_FILE_DESCRIPTION = "A YAML or JSON file describing boards of your own (repeatable; a board "
            + "replaces a built-in or earlier one of the same name). See the README, section Boards.";

    @Option(names = "--board", paramLabel = "NAME", defaultValue = "pynq-z2",
            description = "The target board (default: ${DEFAULT-VALUE}); `hgq4j boards` lists them.")
    String board;

    @Option(names = "--board-file", paramLabel = "FILE", description = BOARD_FILE_DESCRIPTION)
    List<Path> boardFiles = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private BoardCatalog catalog;
    private List<Path> catalogFiles;

    /**
     * The board {@code --board} names, looked up in the built-in boards plus those of the {@code --board-file} files.
     *
     * @throws io.hgq4j.boards.UnknownBoardException if there is no such board (the message lists the known ones)
     * @throws io.hgq4j.boards.BoardFileException    if a board file cannot be read or is invalid
     */
    Board resolve() {
        return catalog().get(board);
    }

    /**
     * The built-in boards plus those of the {@code --board-file} files, read once per set of files; the notes (which
     * boards a file replaced) go to the command's standard error when the files are read.
     */
    BoardCatalog catalog() {
        // picocli reuses the mixin when a command line is executed again, with new option values
        if (catalog == null || !boardFiles.equals(catalogFiles)) {
            catalogFiles = List.copyOf(boardFiles);
            catalog = catalog(catalogFiles);
            if (command != null) {
                printNotes(catalog, command.commandLine().getErr());
            }
        }
        return catalog;
    }

    /** The built-in boards plus those of {@code files}, in order. */
    static BoardCatalog catalog(List<Path> files) {
        return BoardCatalog.builtIn().withFiles(files);
    }

    /** Prints what the user should know about a catalogue: which boards their files replaced. */
    static void printNotes(BoardCatalog catalog, PrintWriter err) {
        for (String note : catalog.notes()) {
            err.println("hgq4j: note: " + note);
        }
        err.flush();
    }
}

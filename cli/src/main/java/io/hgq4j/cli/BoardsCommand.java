package io.hgq4j.cli;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.BoardCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hgq4j boards}: the boards hgq4j can build for, built-in and from the user's files. */
@Command(name = "boards", mixinStandardHelpOptions = true,
        description = "List the boards hgq4j can build for: part, default clock, resources, interface, XRT platform.")
final class BoardsCommand implements Callable<Integer> {

    /** The columns of the table whose cells are numbers, aligned right. */
    private static final int[] NUMERIC = {3, 4, 5, 6, 7, 8};

    @Option(names = "--board-file", paramLabel = "FILE", description = BoardOptions.BOARD_FILE_DESCRIPTION)
    List<Path> boardFiles = new ArrayList<>();

    @Option(names = "--json", description = "Print the boards as JSON, in the board-file format (a starting point for "
            + "a board file of your own).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BoardCatalog catalog = BoardOptions.catalog(boardFiles);
        BoardOptions.printNotes(catalog, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(catalog.toJson());
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"name", "family", "part", "clock", "LUT", "FF", "DSP", "BRAM18", "URAM", "interface",
                "XRT platform"});
            for (Board b : catalog.all()) {
                rows.add(new String[] {b.name(), BoardCatalog.familyName(b.family()), b.part(),
                    mhz(b.defaultClockMhz()), count(b.resources().lut()), count(b.resources().ff()),
                    count(b.resources().dsp()), count(b.resources().bram18()), count(b.resources().uram()),
                    BoardCatalog.interfaceName(b.interfaceKind()), b.xrtPlatform().orElse("")});
            }
            TextTable.print(out, rows, NUMERIC);
        }
        out.flush();
        return 0;
    }

    private static String mhz(double mhz) {
        String number = mhz == Math.rint(mhz) ? Long.toString((long) mhz)
                : String.format(Locale.ROOT, "%.3f", mhz).replaceAll("0+$", "");
        return number + " MHz";
    }

    // A fixed locale, so the table reads the same on every machine (and in the tests).
    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

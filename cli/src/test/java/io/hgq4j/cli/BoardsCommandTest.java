package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.boards.BoardFileException;
import io.hgq4j.boards.UnknownBoardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class BoardsCommandTest {

    private static final String MY_BOARD = """
            name: my-zu3
            description: My ZU3 board
            family: zynq-ultrascale-plus
            part: xczu3eg-sbva484-1-e
            clocksMhz: [150, 100]
            resources: {lut: 70560, ff: 141120, dsp: 360, bram18: 432, uram: 0}
            """;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void listsTheBuiltInBoards() {
        assertThat(cli.run("boards")).isZero();
        assertThat(cli.err()).isEmpty();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).matches("name +family +part +clock +LUT +FF +DSP +BRAM18 +URAM +interface +XRT platform");
        assertThat(lines).hasSize(1 + BoardCatalog.builtIn().all().size());
        for (String name : List.of("pynq-z2", "pynq-z1", "zcu102", "zcu104", "ultra96v2", "kv260", "alveo-u50",
                "alveo-u55c", "alveo-u200", "alveo-u250", "alveo-u280")) {
            assertThat(lines).as(name).anyMatch(l -> l.startsWith(name + " "));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("pynq-z2 +zynq-7000 +xc7z020clg400-1 +100 MHz +53,200 "
                + "+106,400 +220 +280 +0 +axi-stream-dma"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("alveo-u55c +alveo +xcu55c-fsvh2892-2L-e +300 MHz "
                + "+1,303,680 +2,607,360 +9,024 +4,032 +960 +xrt-memory-mapped +xilinx_u55c_gen3x16_xdma_3_202210_1"));
        // sorted by name
        assertThat(lines.subList(1, lines.size())).isSorted();
    }

    @Test
    void aBoardFileAddsAndReplacesBoards() throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), MY_BOARD);
        Path fast = Files.writeString(dir.resolve("fast.yaml"), MY_BOARD.replace("my-zu3", "ultra96v2"));
        assertThat(cli.run("boards", "--board-file", mine.toString(), "--board-file", fast.toString())).isZero();
        assertThat(cli.out().lines()).anySatisfy(l -> assertThat(l).matches("my-zu3 +zynq-ultrascale-plus "
                + "+xczu3eg-sbva484-1-e +150 MHz +70,560 .*"));
        assertThat(cli.out().lines()).anySatisfy(l -> assertThat(l).startsWith("ultra96v2 ").contains(" 150 MHz "));
        assertThat(cli.err()).isEqualTo("hgq4j: note: " + fast + ": board 'ultra96v2' replaces the built-in one"
                + System.lineSeparator());
    }

    @Test
    void theJsonListingIsABoardFile() throws IOException {
        assertThat(cli.run("boards", "--json")).isZero();
        Path file = Files.writeString(dir.resolve("boards.json"), cli.out());
        assertThat(BoardCatalog.builtIn().withFile(file).all()).isEqualTo(BoardCatalog.builtIn().all());
    }

    @Test
    void aBadBoardFileIsOneLineAndExitCode1() throws IOException {
        Path bad = Files.writeString(dir.resolve("myboard.yaml"), "boards:\n  - " + MY_BOARD.replace("\n", "\n    ")
                .replace("lut: 70560", "lut: many"));
        assertThat(cli.run("boards", "--board-file", bad.toString())).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + bad
                + ": boards[0].resources.lut: expected a positive integer, got \"many\"" + System.lineSeparator());

        cli.clear();
        Path missing = dir.resolve("missing.yaml");
        assertThat(cli.run("boards", "--board-file", missing.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + missing + ": no such file" + System.lineSeparator());

        cli.clear();
        Path noise = Files.write(dir.resolve("noise.json"), new byte[] {'{', (byte) 0xff, 0, '"'});
        assertThat(cli.run("boards", "--board-file", noise.toString())).isEqualTo(1);
        assertThat(cli.err().lines()).hasSize(1).first().asString().startsWith("hgq4j: error: " + noise + ": not valid JSON");
    }

    /** A command as the compile command will be: it only uses the mixin. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        BoardOptions board;

        @Override
        public Integer call() {
            Board b = board.resolve();
            board.resolve(); // a second call must not read the files or print the notes again
            return b.name().length();
        }
    }

    private Probe probe(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe;
    }

    @Test
    void theMixinResolvesTheBoard() throws IOException {
        assertThat(probe().board.resolve()).isEqualTo(BoardCatalog.builtIn().get("pynq-z2"));
        assertThat(probe("--board", "alveo-u280").board.resolve().xrtPlatform())
                .contains("xilinx_u280_gen3x16_xdma_1_202211_1");
        Path mine = Files.writeString(dir.resolve("mine.yaml"), MY_BOARD);
        Probe withFile = probe("--board-file", mine.toString(), "--board", "my-zu3");
        assertThat(withFile.board.resolve().defaultClockMhz()).isEqualTo(150.0);
        assertThat(withFile.board.catalog().names()).contains("my-zu3", "pynq-z2");

        assertThatThrownBy(() -> probe("--board", "pynq-z3").board.resolve()).isInstanceOf(UnknownBoardException.class)
                .hasMessageStartingWith("unknown board 'pynq-z3' (did you mean pynq-z1?); known boards: alveo-u200, ");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\"");
        assertThatThrownBy(() -> probe("--board-file", bad.toString()).board.resolve())
                .isInstanceOf(BoardFileException.class).hasMessageStartingWith(bad + ": not valid JSON at line 1");
    }

    @Test
    void theMixinsErrorsAndNotesGoThroughTheCommandLine() throws IOException {
        CommandLine root = Hgq4jCommand.commandLine();
        root.addSubcommand("probe", new Probe());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        root.setOut(new java.io.PrintWriter(out, true));
        root.setErr(new java.io.PrintWriter(err, true));
        assertThat(root.execute("probe", "--board", "nope")).isEqualTo(1);
        assertThat(err.toString()).startsWith("hgq4j: error: unknown board 'nope'; known boards: alveo-u200, ")
                .contains("pynq-z2, ultra96v2").hasLineCount(1);

        err.getBuffer().setLength(0);
        Path z2 = Files.writeString(dir.resolve("z2.yaml"), MY_BOARD.replace("my-zu3", "pynq-z2")
                .replace("zynq-ultrascale-plus", "zynq-7000"));
        assertThat(root.execute("probe", "--board-file", z2.toString())).isEqualTo("pynq-z2".length());
        assertThat(err.toString()).isEqualTo("hgq4j: note: " + z2 + ": board 'pynq-z2' replaces the built-in one"
                + System.lineSeparator());
    }
}

package io.hgq4j.boards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a user's board file can be wrong gives a {@link BoardFileException} whose single line names the file and,
 * where there is one, the field — never another exception, never a silently accepted board.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BoardFileErrorsTest {

    /** A valid file; each case below changes one line of it. */
    private static final String VALID = """
            boards:
              - name: my-card
                description: My card
                family: alveo
                part: xcu55c-fsvh2892-2L-e
                clocksMhz: [300, 200]
                resources: {lut: 1303680, ff: 2607360, dsp: 9024, bram18: 4032, uram: 960}
                xrtPlatform: xilinx_u55c_gen3x16_xdma_3_202210_1
                memoryBank: HBM[0]
            """;

    private static final String VALID_JSON = """
            {"name": "my-zynq", "family": "zynq-7000", "part": "xc7z020clg400-1",
             "boardPart": "tul.com.tw:pynq-z2:part0:1.0", "clocksMhz": [100, 50],
             "resources": {"lut": 53200, "ff": 106400, "dsp": 220, "bram18": 280, "uram": 0}}
            """;

    @TempDir
    Path dir;

    private BoardFileException failure(String fileName, byte[] content) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, content);
        Throwable t = catchThrowable(() -> BoardCatalog.builtIn().withFile(file));
        assertThat(t).as("no error for %s", new String(content, StandardCharsets.UTF_8))
                .isExactlyInstanceOf(BoardFileException.class);
        assertThat(t.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
        return (BoardFileException) t;
    }

    private String message(String fileName, String content) throws IOException {
        String full = failure(fileName, content.getBytes(StandardCharsets.UTF_8)).getMessage();
        return full.substring(dir.resolve(fileName).toString().length() + 2);
    }

    @Test
    void theValidFilesAreValid() throws IOException {
        Path yaml = Files.writeString(dir.resolve("ok.yaml"), VALID);
        Path json = Files.writeString(dir.resolve("ok.json"), VALID_JSON);
        BoardCatalog catalog = BoardCatalog.builtIn().withFile(yaml).withFile(json);
        assertThat(catalog.find("my-card")).isPresent();
        assertThat(catalog.find("my-zynq")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lut: 1303680           | lut: many                 | boards[0].resources.lut: expected a positive integer, got "many"
            dsp: 9024              | dsp: -1                   | boards[0].resources.dsp: expected a non-negative integer, got -1
            uram: 960              | uram: 9.5                 | boards[0].resources.uram: expected a non-negative integer, got 9.5
            lut: 1303680           | lut: 0                    | boards[0].resources.lut: expected a positive integer, got 0
            bram18: 4032           | bram18: [1]               | boards[0].resources.bram18: expected a non-negative integer (18 Kb blocks: twice the BRAM36 count), got a list
            uram: 960}             | uram: 960, lutt: 1}       | boards[0].resources.lutt: unknown field (expected one of lut, ff, dsp, bram18, uram)
            , uram: 960            |                           | boards[0].resources.uram: missing (required)
            family: alveo          | family: virtex            | boards[0].family: expected one of zynq-7000, zynq-ultrascale-plus, alveo, got "virtex"
            family: alveo          | family: 7                 | boards[0].family: expected one of zynq-7000, zynq-ultrascale-plus, alveo, got 7
            family: alveo          | family: zynq-7000         | boards[0].xrtPlatform: only Alveo cards have an XRT platform, and this board is zynq-7000
            name: my-card          | name: My_Card             | boards[0].name: expected a name of lower-case letters, digits and dashes (such as my-board), got "My_Card"
            name: my-card          | name: 42                  | boards[0].name: expected a text value, got 42
            name: my-card          | nome: my-card             | boards[0].name: missing (required)
            part: xcu55c-fsvh2892-2L-e | part: xcu55c fsvh2892 | boards[0].part: expected an FPGA part such as xc7z020clg400-1, got "xcu55c fsvh2892"
            part: xcu55c-fsvh2892-2L-e | part:                 | boards[0].part: missing (required)
            clocksMhz: [300, 200]  | clocksMhz: fast           | boards[0].clocksMhz: expected a frequency in (0, 1000] MHz, got "fast"
            clocksMhz: [300, 200]  | clocksMhz: [300, 2000]    | boards[0].clocksMhz[1]: expected a frequency in (0, 1000] MHz, got 2000
            clocksMhz: [300, 200]  | clocksMhz: [0]            | boards[0].clocksMhz[0]: expected a frequency in (0, 1000] MHz, got 0
            clocksMhz: [300, 200]  | clocksMhz: []             | boards[0].clocksMhz: expected one or more frequencies in MHz, the default first, got a list
            clocksMhz: [300, 200]  | clocksMhz: {a: 1}         | boards[0].clocksMhz: expected a frequency in (0, 1000] MHz, got a mapping
            resources: {           | resources: [              | not valid YAML at line 7
            resources: {lut: 1303680, ff: 2607360, dsp: 9024, bram18: 4032, uram: 960} | resources: 12 | boards[0].resources: expected a mapping with lut, ff, dsp, bram18 and uram, got 12
            xrtPlatform: xilinx_u55c_gen3x16_xdma_3_202210_1 | xrtPlatform: ~ | boards[0].xrtPlatform: missing (required for an Alveo card)
            xrtPlatform: xilinx_u55c_gen3x16_xdma_3_202210_1 | xrtPlatform: my shell | boards[0].xrtPlatform: expected an XRT platform name such as xilinx_u55c_gen3x16_xdma_3_202210_1, got "my shell"
            memoryBank: HBM[0]     | memoryBank: HBM0          | boards[0].memoryBank: expected a memory bank such as HBM[0], DDR[1] or HBM[0:3], got "HBM0"
            xilinx_u55c_gen3x16_xdma_3_202210_1\\n    memoryBank: HBM[0] | lab_shell_1 | boards[0].memoryBank: missing (required: hgq4j knows no default bank for platform lab_shell_1; give one such as HBM[0] or DDR[0])
            memoryBank: HBM[0]     | memoryBank: HBM[0]\\n    interface: axi-stream-dma | boards[0].interface: expected xrt-memory-mapped for a alveo board, got "axi-stream-dma"
            memoryBank: HBM[0]     | memoryBank: HBM[0]\\n    interface: pcie | boards[0].interface: expected one of axi-stream-dma, xrt-memory-mapped, got "pcie"
            memoryBank: HBM[0]     | memoryBank: HBM[0]\\n    speed: fast | boards[0].speed: unknown field (expected one of name, description, family, part, boardPart, clocksMhz, resources, interface, xrtPlatform, memoryBank, source)
            memoryBank: HBM[0]     | memoryBank: HBM[0]\\n    part: xcu50-fsvh2104-2-e | not valid YAML at line 10, column 9: Duplicate field 'part'
            description: My card   | boardPart: a:b:c          | boards[0].boardPart: expected a board part vendor:board:part0:version, got "a:b:c"
            boards:                | cards:                    | (top level): expected a board (name, family, part, clocksMhz, resources, ...) or boards: [...], got a mapping with cards
            """)
    void aChangedLineIsReportedAtItsField(String line, String replacement, String expected) throws IOException {
        String original = line.replace("\\n", "\n");
        assertThat(VALID).contains(original);
        String changed = VALID.replace(original, replacement == null ? "" : replacement.replace("\\n", "\n"));
        assertThat(message("myboard.yaml", changed)).startsWith(expected);
    }

    @Test
    void wholeFileMistakes() throws IOException {
        assertThat(message("empty.yaml", "")).isEqualTo("empty (expected a board, a list of boards, or boards: [...])");
        assertThat(message("blank.yaml", "# nothing\n")).startsWith("empty");
        assertThat(message("none.yaml", "boards: []")).isEqualTo("no boards in the file");
        assertThat(message("list.json", "[]")).isEqualTo("no boards in the file");
        assertThat(message("scalar.yaml", "pynq-z2")).isEqualTo("(top level): expected a board (a mapping of fields), "
                + "a list of boards, or boards: [...], got \"pynq-z2\"");
        assertThat(message("items.yaml", "- 1\n- 2")).isEqualTo("[0]: expected a board (a mapping of fields), got 1");
        assertThat(message("extra.yaml", "boards: []\nversion: 2")).isEqualTo("version: unknown field (expected one of boards)");
        assertThat(message("other.yaml", "a: 1\nb: 2")).isEqualTo("(top level): expected a board (name, family, part, "
                + "clocksMhz, resources, ...) or boards: [...], got a mapping with a, b");
        assertThat(message("noname.yaml", "family: alveo\npart: xcu50")).isEqualTo("name: missing (required)");
        assertThat(message("extra2.yaml", VALID + "version: 2\n")).isEqualTo("version: unknown field (expected one of boards)");
        assertThat(message("twice.yaml", VALID + VALID.substring(VALID.indexOf("  - name")))).isEqualTo(
                "boards[1].name: board 'my-card' is defined twice in this file (also as board 0)");
        assertThat(message("trailing.json", VALID_JSON + "}")).startsWith("not valid JSON");
        assertThat(message("two.json", VALID_JSON + VALID_JSON)).startsWith("not valid JSON");
        assertThat(message("dup.json", VALID_JSON.replace("\"family\"", "\"part\": \"x\", \"family\"")))
                .startsWith("not valid JSON at line 1").contains("Duplicate field 'part'");
        assertThat(message("string.json", VALID_JSON.replace("53200", "\"53200\"")))
                .isEqualTo("resources.lut: expected a positive integer, got \"53200\"");
        assertThat(message("huge.json", VALID_JSON.replace("53200", "1e30")))
                .isEqualTo("resources.lut: expected a positive integer, got 1.0E30");
        assertThat(message("nan.yaml", VALID.replace("[300, 200]", "[.nan]"))).startsWith("not valid YAML at line 6");
        assertThat(message("inf.json", VALID_JSON.replace("[100, 50]", "[1e999]")))
                .isEqualTo("clocksMhz[0]: expected a frequency in (0, 1000] MHz, got Infinity");
    }

    @Test
    void filesThatCannotBeRead() throws IOException {
        Path missing = dir.resolve("nowhere.yaml");
        assertThat(catchThrowable(() -> BoardCatalog.builtIn().withFile(missing)))
                .isExactlyInstanceOf(BoardFileException.class).hasMessage(missing + ": no such file");
        assertThat(catchThrowable(() -> BoardCatalog.builtIn().withFile(dir)))
                .isExactlyInstanceOf(BoardFileException.class).hasMessage(dir + ": is a directory, not a board file");
        byte[] big = new byte[(1 << 20) + 1];
        Arrays.fill(big, (byte) ' ');
        assertThat(failure("big.yaml", big).getMessage()).endsWith("1048577 bytes is too large for a board file");
    }

    @Test
    void truncatedFiles() throws IOException {
        for (String[] sample : new String[][] {{"t.yaml", VALID}, {"t.json", VALID_JSON}}) {
            byte[] bytes = sample[1].getBytes(StandardCharsets.UTF_8);
            int rejected = 0;
            for (int length = 0; length < bytes.length - 1; length++) {
                rejected += outcome(sample[0], Arrays.copyOf(bytes, length));
            }
            // a YAML prefix that ends after a whole field can still be valid; most prefixes must not be
            assertThat(rejected).as(sample[0]).isGreaterThan(bytes.length * 3 / 4);
        }
    }

    @Test
    void damagedBytes() throws IOException {
        Random random = new Random(7);
        for (String[] sample : new String[][] {{"d.yaml", VALID}, {"d.json", VALID_JSON}}) {
            byte[] bytes = sample[1].getBytes(StandardCharsets.UTF_8);
            int rejected = 0;
            for (int trial = 0; trial < 1500; trial++) {
                byte[] damaged = bytes.clone();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                rejected += outcome(sample[0], damaged);
            }
            assertThat(rejected).as(sample[0]).isGreaterThan(500);
        }
    }

    @Test
    void randomBytesAndNesting() throws IOException {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            byte[] noise = new byte[random.nextInt(400)];
            random.nextBytes(noise);
            String name = trial % 2 == 0 ? "noise.yaml" : "noise.json";
            assertThat(outcome(name, noise)).as("random bytes accepted").isEqualTo(1);
        }
        assertThat(outcome("deep.json", "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
        assertThat(outcome("deep.yaml", "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
        assertThat(outcome("deep2.yaml", "a:\n".repeat(1).concat(" b:\n".repeat(5000)).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(1);
        assertThat(outcome("aliases.yaml", """
                a: &a ["x","x","x","x","x","x","x","x","x"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                """.getBytes(StandardCharsets.US_ASCII))).isEqualTo(1);
    }

    /** 1 when the content is rejected properly, 0 when it is a valid board file; fails on anything else. */
    private int outcome(String fileName, byte[] content) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, content);
        try {
            BoardCatalog.builtIn().withFile(file);
            return 0;
        } catch (BoardFileException e) {
            assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n", "\r");
            return 1;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("not a BoardFileException for " + Arrays.toString(content), e);
        }
    }
}

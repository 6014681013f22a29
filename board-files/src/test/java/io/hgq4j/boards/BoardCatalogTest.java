package io.hgq4j.boards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hgq4j.boards.Board.Family;
import io.hgq4j.boards.Board.InterfaceKind;
import io.hgq4j.boards.Board.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardCatalogTest {

    private static final List<String> REQUIRED = List.of("pynq-z2", "pynq-z1", "zcu102", "zcu104", "ultra96v2", "kv260",
            "alveo-u50", "alveo-u55c", "alveo-u200", "alveo-u250", "alveo-u280");

    private static final String MY_BOARD_YAML = """
            # a board of my own, on the Ultra96 part
            name: my-zu3
            description: My ZU3 board
            family: zynq-ultrascale-plus
            part: xczu3eg-sbva484-1-e
            clocksMhz: [125, 100]
            resources: {lut: 70560, ff: 141120, dsp: 360, bram18: 432, uram: 0}
            """;

    @TempDir
    Path dir;

    private final BoardCatalog builtIn = BoardCatalog.builtIn();

    @Test
    void theRequiredBoardsAreBuiltIn() {
        assertThat(builtIn.names()).containsAll(REQUIRED);
        for (String name : REQUIRED) {
            assertThat(builtIn.find(name)).as(name).isPresent();
            assertThat(builtIn.get(name).name()).isEqualTo(name);
        }
    }

    @Test
    void everyBuiltInBoardIsConsistent() {
        assertThat(builtIn.all()).hasSizeGreaterThanOrEqualTo(REQUIRED.size());
        for (Board b : builtIn.all()) {
            Resources r = b.resources();
            assertThat(List.of(r.lut(), r.ff(), r.dsp(), r.bram18())).as(b.name()).allMatch(n -> n > 0);
            assertThat(r.uram()).as(b.name()).isNotNegative();
            assertThat(r.bram18() % 2).as(b.name() + ": BRAM18 counts two per BRAM36").isZero();
            assertThat(r.ff()).as(b.name() + ": UltraScale and 7-series slices have two flip-flops per LUT")
                    .isEqualTo(2 * r.lut());
            assertThat(b.description()).as(b.name()).isNotBlank().isNotEqualTo(b.name());
            assertThat(builtIn.source(b.name())).as(b.name() + " cites its source").get().asString().contains("resources:");
            if (b.family() == Family.ALVEO) {
                assertThat(b.xrtPlatform()).as(b.name()).get().asString().startsWith("xilinx_u").contains("_xdma_");
                assertThat(b.boardPart()).as(b.name()).isEmpty();
                assertThat(b.interfaceKind()).as(b.name()).isEqualTo(InterfaceKind.XRT_MEMORY_MAPPED);
                assertThat(b.defaultClockMhz()).as(b.name()).isEqualTo(300.0);
                assertThat(b.part()).as(b.name()).startsWith("xc" + b.name().substring("alveo-".length()));
                assertThat(builtIn.memoryBank(b)).as(b.name()).isPresent()
                        .isEqualTo(AlveoMemory.defaultBank(b.xrtPlatform().orElseThrow()));
            } else {
                assertThat(b.isZynq()).isTrue();
                assertThat(b.xrtPlatform()).as(b.name()).isEmpty();
                assertThat(b.boardPart()).as(b.name()).get().asString().contains(":part0:");
                assertThat(b.interfaceKind()).as(b.name()).isEqualTo(InterfaceKind.AXI_STREAM_DMA);
                assertThat(b.defaultClockMhz()).as(b.name()).isEqualTo(100.0);
                assertThat(builtIn.memoryBank(b)).as(b.name()).isEmpty();
            }
        }
    }

    @Test
    void figuresOfSomeBoards() {
        Board z2 = builtIn.get("pynq-z2");
        assertThat(z2.family()).isEqualTo(Family.ZYNQ_7000);
        assertThat(z2.part()).isEqualTo("xc7z020clg400-1");
        assertThat(z2.boardPart()).contains("tul.com.tw:pynq-z2:part0:1.0");
        assertThat(z2.resources()).isEqualTo(new Resources(53_200, 106_400, 220, 280, 0));
        assertThat(z2.defaultClockPeriodNs()).isEqualTo(10.0);
        assertThat(builtIn.get("pynq-z1").resources()).isEqualTo(z2.resources());
        assertThat(builtIn.get("pynq-z1").boardPart()).contains("www.digilentinc.com:pynq-z1:part0:1.0");

        assertThat(builtIn.get("zcu102").part()).isEqualTo("xczu9eg-ffvb1156-2-e");
        assertThat(builtIn.get("zcu102").resources()).isEqualTo(new Resources(274_080, 548_160, 2_520, 1_824, 0));
        assertThat(builtIn.get("zcu104").resources()).isEqualTo(new Resources(230_400, 460_800, 1_728, 624, 96));
        assertThat(builtIn.get("kv260").part()).isEqualTo("xck26-sfvc784-2LV-c");
        assertThat(builtIn.get("kv260").resources()).isEqualTo(new Resources(117_120, 234_240, 1_248, 288, 64));
        assertThat(builtIn.get("ultra96v2").family()).isEqualTo(Family.ZYNQ_ULTRASCALE_PLUS);

        Board u55c = builtIn.get("alveo-u55c");
        assertThat(u55c.part()).isEqualTo("xcu55c-fsvh2892-2L-e");
        assertThat(u55c.xrtPlatform()).contains("xilinx_u55c_gen3x16_xdma_3_202210_1");
        assertThat(builtIn.memoryBank(u55c)).contains("HBM[0]");
        // The U55C and the U280 carry the same die.
        assertThat(builtIn.get("alveo-u280").resources()).isEqualTo(u55c.resources());
        assertThat(builtIn.memoryBank(builtIn.get("alveo-u250"))).contains("DDR[0]");
        assertThat(builtIn.get("alveo-u250").resources()).isEqualTo(new Resources(1_728_000, 3_456_000, 12_288, 5_376, 1_280));
    }

    @Test
    void theIndexListsEveryBoardFile() throws IOException {
        Path resources = Path.of("src/main/resources/io/hgq4j/boards");
        assumeTrue(Files.isDirectory(resources), "not run from the module directory");
        try (Stream<Path> files = Files.list(resources)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !n.equals("index.json")).map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted().toList();
            assertThat(builtIn.names()).isEqualTo(names);
        }
    }

    @Test
    void boardsAreSortedAndFoundWhateverTheCase() {
        assertThat(builtIn.all()).isSortedAccordingTo(Comparator.comparing(Board::name));
        assertThat(builtIn.all().stream().map(Board::name).toList()).isEqualTo(builtIn.names());
        assertThat(builtIn.find(" PYNQ-Z2 ")).contains(builtIn.get("pynq-z2"));
        assertThat(builtIn.find("pynq-z3")).isEmpty();
        assertThat(BoardCatalog.builtIn()).isSameAs(builtIn);
    }

    @Test
    void anUnknownNameListsTheKnownBoards() {
        assertThatThrownBy(() -> builtIn.get("pynq-z3"))
                .isInstanceOf(UnknownBoardException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown board 'pynq-z3' (did you mean pynq-z1?); known boards: "
                        + String.join(", ", builtIn.names()));
        UnknownBoardException e = (UnknownBoardException) org.assertj.core.api.Assertions.catchThrowable(() -> builtIn.get("vcu128"));
        assertThat(e.getMessage()).doesNotContain("did you mean").contains(REQUIRED).doesNotContain("\n");
        assertThat(e.name()).isEqualTo("vcu128");
        assertThat(e.knownNames()).isEqualTo(builtIn.names());
    }

    @Test
    void aYamlFileAddsABoard() throws IOException {
        Path file = Files.writeString(dir.resolve("my-zu3.yaml"), MY_BOARD_YAML);
        BoardCatalog catalog = builtIn.withFile(file);
        Board mine = catalog.get("my-zu3");
        assertThat(mine).isEqualTo(new Board("my-zu3", "My ZU3 board", Family.ZYNQ_ULTRASCALE_PLUS, "xczu3eg-sbva484-1-e",
                Optional.empty(), List.of(125.0, 100.0), new Resources(70_560, 141_120, 360, 432, 0),
                InterfaceKind.AXI_STREAM_DMA, Optional.empty()));
        assertThat(catalog.names()).hasSize(builtIn.names().size() + 1).containsAll(builtIn.names());
        assertThat(catalog.notes()).isEmpty();
        assertThat(catalog.source("my-zu3")).isEmpty();
        // the catalogue it came from is unchanged
        assertThat(builtIn.find("my-zu3")).isEmpty();
    }

    @Test
    void aJsonFileWithAListAddsAlveoCards() throws IOException {
        Path file = Files.writeString(dir.resolve("cards.json"), """
                [
                  {"name": "lab-u280", "family": "alveo", "part": "xcu280-fsvh2892-2L-e", "clocksMhz": 250,
                   "resources": {"lut": 1303680, "ff": 2607360, "dsp": 9024, "bram18": 4032, "uram": 960},
                   "xrtPlatform": "xilinx_u280_gen3x16_xdma_1_202211_1"},
                  {"name": "lab-custom", "description": "A card with our own shell", "family": "alveo",
                   "part": "xcu250-figd2104-2L-e", "clocksMhz": [300],
                   "resources": {"lut": 1728000, "ff": 3456000, "dsp": 12288, "bram18": 5376, "uram": 1280},
                   "interface": "xrt-memory-mapped", "xrtPlatform": "lab_u250_shell_7", "memoryBank": "DDR[2]",
                   "source": "our lab wiki"}
                ]
                """);
        BoardCatalog catalog = builtIn.withFile(file);
        Board u280 = catalog.get("lab-u280");
        assertThat(u280.description()).isEqualTo("lab-u280");
        assertThat(u280.clocksMhz()).containsExactly(250.0);
        assertThat(u280.interfaceKind()).isEqualTo(InterfaceKind.XRT_MEMORY_MAPPED);
        assertThat(catalog.memoryBank(u280)).contains("HBM[0]"); // derived from the platform
        Board custom = catalog.get("lab-custom");
        assertThat(catalog.memoryBank(custom)).contains("DDR[2]");
        assertThat(catalog.source("lab-custom")).contains("our lab wiki");
        // a board the catalogue does not hold falls back on the platform name
        assertThat(builtIn.memoryBank(custom)).isEmpty();
        assertThat(builtIn.memoryBank(u280)).contains("HBM[0]");
    }

    @Test
    void aFileBoardReplacesABuiltInOneWithANote() throws IOException {
        Path first = Files.writeString(dir.resolve("fast.yaml"), """
                boards:
                  - name: pynq-z2
                    description: PYNQ-Z2 with a faster default clock
                    family: zynq-7000
                    part: xc7z020clg400-1
                    boardPart: tul.com.tw:pynq-z2:part0:1.0
                    clocksMhz: [125, 100]
                    resources: {lut: 53200, ff: 106400, dsp: 220, bram18: 280, uram: 0}
                """);
        BoardCatalog catalog = builtIn.withFile(first);
        assertThat(catalog.get("pynq-z2").defaultClockMhz()).isEqualTo(125.0);
        assertThat(catalog.names()).isEqualTo(builtIn.names());
        assertThat(catalog.notes()).containsExactly(first + ": board 'pynq-z2' replaces the built-in one");
        assertThat(builtIn.get("pynq-z2").defaultClockMhz()).isEqualTo(100.0);

        Path second = Files.writeString(dir.resolve("slow.yaml"), MY_BOARD_YAML.replace("my-zu3", "pynq-z2")
                .replace("zynq-ultrascale-plus", "zynq-7000").replace("[125, 100]", "50"));
        BoardCatalog both = builtIn.withFiles(List.of(first, second));
        assertThat(both.get("pynq-z2").clocksMhz()).containsExactly(50.0);
        assertThat(both.notes()).containsExactly(first + ": board 'pynq-z2' replaces the built-in one",
                second + ": board 'pynq-z2' replaces the one from " + first);
    }

    @Test
    void theJsonExportReadsBackToTheSameBoards() throws IOException {
        String json = builtIn.toJson();
        assertThat(json).startsWith("{").contains("\"memoryBank\" : \"HBM[0]\"", "\"source\"");
        Path file = Files.writeString(dir.resolve("all.json"), json);
        BoardCatalog reread = builtIn.withFile(file);
        assertThat(reread.all()).isEqualTo(builtIn.all());
        for (Board b : builtIn.all()) {
            assertThat(reread.memoryBank(b)).isEqualTo(builtIn.memoryBank(b));
            assertThat(reread.source(b.name())).isEqualTo(builtIn.source(b.name()));
        }
        assertThat(reread.notes()).hasSize(builtIn.all().size());
        // YAML reads JSON too
        Path asYaml = Files.writeString(dir.resolve("all.yaml"), json);
        assertThat(builtIn.withFile(asYaml).all()).isEqualTo(builtIn.all());
    }

    @Test
    void alveoMemoryKnowsTheCards() {
        assertThat(AlveoMemory.defaultBank("xilinx_u50_gen3x16_xdma_5_202210_1")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u280_xdma_201920_3")).contains("HBM[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u200_xdma_201830_2")).contains("DDR[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_u250_gen3x16_xdma_4_1_202210_1")).contains("DDR[0]");
        assertThat(AlveoMemory.defaultBank("xilinx_vck5000_gen4x8_qdma_2_202220_1")).isEmpty();
        assertThat(AlveoMemory.defaultBank("xilinx_u2_gen3x4_xdma_gc_2_202110_1")).isEmpty();
        assertThat(List.of("HBM[0]", "DDR[1]", "HBM[0:31]", "PLRAM[2]", "HOST[0]")).allMatch(AlveoMemory::isBank);
        assertThat(List.of("HBM0", "hbm[0]", "DDR[]", "HBM[3:1]", "SRAM[0]", "HBM[0]x")).noneMatch(AlveoMemory::isBank);
    }
}

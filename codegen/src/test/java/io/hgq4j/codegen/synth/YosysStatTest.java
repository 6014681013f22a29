package io.hgq4j.codegen.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reads {@code stat -json} files that yosys 0.23 wrote for the fixtures (stored as test resources, so these tests do
 * not need yosys), damaged copies of them, and the classification of Xilinx cells.
 */
class YosysStatTest {

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theHierarchyTotalEqualsYosysOwnDesignTotal() throws IOException {
        // written with the top attribute set (one level of hierarchy, so yosys's JSON is valid and has a design total)
        YosysStat stat = YosysStat.parse(resource("stat_top_twice.json"));
        assertThat(stat.creator()).isEqualTo("Yosys 0.23 (git sha1 7ce5011c24b)");
        assertThat(stat.modules()).containsExactlyInAnyOrder("add8_reg", "xor4", "top_twice");
        assertThat(stat.submodules("top_twice")).containsExactlyInAnyOrderEntriesOf(Map.of("add8_reg", 2L, "xor4", 1L));
        assertThat(stat.ownCells("top_twice").byType()).containsExactlyEntriesOf(Map.of("BUFG", 1L));
        assertThat(stat.instances("top_twice"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("top_twice", 1L, "add8_reg", 2L, "xor4", 1L));
        assertThat(stat.designTotal()).isPresent();
        assertThat(stat.cells("top_twice")).isEqualTo(stat.designTotal().orElseThrow());
        assertThat(stat.cells("top_twice").byType()).containsExactlyInAnyOrderEntriesOf(
                Map.of("BUFG", 1L, "CARRY4", 4L, "FDRE", 16L, "LUT2", 16L, "LUT4", 1L));
    }

    @Test
    void aTwoLevelParameterisedHierarchyWithTheTrailingCommaOfYosys023() throws IOException {
        // what YosysSynthesis's script writes: no top attribute, so yosys 0.23 leaves "modules": {...}, before the
        // closing brace
        String json = resource("stat_hier.json");
        assertThat(json.replaceAll("\\s", "")).endsWith("},}");
        YosysStat stat = YosysStat.parse(json);
        assertThat(stat.designTotal()).isEmpty();
        String add4 = "$paramod\\add\\W=s32'00000000000000000000000000000100";
        String add8 = "$paramod\\add\\W=s32'00000000000000000000000000001000";
        assertThat(stat.variants("add")).containsExactly(add4, add8);
        assertThat(stat.variants("pair")).containsExactly("pair");
        assertThat(stat.variants("nothing")).isEmpty();
        assertThat(stat.instances("hier_top"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("hier_top", 1L, "pair", 2L, add4, 2L, add8, 2L));
        assertThat(stat.cells(add8).byType()).containsExactlyInAnyOrderEntriesOf(Map.of("CARRY4", 2L, "LUT2", 8L));
        assertThat(stat.cells("hier_top").byType())
                .containsExactlyInAnyOrderEntriesOf(Map.of("CARRY4", 6L, "LUT2", 24L));

        SynthesisResult r = SynthesisResult.of(stat, "hier_top", List.of("add", "pair"), "synth_xilinx", 0);
        assertThat(r.module("add").instances()).isEqualTo(4);
        assertThat(r.module("add").cells()).isEqualTo(r.total());
    }

    @Test
    void yosys023sTextLinesInsideTheJsonOfADeepHierarchyAreReportedNotMisread() throws IOException {
        // the same design synthesised with the top attribute still set: yosys 0.23 prints the hierarchy as plain
        // text into the JSON, which is why YosysSynthesis clears the attribute before stat
        String json = resource("stat_hier_with_top.json");
        assertThat(json).contains("\n       $paramod\\add\\W=");
        SynthesisException e = catchThrowableOfType(SynthesisException.class, () -> YosysStat.parse(json));
        assertThat(e.kind()).isEqualTo(SynthesisException.Kind.BAD_OUTPUT);
        assertThat(e.getMessage()).contains("is not valid JSON").contains("line ");
    }

    @Test
    void aModuleUsedWithDefaultAndWithOtherParametersIsReportedOverAllItsVariants() {
        String json = """
                {"modules": {
                  "\\\\add": {"num_cells": 5, "num_cells_by_type": {"CARRY4": 1, "LUT2": 4}},
                  "$paramod\\\\add\\\\W=8": {"num_cells": 10, "num_cells_by_type": {"CARRY4": 2, "LUT2": 8}},
                  "\\\\t": {"num_cells": 3, "num_cells_by_type": {"add": 1, "$paramod\\\\add\\\\W=8": 2}}
                }}""";
        YosysStat stat = YosysStat.parse(json);
        assertThat(stat.variants("add")).containsExactly("$paramod\\add\\W=8", "add");
        SynthesisResult r = SynthesisResult.of(stat, "t", List.of("add"), "", 0);
        assertThat(r.module("add").instances()).isEqualTo(3);
        assertThat(r.module("add").cells().byType()).containsExactlyInAnyOrderEntriesOf(
                Map.of("CARRY4", 1L + 2 * 2, "LUT2", 4L + 2 * 8));
        assertThat(r.total()).isEqualTo(r.module("add").cells());
    }

    @Test
    void derivedModuleNamesLeadBackToTheirVerilogModule() {
        assertThat(YosysStat.baseName("$paramod\\add\\W=s32'00000000000000000000000000001000")).isEqualTo("add");
        assertThat(YosysStat.baseName("$paramod$3f2a9c1b0e\\l_dense_1")).isEqualTo("l_dense_1");
        assertThat(YosysStat.baseName("l_dense_1")).isEqualTo("l_dense_1");
        assertThat(YosysStat.baseName("$paramodx")).isEqualTo("$paramodx");
    }

    @Test
    void corruptedStatisticsAreBadOutputWithAReason() {
        Map<String, String> cases = Map.of(
                "", "not a JSON object",
                "[1, 2]", "not a JSON object",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 1, \"num_cells_by_type\": {\"LUT2\": ", "not valid JSON",
                "{\"creator\": \"Yosys\"}", "no \"modules\" object",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 2}}}", "no \"num_cells_by_type\"",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 1, \"num_cells_by_type\": {\"LUT2\": \"one\"}}}}",
                "not a non-negative integer",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 1, \"num_cells_by_type\": {\"LUT2\": -1}}}}",
                "not a non-negative integer",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 3, \"num_cells_by_type\": {\"LUT2\": 1}}}}",
                "add up to 1",
                "{\"modules\": {\"\\\\m\": {\"num_cells\": 1, \"num_cells_by_type\": {\"m\": 1}}}}",
                "contains itself",
                "{\"modules\": {\"\\\\m\": 7}}", "not an object");
        cases.forEach((json, reason) -> {
            SynthesisException e = catchThrowableOfType(SynthesisException.class, () -> {
                YosysStat stat = YosysStat.parse(json);
                stat.cells("m");
            });
            assertThat(e).as("error for %s", json).isNotNull();
            assertThat(e.kind()).isEqualTo(SynthesisException.Kind.BAD_OUTPUT);
            assertThat(e.getMessage()).as("message for %s", json).startsWith("yosys's stat -json output")
                    .contains(reason);
        });
    }

    @Test
    void everyTruncationOfAStoredFileIsBadOutput() throws IOException {
        String json = resource("stat_top_twice.json").stripTrailing();
        for (int n = 0; n < json.length(); n++) {
            String cut = json.substring(0, n);
            SynthesisException e = catchThrowableOfType(SynthesisException.class, () -> YosysStat.parse(cut));
            assertThat(e).as("truncated to %d characters", n).isNotNull();
            assertThat(e.kind()).isEqualTo(SynthesisException.Kind.BAD_OUTPUT);
        }
    }

    @Test
    void randomlyDamagedFilesAreReadOrRejectedButNeverCrashTheParser() throws IOException {
        String json = resource("stat_hier.json");
        String alphabet = "{}[]\",:0123456789-\\aZ \n";
        Random random = new Random(20231);
        int rejected = 0;
        for (int trial = 0; trial < 500; trial++) {
            StringBuilder s = new StringBuilder(json);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                s.setCharAt(random.nextInt(s.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                YosysStat stat = YosysStat.parse(s.toString());
                if (stat.modules().contains("hier_top")) {
                    stat.instances("hier_top");
                    stat.cells("hier_top");
                }
            } catch (SynthesisException e) {
                assertThat(e.kind()).isEqualTo(SynthesisException.Kind.BAD_OUTPUT);
                rejected++;
            }
        }
        assertThat(rejected).as("most damage is detected").isGreaterThan(100);
    }

    @Test
    void xilinxCellsAreClassified() {
        Map<String, CellClass> expected = Map.ofEntries(
                Map.entry("LUT1", CellClass.LUT), Map.entry("LUT6", CellClass.LUT), Map.entry("LUT6_2", CellClass.LUT),
                Map.entry("INV", CellClass.LUT),
                Map.entry("FDRE", CellClass.FF), Map.entry("FDSE", CellClass.FF), Map.entry("FDCE", CellClass.FF),
                Map.entry("FDPE", CellClass.FF), Map.entry("FDRE_1", CellClass.FF), Map.entry("LDCE", CellClass.FF),
                Map.entry("CARRY4", CellClass.CARRY), Map.entry("CARRY8", CellClass.CARRY),
                Map.entry("MUXF7", CellClass.MUX), Map.entry("MUXF8", CellClass.MUX), Map.entry("MUXF9", CellClass.MUX),
                Map.entry("DSP48E2", CellClass.DSP), Map.entry("DSP48E1", CellClass.DSP),
                Map.entry("RAMB18E2", CellClass.BRAM), Map.entry("RAMB36E2", CellClass.BRAM),
                Map.entry("URAM288", CellClass.URAM), Map.entry("URAM288_BASE", CellClass.URAM),
                Map.entry("RAM64M", CellClass.LUTRAM), Map.entry("RAM32X1D", CellClass.LUTRAM),
                Map.entry("SRLC32E", CellClass.LUTRAM), Map.entry("SRL16E", CellClass.LUTRAM),
                Map.entry("BUFG", CellClass.OTHER), Map.entry("IBUF", CellClass.OTHER),
                Map.entry("$_AND_", CellClass.OTHER), Map.entry("LUT7", CellClass.OTHER),
                Map.entry("add8_reg", CellClass.OTHER));
        expected.forEach((type, c) -> assertThat(CellClass.of(type)).as(type).isEqualTo(c));
    }

    @Test
    void countsAddAndMultiplyByType() {
        CellCounts a = CellCounts.of(Map.of("LUT2", 3L, "FDRE", 2L, "CARRY4", 1L, "MUXF7", 1L));
        CellCounts b = CellCounts.of(Map.of("LUT6", 1L, "DSP48E2", 1L, "BUFG", 1L));
        CellCounts sum = a.plus(b.times(2));
        assertThat(sum.lut()).isEqualTo(5);
        assertThat(sum.ff()).isEqualTo(2);
        assertThat(sum.carry()).isEqualTo(1);
        assertThat(sum.mux()).isEqualTo(1);
        assertThat(sum.dsp()).isEqualTo(2);
        assertThat(sum.count(CellClass.OTHER)).isEqualTo(2);
        assertThat(sum.cells()).isEqualTo(7 + 2 * 3);
        assertThat(a.times(0)).isEqualTo(CellCounts.NONE);
        assertThatThrownBy(() -> CellCounts.of(Map.of("LUT2", -1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJsonOfAResultReadsBackAndTheTableHasARowPerModule() throws IOException {
        YosysStat stat = YosysStat.parse(resource("stat_top_twice.json"));
        SynthesisResult r = SynthesisResult.of(stat, "top_twice", List.of("add8_reg", "xor4"),
                "synth_xilinx -family xcup -noiopad -top top_twice", 2.5);
        JsonNode json = JsonMapper.builder().build().readTree(r.toJson());
        assertThat(json.get("yosysVersion").asText()).isEqualTo("Yosys 0.23 (git sha1 7ce5011c24b)");
        assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(2.5);
        assertThat(json.get("modules")).hasSize(2);
        JsonNode add = json.get("modules").get(0);
        assertThat(add.get("name").asText()).isEqualTo("add8_reg");
        assertThat(add.get("instances").asLong()).isEqualTo(2);
        assertThat(add.get("ff").asLong()).isEqualTo(16);
        assertThat(add.get("lut").asLong()).isEqualTo(16);
        assertThat(add.get("carry").asLong()).isEqualTo(4);
        assertThat(add.get("cellsByType").get("FDRE").asLong()).isEqualTo(16);
        assertThat(json.get("total").get("lut").asLong()).isEqualTo(17);
        assertThat(json.get("total").get("other").asLong()).isEqualTo(1);

        List<String> lines = r.toTable().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("2.5 s").contains("estimates");
        assertThat(lines.get(1).split("\\s+")).containsExactly("module", "inst", "LUT", "LUTRAM", "FF", "CARRY",
                "MUX", "DSP", "BRAM", "URAM", "other");
        assertThat(lines.get(2).split("\\s+")).containsExactly("add8_reg", "2", "16", "0", "16", "4", "0", "0", "0",
                "0", "0");
        assertThat(lines.get(3).split("\\s+")).containsExactly("xor4", "1", "1", "0", "0", "0", "0", "0", "0", "0",
                "0");
        assertThat(lines.get(4)).startsWith("total (top_twice)").endsWith("1");
        assertThatThrownBy(() -> r.module("nothing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingTopOrModuleNamesTheModulesThatExist() throws IOException {
        YosysStat stat = YosysStat.parse(resource("stat_top_twice.json"));
        assertThatThrownBy(() -> SynthesisResult.of(stat, "l_dense_1", List.of(), "", 0))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("top module l_dense_1")
                .hasMessageContaining("add8_reg");
        assertThatThrownBy(() -> SynthesisResult.of(stat, "top_twice", List.of("l_dense_1"), "", 0))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("module l_dense_1");
    }
}

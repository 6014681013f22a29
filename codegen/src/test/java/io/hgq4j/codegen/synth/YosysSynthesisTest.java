package io.hgq4j.codegen.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthesises hand-written fixtures with the installed yosys (Debian's 0.23) and checks the cell counts against what
 * the circuits need. Flip-flop and DSP counts follow from the Verilog; LUT and carry counts are the ones yosys 0.23
 * produces, checked here to be the minimum the logic needs where that is easy to see. Without yosys these tests fail
 * with the install hint, on purpose: a skipped estimate would look like a passing one.
 */
class YosysSynthesisTest {

    @TempDir
    Path dir;

    /** Copies a fixture into a folder whose name has a space, which the script has to quote. */
    private Path fixture(String name) throws IOException {
        Path target = dir.resolve("src dir").resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    private SynthesisResult synth(String top, List<String> reported, String... files)
            throws IOException, InterruptedException {
        List<Path> sources = new ArrayList<>();
        for (String f : files) {
            sources.add(Files.exists(dir.resolve("src dir").resolve(f)) ? dir.resolve("src dir").resolve(f) : fixture(f));
        }
        SynthesisResult r = YosysSynthesis.defaults().withWorkDirectory(dir.resolve("work-" + top))
                .run(sources, top, reported);
        // the timings go to the test output so that the cost per fixture can be read off a CI log
        System.out.printf(Locale.ROOT, "yosys %-18s %6.2f s  %s%n", top, r.elapsedSeconds(), r.total().byType());
        return r;
    }

    @Test
    void registeredAdderIsEightFlipFlopsAndACarryChain() throws Exception {
        SynthesisResult r = synth("add8_reg", List.of("add8_reg"), "add8_reg.v");
        CellCounts add = r.module("add8_reg").cells();
        assertThat(add.ff()).isEqualTo(8);
        assertThat(add.byType()).containsEntry("FDRE", 8L);
        // one propagate LUT per bit, two 4-bit carry cells: yosys 0.23 emits CARRY4 even for UltraScale+
        // (whose slices have CARRY8), so 8 bits take two CARRY4 where Vivado would place one CARRY8
        assertThat(add.byType()).containsEntry("LUT2", 8L).containsEntry("CARRY4", 2L);
        assertThat(add.lut()).isEqualTo(8);
        assertThat(add.carry()).isEqualTo(2);
        assertThat(add.dsp()).isZero();
        // the top's total adds the clock buffer that synth_xilinx inserts on clk
        assertThat(r.total().byType()).containsEntry("BUFG", 1L);
        assertThat(r.total().count(CellClass.OTHER)).isEqualTo(1);
        assertThat(r.yosysVersion()).startsWith("Yosys ");
        assertThat(r.elapsedSeconds()).isPositive();
    }

    @Test
    void fourInputParityIsOneLut4() throws Exception {
        SynthesisResult r = synth("xor4", List.of("xor4"), "xor4.v");
        assertThat(r.total().byType()).containsExactlyEntriesOf(Map.of("LUT4", 1L));
    }

    @Test
    void constantTimesFiveUsesADspWhenWrittenAsAProductOfNineOrMoreBits() throws Exception {
        // yosys maps every $mul whose result is at least 9 bits wide to a DSP, constants included
        // (synth_xilinx: DSP_Y_MINWIDTH=9); a backend that wants LUTs must write the shifts and adds itself
        SynthesisResult star = synth("mul5_star", List.of(), "mul5.v");
        assertThat(star.total().dsp()).isEqualTo(1);
        assertThat(star.total().byType()).containsExactlyEntriesOf(Map.of("DSP48E2", 1L));

        SynthesisResult shiftAdd = synth("mul5_shift_add", List.of(), "mul5.v");
        assertThat(shiftAdd.total().dsp()).isZero();
        assertThat(shiftAdd.total().ff()).isZero();
        // an adder of (a << 2) and a: bits 0 and 1 are wires, bits 2..10 one 9-bit carry chain (3 x CARRY4)
        assertThat(shiftAdd.total().carry()).isEqualTo(3);
        assertThat(shiftAdd.total().lut()).isBetween(6L, 9L);

        SynthesisResult narrow = synth("mul5_narrow", List.of(), "mul5.v");
        assertThat(narrow.total().dsp()).isZero();
        assertThat(narrow.total().lut()).isBetween(1L, 12L);
    }

    @Test
    void eighteenBitProductsAndTheirDspSlices() throws Exception {
        SynthesisResult signed = synth("mul18_signed", List.of(), "mul18.v");
        assertThat(signed.total().byType()).containsExactlyEntriesOf(Map.of("DSP48E2", 1L));

        // as signed numbers both operands need 19 bits; yosys splits the product over two DSP48E2 and
        // adds the partial products in fabric
        SynthesisResult unsigned = synth("mul18_unsigned", List.of(), "mul18.v");
        assertThat(unsigned.total().dsp()).isEqualTo(2);
        assertThat(unsigned.total().carry()).isPositive();
        assertThat(unsigned.total().ff()).isZero();

        // yosys 0.23 does not pack these registers into the DSP48E2's AREG/BREG/PREG (Vivado would), so all
        // 18 + 18 + 36 stay flip-flops: the FF estimate is high for registered multipliers
        SynthesisResult registered = synth("mul18_registered", List.of(), "mul18.v");
        assertThat(registered.total().dsp()).isEqualTo(1);
        assertThat(registered.total().ff()).isEqualTo(72);
    }

    @Test
    void aModuleInstantiatedTwiceCountsTwiceInTheTotal() throws Exception {
        SynthesisResult r = synth("top_twice", List.of("add8_reg", "xor4"), "add8_reg.v", "xor4.v", "top_twice.v");
        ModuleResources add = r.module("add8_reg");
        assertThat(add.instances()).isEqualTo(2);
        assertThat(add.cells().ff()).isEqualTo(16);
        assertThat(add.cells().carry()).isEqualTo(4);
        assertThat(r.module("xor4").instances()).isEqualTo(1);
        assertThat(r.total().ff()).isEqualTo(16);
        assertThat(r.total().lut()).isEqualTo(16 + 1);
        // nothing but the clock buffer outside the two modules
        assertThat(r.total()).isEqualTo(add.cells().plus(r.module("xor4").cells())
                .plus(CellCounts.of(Map.of("BUFG", 1L))));
    }

    @Test
    void parameterisedModulesTwoLevelsDeep() throws Exception {
        SynthesisResult r = synth("hier_top", List.of("pair", "add"), "hier.v");
        assertThat(r.module("pair").instances()).isEqualTo(2);
        // add #(8) and add #(4) are two derived modules, two instances each
        ModuleResources add = r.module("add");
        assertThat(add.variants()).hasSize(2).allMatch(v -> v.startsWith("$paramod\\add\\"));
        assertThat(add.instances()).isEqualTo(4);
        // 2 x (8 + 4) bits of adders: one LUT2 per bit, one CARRY4 per started 4 bits
        assertThat(add.cells().byType()).containsExactlyInAnyOrderEntriesOf(Map.of("LUT2", 24L, "CARRY4", 6L));
        assertThat(r.total()).isEqualTo(add.cells());
        assertThat(r.module("pair").cells()).isEqualTo(add.cells());
    }

    @Test
    void theResultPrintsAsJsonAndAsATable() throws Exception {
        SynthesisResult r = synth("top_twice", List.of("add8_reg", "xor4"), "add8_reg.v", "xor4.v", "top_twice.v");
        assertThat(r.toTable()).contains("add8_reg").contains("total (top_twice)")
                .contains("synth_xilinx -family xcup -noiopad -top top_twice");
        assertThat(r.toJson()).contains("\"name\" : \"add8_reg\"").contains("\"ff\" : 16");
    }

    /** The exception {@code run} throws; with yosys missing, the assertion on its kind then shows the install hint. */
    private static SynthesisException expect(ThrowingCallable run) {
        SynthesisException e = catchThrowableOfType(SynthesisException.class, run);
        assertThat(e).as("a SynthesisException").isNotNull();
        return e;
    }

    @Test
    void aMissingYosysFailsWithTheInstallHint() {
        SynthesisException e = expect(() -> YosysSynthesis.defaults()
                .withExecutable(dir.resolve("no-such-yosys").toString())
                .run(List.of(fixture("xor4.v")), "xor4", List.of()));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.NOT_INSTALLED);
        assertThat(e.getMessage()).contains("install Debian's yosys package").doesNotContain("\n");
    }

    @Test
    void aYosysErrorIsReportedWithTheEndOfItsLog() throws Exception {
        Path broken = fixture("broken.v");
        SynthesisException e = expect(() -> YosysSynthesis.defaults()
                .withWorkDirectory(dir.resolve("work-broken")).run(List.of(broken), "broken", List.of()));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.FAILED);
        assertThat(e.getMessage()).contains("yosys failed").contains("ERROR").contains("syntax error")
                .contains("broken.v");
    }

    @Test
    void anUndefinedSubmoduleIsAYosysError() throws Exception {
        // top_twice without the files that define add8_reg and xor4
        SynthesisException e = expect(() -> YosysSynthesis.defaults()
                .withWorkDirectory(dir.resolve("work-undefined")).run(List.of(fixture("top_twice.v")), "top_twice",
                        List.of()));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.FAILED);
        assertThat(e.getMessage()).contains("ERROR: Module").contains("is not part of the design")
                .doesNotContain("Generating RTLIL representation");
    }

    @Test
    void aReportedModuleOutsideTheTopIsAnError() throws Exception {
        SynthesisException e = expect(() -> YosysSynthesis.defaults()
                .withWorkDirectory(dir.resolve("work-outside"))
                .run(List.of(fixture("add8_reg.v"), fixture("xor4.v")), "add8_reg", List.of("xor4")));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.BAD_OUTPUT);
        assertThat(e.getMessage()).contains("module xor4 is not in the synthesised design");
    }

    @Test
    void aRunOverItsTimeoutIsStopped() throws Exception {
        Path src = fixture("mul18.v");
        SynthesisException e = expect(() -> YosysSynthesis.defaults().withTimeout(Duration.ofMillis(300))
                .withWorkDirectory(dir.resolve("work-timeout")).run(List.of(src), "mul18_unsigned", List.of()));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("did not finish").contains("within 300 ms");
    }

    @Test
    void aTimeoutAlsoStopsTheChildrenOfYosys() throws Exception {
        // a stand-in for yosys that, like yosys running ABC, waits for a child process: the child must not outlive
        // the timeout (real yosys reaches ABC too late in a run to time this reliably)
        Path fake = dir.resolve("fake-yosys");
        Files.writeString(fake, "#!/bin/sh\nsleep 600 &\necho $! > child.pid\nwait\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        Path work = dir.resolve("work-fake");
        SynthesisException e = expect(() -> YosysSynthesis.defaults().withExecutable(fake.toString())
                .withTimeout(Duration.ofSeconds(2)).withWorkDirectory(work)
                .run(List.of(fixture("xor4.v")), "xor4", List.of()));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(SynthesisException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("within 2 s");
        long child = Long.parseLong(Files.readString(work.resolve("child.pid")).trim());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (running(child) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running(child)).as("child %d still running", child).isFalse();
    }

    /** A killed orphan stays a zombie until init reaps it, which ProcessHandle counts as alive; it runs no more. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Test
    void optionsThatWouldHideTheModulesAreRefused() {
        assertThatThrownBy(() -> YosysSynthesis.defaults().withSynthOptions(List.of("-flatten")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removes the modules");
        assertThatThrownBy(() -> YosysSynthesis.defaults().withSynthOptions(List.of("-nosrl; write_verilog x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> YosysSynthesis.defaults().script(List.of(Path.of("a.v")), "bad name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(YosysSynthesis.defaults().withSynthOptions(List.of("-nowidelut", "-widemux", "5")).command("t"))
                .isEqualTo("synth_xilinx -family xcup -noiopad -top t -nowidelut -widemux 5");
    }

    @Test
    void theScriptKeepsTheHierarchyAndReadsSystemVerilogOnlyFromSvFiles() {
        String script = YosysSynthesis.defaults().script(List.of(Path.of("/x/a b.v"), Path.of("/x/c.sv")), "top");
        assertThat(script).contains("read_verilog \"/x/a b.v\"\n").contains("read_verilog -sv \"/x/c.sv\"\n")
                .contains("synth_xilinx -family xcup -noiopad -top top\n").doesNotContain("-flatten")
                .contains("tee -q -o stat.json stat -json\n");
    }
}

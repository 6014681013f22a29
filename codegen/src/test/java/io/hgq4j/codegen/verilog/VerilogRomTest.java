package io.hgq4j.codegen.verilog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.fixed.FixedType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VerilogRom}: the text, every entry read back through Verilator at 2^12 and 2^16 entries, and LUT mapping in
 * Yosys. Verilator and Yosys are required: without them these tests fail, naming the Debian package.
 */
class VerilogRomTest {

    @TempDir
    Path work;

    @Test
    void smallTableText() {
        FixedType type = FixedType.signed(4, 2);
        String rom = VerilogRom.rom(type, new long[] {-8, 3, 3, 7}, "idx", 2, "q", "r");
        assertThat(rom).isEqualTo("""
                // r: 4-entry ROM of fixed<4,2> indexed by idx
                reg [3:0] r_rom;
                always @* begin
                    case (idx[1:0])
                        2'd0: r_rom = 4'b1000;
                        2'd3: r_rom = 4'b0111;
                        default: r_rom = 4'b0011;
                    endcase
                end
                assign q = r_rom;
                """);
        assertThat(VerilogRom.rom(type, new long[] {5}, "idx", 0, "q", "r")).endsWith("assign q = 4'b0101;\n");
        assertThat(VerilogRom.rom(FixedType.ZERO, new long[] {0, 0}, "idx", 1, "q", "r")).isEmpty();
    }

    @Test
    void rejectsBadTables() {
        FixedType type = FixedType.unsigned(3, 3);
        assertThatThrownBy(() -> VerilogRom.rom(type, new long[] {1, 2, 3}, "idx", 2, "q", "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 entries");
        assertThatThrownBy(() -> VerilogRom.rom(type, new long[] {1, 8}, "idx", 1, "q", "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1 (8)");
        assertThatThrownBy(() -> VerilogRom.rom(type, new long[] {1, -1}, "idx", 1, "q", "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1 (-1)");
        assertThatThrownBy(() -> VerilogRom.rom(type, new long[] {1, 2}, "idx", 1, "q[0]", "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output name");
    }

    @Test
    void everyEntryReadsBackThroughVerilator() throws IOException, InterruptedException {
        checkThroughVerilator(12, FixedType.signed(9, 3), 12);
        // The size that must not take minutes: Verilator turns the case into a constant table.
        checkThroughVerilator(16, FixedType.unsigned(8, 0), 16);
    }

    @Test
    void yosysMapsTheTableToLuts() throws IOException, InterruptedException {
        // A saturating activation-like table: most entries equal the default.
        int k = 8;
        FixedType type = FixedType.signed(6, 2);
        List<BigInteger> codes = new ArrayList<>();
        for (int i = 0; i < 1 << k; i++) {
            int x = i - 128;
            codes.add(BigInteger.valueOf(Math.max(-32, Math.min(31, x / 3))));
        }
        Path verilog = work.resolve("rom_lut.v");
        Files.writeString(verilog, module("rom_lut", type, codes, k));
        Map<String, Integer> cells = VerilogTools.yosysCells(verilog, "rom_lut");
        System.out.println("rom_lut cells: " + cells);
        assertThat(cells).as("only LUTs and wide-function muxes").isNotEmpty()
                .allSatisfy((cell, n) -> assertThat(cell).matches("LUT[1-6]|MUXF[789]"));
    }

    private void checkThroughVerilator(int k, FixedType type, long seed) throws IOException, InterruptedException {
        Random random = new Random(seed);
        List<BigInteger> codes = new ArrayList<>();
        for (int i = 0; i < 1 << k; i++) {
            codes.add(CastBench.signedValue(new BigInteger(type.width(), random), type));
        }
        String name = "rom_" + k;
        Path dir = Files.createDirectories(work.resolve(name));
        VerilogTools.requireVerilator(dir);
        Path verilog = dir.resolve(name + ".v");
        Files.writeString(verilog, module(name, type, codes, k));
        if (k <= 12) {
            // The build below runs with -Wall too, where any warning is fatal; the explicit lint names the rule.
            VerilogTools.Run lint = VerilogTools.lint(verilog, name);
            System.out.printf("verilator lint of %d-entry ROM: %.1f s%n", 1 << k, lint.seconds());
            assertThat(lint.output()).as("verilator --lint-only -Wall").isEmpty();
            assertThat(lint.exitCode()).isZero();
        }

        Path driver = dir.resolve(name + "_main.cpp");
        Files.writeString(driver, """
                #include "V%1$s.h"
                #include "verilated.h"
                #include <cstdio>

                int main() {
                  VerilatedContext context;
                  V%1$s top(&context);
                  for (unsigned long i = 0; i < (1ul << %2$d); i++) {
                    top.idx = i;
                    top.eval();
                    std::printf("%%llx\\n", (unsigned long long) top.q);
                  }
                  top.final();
                  return 0;
                }
                """.formatted(name, k));
        long start = System.nanoTime();
        Path executable = VerilogTools.build(verilog, driver, name);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("Verilator build time of a %d-entry ROM", 1 << k).isLessThan(180);

        VerilogTools.Run run = VerilogTools.run(List.of(executable.toString()), dir, 300);
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.output().lines().toList();
        assertThat(lines).hasSize(1 << k);
        int wrong = 0;
        for (int i = 0; i < lines.size(); i++) {
            BigInteger read = CastBench.signedValue(new BigInteger(lines.get(i), 16), type);
            wrong += read.equals(codes.get(i)) ? 0 : 1;
        }
        assertThat(wrong).as("entries read back wrong out of %d", 1 << k).isZero();
    }

    private static String module(String name, FixedType type, List<BigInteger> codes, int k) {
        StringBuilder body = new StringBuilder();
        VerilogRom.rom(type, codes, "idx", k, "q", "t").lines().forEach(l -> body.append("    ").append(l).append('\n'));
        return "module " + name + " (\n    input wire [" + (k - 1) + ":0] idx,\n    output wire "
                + VerilogCast.typeRange(type) + " q\n);\n" + body + "endmodule\n";
    }
}

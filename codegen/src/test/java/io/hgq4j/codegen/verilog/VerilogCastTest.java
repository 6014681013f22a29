package io.hgq4j.codegen.verilog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.codegen.verilog.CastBench.Case;
import io.hgq4j.codegen.verilog.CastBench.Outcome;
import io.hgq4j.codegen.verilog.CastBench.Simulator;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VerilogCast}: the text of the common cases, and bit-exactness against {@link io.hgq4j.model.fixed.FixedCast}
 * and the vendor's vectors through Verilator-compiled modules that lint clean under {@code -Wall}. Verilator is
 * required: without it the simulation tests fail, naming the Debian package.
 */
class VerilogCastTest {

    private static final FixedType S8 = FixedType.signed(8, 3);

    @TempDir
    Path work;

    @Test
    void truncateAndWrapIsBitSelectionWithSignExtension() {
        assertThat(body(S8, FixedType.signed(6, 3))).isEqualTo("""
                assign y = x[7:2];
                wire [1:0] c_unused = x[1:0];
                """);
        assertThat(body(S8, FixedType.signed(12, 5))).isEqualTo("assign y = {{2{x[7]}}, x[7:0], 2'b00};\n");
        assertThat(body(FixedType.unsigned(8, 3), FixedType.signed(10, 4))).isEqualTo("assign y = {1'b0, x[7:0], 1'b0};\n");
        assertThat(body(S8, FixedType.signed(4, 4))).isEqualTo("""
                assign y = {x[7], x[7:5]};
                wire [4:0] c_unused = x[4:0];
                """);
        // The target LSB above the source MSB: the floor is −1 or 0.
        assertThat(body(S8, FixedType.signed(4, 6))).isEqualTo("""
                assign y = {4{x[7]}};
                wire [6:0] c_unused = x[6:0];
                """);
    }

    @Test
    void roundHalfUpAddsTheFirstDroppedBit() {
        assertThat(body(S8, FixedType.signed(6, 3).withModes(Quantization.RND, Overflow.WRAP))).isEqualTo("""
                assign y = x[7:2] + {5'd0, x[1]};
                wire c_unused = x[0];
                """);
    }

    @Test
    void saturationTestsSignBitPatterns() {
        assertThat(body(S8, new FixedType(6, 2, true, Quantization.RND, Overflow.SAT))).isEqualTo("""
                wire [7:0] c_q = {x[7], x[7:1]} + {7'd0, x[0]};
                wire c_over = ~c_q[7] & (|c_q[6:5]);
                wire c_under = c_q[7] & ~(&c_q[6:5]);
                assign y = c_over ? 6'h1f : c_under ? 6'h20 : c_q[5:0];
                """);
        // SAT_SYM on the same type only replaces the most negative code.
        assertThat(body(S8, S8.withModes(Quantization.TRN, Overflow.SAT_SYM))).isEqualTo("""
                wire c_under = x[7] & ~(|x[6:0]);
                assign y = c_under ? 8'h81 : x[7:0];
                """);
        // A negative code is the only way out of an unsigned target that holds the source's positive range.
        assertThat(body(S8, new FixedType(7, 2, false, Quantization.TRN, Overflow.SAT_ZERO))).isEqualTo("""
                assign y = x[7] ? 7'd0 : x[6:0];
                """);
        assertThat(body(S8, new FixedType(6, 2, true, Quantization.TRN, Overflow.SAT_ZERO))).isEqualTo("""
                wire c_ovf = (|x[7:6]) & ~(&x[7:6]);
                assign y = c_ovf ? 6'd0 : x[6:1];
                wire c_unused = x[0];
                """);
    }

    @Test
    void modesThatCannotFireEmitNoLogic() {
        FixedType unsigned = FixedType.unsigned(8, 3);
        FixedType trn = FixedType.unsigned(6, 3);
        String truncated = body(unsigned, trn);
        // Toward zero is floor for non-negative values; ties away from zero are ties up.
        assertThat(body(unsigned, trn.withModes(Quantization.TRN_ZERO, Overflow.WRAP))).isEqualTo(truncated);
        assertThat(body(unsigned, trn.withModes(Quantization.RND_INF, Overflow.WRAP)))
                .isEqualTo(body(unsigned, trn.withModes(Quantization.RND, Overflow.WRAP)));
        // Widening with saturation: nothing can overflow, and rounding to a finer LSB is exact.
        assertThat(body(S8, new FixedType(12, 6, true, Quantization.RND_CONV, Overflow.SAT_SYM)))
                .isEqualTo(body(S8, FixedType.signed(12, 6)));
        // Rounding to a coarser LSB, saturated at a range that still holds the carry.
        assertThat(body(S8, new FixedType(8, 4, true, Quantization.RND, Overflow.SAT))).doesNotContain("?");
    }

    @Test
    void zeroWidthTypes() {
        assertThat(VerilogCast.convert(S8, FixedType.ZERO, "x", "y", "c")).isEmpty();
        assertThat(body(FixedType.ZERO, FixedType.signed(6, 2))).isEqualTo("assign y = 6'd0;\n");
        assertThat(VerilogCast.declaration(FixedType.ZERO, "z")).isEmpty();
        assertThat(VerilogCast.declaration(S8, "z")).isEqualTo("wire signed [7:0] z;");
        assertThat(VerilogCast.declaration(FixedType.unsigned(1, 0), "z")).isEqualTo("wire [0:0] z;");
        assertThat(VerilogCast.align(FixedType.ZERO, "x", S8)).isEqualTo("8'd0");
    }

    @Test
    void targetFarAboveTheSourceIsAConstant() {
        assertThat(body(FixedType.signed(4, 0), new FixedType(4, 8, true, Quantization.RND, Overflow.WRAP)))
                .isEqualTo("""
                        assign y = 4'b0000;
                        wire [3:0] c_unused = x[3:0];
                        """);
    }

    @Test
    void alignAndCompareOperands() {
        FixedType u = FixedType.unsigned(4, 2);
        FixedType s = FixedType.signed(6, 1);
        assertThat(VerilogCast.align(u, "a", FixedType.signed(9, 4))).isEqualTo("{2'b00, a[3:0], 3'b000}");
        assertThat(VerilogCast.align(s, "b", FixedType.signed(8, 3))).isEqualTo("{{2{b[5]}}, b[5:0]}");
        FixedType common = VerilogCast.comparisonType(u, s);
        assertThat(common).isEqualTo(FixedType.signed(8, 3));
        assertThat(VerilogCast.compareOperand(u, "a", common)).isEqualTo("$signed({1'b0, a[3:0], 3'b000})");
        assertThatThrownBy(() -> VerilogCast.align(s, "b", FixedType.signed(6, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not hold");
        assertThatThrownBy(() -> VerilogCast.align(s, "b", FixedType.unsigned(16, 8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerilogCast.compareOperand(u, "a", FixedType.unsigned(8, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signed");
    }

    @Test
    void rejectsNamesThatAreNotPlainIdentifiers() {
        FixedType t = FixedType.signed(6, 2);
        assertThatThrownBy(() -> VerilogCast.convert(S8, t, "x[3]", "y", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source name");
        assertThatThrownBy(() -> VerilogCast.convert(S8, t, "x", "y", "1c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> VerilogCast.convert(S8, t, "x", "c_q", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> VerilogCast.convert(S8, t, "x", "x", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random pairs of types for every quantization × overflow combination (widths 1..24, target LSB −6..+6 from the
     * source's, either signedness each side) plus hand-picked corner pairs under all 28 combinations, all in one module:
     * every code of sources up to 10 bits, 1024 codes (the ends of the range, 0, ±1 and random ones) of wider ones.
     * Every other source port is declared with the wrong signedness, which must make no difference.
     */
    @Test
    void randomPairsAgreeWithFixedCastBitForBit() throws IOException, InterruptedException {
        Random random = new Random(20240607L);
        List<Case> cases = new ArrayList<>();
        Map<String, Integer> perCombination = new LinkedHashMap<>();
        for (Quantization q : Quantization.values()) {
            for (Overflow o : Overflow.values()) {
                for (int k = 0; k < 8; k++) {
                    cases.add(randomCase(random, q, o));
                }
            }
        }
        for (String[] pair : CORNER_PAIRS) {
            FixedType source = FixedType.parse(pair[0]);
            FixedType target = FixedType.parse(pair[1]);
            for (Quantization q : Quantization.values()) {
                for (Overflow o : Overflow.values()) {
                    cases.add(new Case(source, target.withModes(q, o), codes(source, random)));
                }
            }
        }
        cases.forEach(c -> perCombination.merge(c.target().quantization() + "/" + c.target().overflow(), 1, Integer::sum));
        assertThat(perCombination).hasSize(28).allSatisfy((k, n) -> assertThat(n).isGreaterThanOrEqualTo(8));
        // A control the bench must catch: one conversion whose expected codes are FixedCast's with one code off by one.
        Case control = controlCase(cases.get(0));
        cases.add(control);
        long codes = cases.stream().mapToLong(c -> c.codes().size()).sum();

        Outcome outcome = CastBench.run(work.resolve("random"), "cast_bank", cases, true, Simulator.ICARUS);

        System.out.printf("random pairs: %d conversions, %d codes checked, %d mismatches (1 planted)%n",
                cases.size() - 1, outcome.checked() - control.codes().size(), outcome.mismatchCount());
        assertThat(outcome.lintOutput()).as("verilator --lint-only -Wall").isEmpty();
        assertThat(outcome.lintExit()).isZero();
        assertThat(outcome.firstMismatches()).as("mismatches (%d in all)", outcome.mismatchCount())
                .singleElement().satisfies(m -> assertThat(m.c()).isSameAs(control));
        assertThat(outcome.checked()).isEqualTo(codes);
    }

    /** Every {@code conv} record of the shared vendor vectors, one conversion instance per pair of types. */
    @Test
    void vendorConversionVectorsAgree() throws IOException, InterruptedException {
        List<Case> cases = vendorCases(VerilogTools.sharedVectors());
        long records = cases.stream().mapToLong(c -> c.codes().size()).sum();
        assertThat(records).as("conv records in the shared vectors").isEqualTo(16_000);

        Outcome outcome = CastBench.run(work.resolve("vendor"), "vendor_bank", cases, false, Simulator.ICARUS,
                Simulator.VERILATOR);

        System.out.printf("shared vendor vectors: %d type pairs, %d records, %d outputs checked on two simulators, "
                + "%d mismatches%n", cases.size(), records, outcome.checked(), outcome.mismatchCount());
        assertThat(outcome.lintOutput()).as("verilator --lint-only -Wall").isEmpty();
        assertThat(outcome.firstMismatches()).as("mismatches (%d in all)", outcome.mismatchCount()).isEmpty();
        assertThat(outcome.checked()).isEqualTo(2 * records);
    }

    /**
     * Every {@code conv} record of the vendor corner cases kept with the model's tests: tiny targets, 1-bit SAT_SYM,
     * source LSBs far from the target's, widths up to 64.
     */
    @Test
    void vendorCornerCaseConversionsAgree() throws IOException, InterruptedException {
        Path file = VerilogTools.projectRoot().resolve("model/src/test/resources/testvectors/vendor_corner_cases.csv.gz");
        List<Case> cases = vendorCases(file);
        long records = cases.stream().mapToLong(c -> c.codes().size()).sum();
        assertThat(records).as("conv records in the corner cases").isEqualTo(28_350);

        Outcome outcome = CastBench.run(work.resolve("corners"), "corner_bank", cases, false, Simulator.ICARUS);

        System.out.printf("vendor corner cases: %d type pairs, %d records, %d mismatches%n", cases.size(),
                outcome.checked(), outcome.mismatchCount());
        assertThat(outcome.lintOutput()).as("verilator --lint-only -Wall").isEmpty();
        assertThat(outcome.firstMismatches()).as("mismatches (%d in all)", outcome.mismatchCount()).isEmpty();
        assertThat(outcome.checked()).isEqualTo(records);
    }

    /** The {@code conv} records of a vector file, one case per pair of types, expecting the vendor's codes. */
    private static List<Case> vendorCases(Path file) throws IOException {
        assertThat(file).as("vector file").isRegularFile();
        Map<String, List<String[]>> byPair = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("conv,")) {
                    String[] f = line.split(",");
                    String key = String.join(",", f[1], f[2], f[3], f[5], f[6], f[7], f[8], f[9]);
                    byPair.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                }
            }
        }
        List<Case> cases = new ArrayList<>();
        for (List<String[]> group : byPair.values()) {
            String[] f = group.get(0);
            FixedType source = new FixedType(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3].equals("1"),
                    Quantization.TRN, Overflow.WRAP);
            FixedType target = new FixedType(Integer.parseInt(f[5]), Integer.parseInt(f[6]), f[7].equals("1"),
                    Quantization.parse(f[8]), Overflow.parse(f[9]));
            List<BigInteger> codes = new ArrayList<>();
            List<BigInteger> expected = new ArrayList<>();
            for (String[] record : group) {
                codes.add(new BigInteger(record[4]));
                expected.add(new BigInteger(record[10]));
            }
            cases.add(new Case(source, target, codes, expected));
        }
        return cases;
    }

    /** Every mode on a narrowing and a widening pair synthesizes to plain logic: LUTs and carry chains, no latches. */
    @Test
    void yosysSynthesizesEveryModeToLogic() throws IOException, InterruptedException {
        List<Case> cases = new ArrayList<>();
        for (Quantization q : Quantization.values()) {
            for (Overflow o : Overflow.values()) {
                cases.add(new Case(FixedType.signed(12, 4), new FixedType(7, 2, true, q, o), List.of()));
                cases.add(new Case(FixedType.unsigned(6, 2), new FixedType(9, 1, true, q, o), List.of()));
            }
        }
        Path verilog = work.resolve("cast_synth.v");
        Files.writeString(verilog, CastBench.module("cast_synth", cases, false));
        Map<String, Integer> cells = VerilogTools.yosysCells(verilog, "cast_synth");
        System.out.println("cast_synth cells: " + cells);
        assertThat(cells).isNotEmpty().allSatisfy((cell, n) -> assertThat(cell).matches("LUT[1-6]|CARRY4|MUXF[789]"));
    }

    /** Pairs whose corners random types rarely reach. */
    private static final String[][] CORNER_PAIRS = {
            {"fixed<1,1>", "fixed<1,1>"},       // codes −1, 0; SAT_SYM on one bit is SAT
            {"fixed<1,1>", "ufixed<1,1>"},
            {"ufixed<1,0>", "fixed<1,1>"},      // 0.5 rounds up into an overflow
            {"fixed<4,0>", "fixed<3,4>"},       // target LSB exactly at the source MSB: half is the sign
            {"fixed<4,0>", "fixed<2,3>"},       // one above: half and sticky from sign copies
            {"ufixed<4,0>", "ufixed<2,2>"},
            {"fixed<8,3>", "fixed<8,3>"},       // same type: only SAT_SYM acts
            {"ufixed<8,4>", "fixed<8,4>"},      // same LSB and width, other signedness
            {"fixed<8,4>", "ufixed<8,4>"},
            {"fixed<24,10>", "fixed<1,1>"},     // very narrow targets
            {"fixed<24,10>", "ufixed<2,0>"},
            {"fixed<6,2>", "fixed<24,14>"},     // far finer target: a pure shift
            {"fixed<10,2>", "fixed<3,2>"},      // rounding carry into the sign
            {"fixed<100,40>", "fixed<12,6>"},   // accumulator-like widths beyond 64 bits
            {"ufixed<70,10>", "fixed<80,30>"},
            {"fixed<20,5>", "ufixed<130,60>"},
    };

    private static Case controlCase(Case model) {
        List<BigInteger> expected = new ArrayList<>();
        for (int k = 0; k < model.codes().size(); k++) {
            expected.add(model.expected(k));
        }
        int k = model.codes().size() / 2;
        expected.set(k, CastBench.signedValue(expected.get(k).add(BigInteger.ONE), model.target()));
        return new Case(model.source(), model.target(), model.codes(), expected);
    }

    private static Case randomCase(Random random, Quantization q, Overflow o) {
        int ws = 1 + random.nextInt(24);
        FixedType source = new FixedType(ws, -4 + random.nextInt(ws + 9), random.nextBoolean(), Quantization.TRN,
                Overflow.WRAP);
        int wt = 1 + random.nextInt(24);
        int lsb = source.lsbExponent() - 6 + random.nextInt(13);
        FixedType target = new FixedType(wt, wt + lsb, random.nextBoolean(), q, o);
        return new Case(source, target, codes(source, random));
    }

    /**
     * All codes up to 10 bits; else both ends, 0, ±1, next to the ends and random codes of random magnitude (so that
     * wide sources do not only saturate), 1024 in all.
     */
    private static List<BigInteger> codes(FixedType type, Random random) {
        List<BigInteger> codes = new ArrayList<>();
        BigInteger min = type.minRaw();
        BigInteger max = type.maxRaw();
        if (type.width() <= 10) {
            for (BigInteger c = min; c.compareTo(max) <= 0; c = c.add(BigInteger.ONE)) {
                codes.add(c);
            }
            return codes;
        }
        codes.addAll(List.of(min, max, BigInteger.ZERO, BigInteger.ONE, min.add(BigInteger.ONE),
                max.subtract(BigInteger.ONE)));
        if (type.signed()) {
            codes.add(BigInteger.ONE.negate());
        }
        while (codes.size() < 1024) {
            BigInteger magnitude = new BigInteger(1 + random.nextInt(type.width()), random);
            codes.add(type.signed() && random.nextBoolean() ? magnitude.negate().max(min) : magnitude.min(max));
        }
        return codes;
    }

    /** The block for x → y with prefix c, without its comment line. */
    private static String body(FixedType source, FixedType target) {
        String block = VerilogCast.convert(source, target, "x", "y", "c");
        assertThat(block).startsWith("// c: " + source + " -> " + target + "\n");
        return block.substring(block.indexOf('\n') + 1);
    }
}

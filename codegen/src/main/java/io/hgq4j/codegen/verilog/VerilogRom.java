package io.hgq4j.codegen.verilog;

import io.hgq4j.model.fixed.FixedType;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Read-only tables (activation look-ups and the like) as combinational Verilog-2001: a {@code case} statement in an
 * {@code always @*} block, which Verilator compiles into a constant array and Yosys maps to LUTs.
 *
 * <p>Why a {@code case} and not an initialised array: measured with Verilator 5.006 and Yosys 0.23 on 8-bit entries
 * on two cores, a 2^16-entry {@code case} lints in 6 s and builds (C++ included) in 10 s (up to 20 s on a busy machine),
 * where a {@code reg} array filled in an {@code initial} block takes 15 s and 1 GB; a packed {@code localparam} table
 * is beyond Verilator's 65,536-bit limit for literals at that size, and arrays of parameters are SystemVerilog. At 2^12 entries Yosys'
 * {@code synth_xilinx} maps the {@code case} to 585 LUT6 + MUXF7/8/9 in 7 s (the array: 10 s); at 2^16 it needs
 * 220 s and 3.9 GB for 8,888 LUT6, so tables that large are better placed in block RAM by the vendor flow.
 *
 * <p>The most frequent entry becomes the {@code default} branch and is not listed again: activation tables saturate,
 * so this often removes most of the lines. The index is read as an unsigned part-select, so its declared signedness
 * does not matter.
 */
public final class VerilogRom {

    /** The widest index accepted: 2^20 entries are far beyond what a LUT ROM should hold. */
    public static final int MAX_INDEX_BITS = 20;

    private VerilogRom() {
    }

    /**
     * Verilog that drives {@code outputName} with {@code codes[index]}, where {@code index} is the unsigned value of the
     * {@code indexBits}-bit signal {@code indexName}. The block declares {@code reg [W-1:0] <prefix>_rom} (assigned in
     * an {@code always @*} block) and assigns it to the output, which the caller declares with the entry type's width
     * ({@link VerilogCast#declaration}).
     *
     * @param entryType  the type of every entry; zero-width gives the empty string (there is no output to drive)
     * @param codes      exactly 2^indexBits codes of {@code entryType}, entry 0 first
     * @param indexName  a plain identifier of a signal of exactly {@code indexBits} bits, read as unsigned
     * @param indexBits  0..{@value #MAX_INDEX_BITS}; with 0 the single entry is a constant and the index is not read
     * @param outputName a plain identifier, declared by the caller
     * @param prefix     a plain identifier, unique in the module, that names the block's reg
     * @throws IllegalArgumentException on a wrong number of codes, a code outside {@code entryType}, or a bad name
     */
    public static String rom(FixedType entryType, List<BigInteger> codes, String indexName, int indexBits,
            String outputName, String prefix) {
        Bits.checkIdentifier(indexName, "index name");
        Bits.checkIdentifier(outputName, "output name");
        Bits.checkIdentifier(prefix, "prefix");
        if (indexBits < 0 || indexBits > MAX_INDEX_BITS) {
            throw new IllegalArgumentException("index width " + indexBits + " is outside 0.." + MAX_INDEX_BITS);
        }
        int entries = 1 << indexBits;
        if (codes.size() != entries) {
            throw new IllegalArgumentException("a ROM with a " + indexBits + "-bit index needs " + entries
                    + " entries, got " + codes.size());
        }
        for (int i = 0; i < entries; i++) {
            BigInteger code = codes.get(i);
            if (code == null || !entryType.holdsRaw(code)) {
                throw new IllegalArgumentException("entry " + i + " (" + code + ") is not a code of " + entryType);
            }
        }
        if (entryType.isZero()) {
            return "";
        }
        int w = entryType.width();
        StringBuilder out = new StringBuilder();
        out.append("// ").append(prefix).append(": ").append(entries).append("-entry ROM of ").append(entryType)
                .append(" indexed by ").append(indexName).append('\n');
        if (indexBits == 0) {
            return out.append("assign ").append(outputName).append(" = ").append(Bits.literal(codes.get(0), w))
                    .append(";\n").toString();
        }
        BigInteger common = mostFrequent(codes);
        String reg = prefix + "_rom";
        String index = indexBits == 1 ? indexName : indexName + "[" + (indexBits - 1) + ":0]";
        out.append("reg [").append(w - 1).append(":0] ").append(reg).append(";\n");
        out.append("always @* begin\n");
        out.append("    case (").append(index).append(")\n");
        for (int i = 0; i < entries; i++) {
            if (!codes.get(i).equals(common)) {
                out.append("        ").append(indexBits).append("'d").append(i).append(": ").append(reg).append(" = ")
                        .append(Bits.literal(codes.get(i), w)).append(";\n");
            }
        }
        out.append("        default: ").append(reg).append(" = ").append(Bits.literal(common, w)).append(";\n");
        out.append("    endcase\n");
        out.append("end\n");
        out.append("assign ").append(outputName).append(" = ").append(reg).append(";\n");
        return out.toString();
    }

    /** {@link #rom(FixedType, List, String, int, String, String)} with the codes as {@code long}s. */
    public static String rom(FixedType entryType, long[] codes, String indexName, int indexBits, String outputName,
            String prefix) {
        return rom(entryType, LongStream.of(codes).mapToObj(BigInteger::valueOf).toList(), indexName, indexBits,
                outputName, prefix);
    }

    /** The most frequent code; of equally frequent ones, the one that got there first, so the output is deterministic. */
    private static BigInteger mostFrequent(List<BigInteger> codes) {
        Map<BigInteger, Integer> counts = new HashMap<>();
        BigInteger best = codes.get(0);
        int bestCount = 0;
        for (BigInteger code : codes) {
            int n = counts.merge(code, 1, Integer::sum);
            if (n > bestCount || n == bestCount && code.equals(best)) {
                best = code;
                bestCount = n;
            }
        }
        return best;
    }
}

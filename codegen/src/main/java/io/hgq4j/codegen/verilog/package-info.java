/**
 * Building blocks of the Verilog backend: fixed-point conversions ({@link io.hgq4j.codegen.verilog.VerilogCast}),
 * exact alignment and signed comparison operands, and look-up tables ({@link io.hgq4j.codegen.verilog.VerilogRom}),
 * as synthesizable Verilog-2001 text that Verilator lints clean with {@code -Wall}.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A code of a type of width W is a {@code [W-1:0]} vector, declared {@code wire signed [W-1:0]} for a signed
 *       type and {@code wire [W-1:0]} for an unsigned one, also when W = 1 ({@code [0:0]}). Its value is the code
 *       times 2^(I−W). A zero-width type has no signal at all: it is the constant 0, and a conversion into it returns
 *       the empty string.</li>
 *   <li>The caller declares the signals it names (sources, targets, ROM outputs) and passes a prefix per block; a block
 *       declares only {@code <prefix>_*} wires (and a {@code <prefix>_rom} reg), so distinct prefixes keep names
 *       distinct. Names must be plain identifiers.</li>
 *   <li>Every expression is built from part-selects, sized literals, concatenations and replications, and every
 *       operand has exactly the width of its context. So no operand is ever extended implicitly, and Verilog's
 *       signedness rules (an expression is signed only if all its operands are; an unsigned operand silently turns a
 *       signed comparison or extension into an unsigned one; a part-select is unsigned even of a signed vector) cannot
 *       change a result: sign extension is written out as a replication of the sign bit, and arithmetic is exact
 *       modulo 2^n on vectors wide enough for the exact result. The blocks read their source only through
 *       part-selects, so they work whether the caller declared it signed or not. {@code $signed} appears only in
 *       {@link io.hgq4j.codegen.verilog.VerilogCast#compareOperand}, whose purpose is a signed comparison; both sides
 *       of such a comparison must be made by it for one common type.</li>
 *   <li>Bits a block does not need are gathered in a {@code <prefix>_unused} wire, which Verilator's default
 *       {@code --unused-regexp} ({@code *unused*}) exempts from UNUSEDSIGNAL and synthesis removes; the caller's
 *       source signal then counts as fully read.</li>
 * </ul>
 *
 * <h2>What a conversion compiles to</h2>
 * Let d be the target LSB exponent minus the source's. For d ≤ 0 the code is shifted left by −d (zero bits appended):
 * exact, no rounding. For d &gt; 0 the kept bits are the source bits from d up (sign-extended past the MSB; when d
 * exceeds the width they are all copies of the sign), and the quantization mode adds one LSB or not:
 * <table>
 *   <caption>quantization (h = first dropped bit, r = OR of the bits below it, s = source sign, o = lowest kept bit)</caption>
 *   <tr><th>mode</th><th>increment</th></tr>
 *   <tr><td>TRN</td><td>none: pure bit selection</td></tr>
 *   <tr><td>TRN_ZERO</td><td>s &amp; (OR of all dropped bits)</td></tr>
 *   <tr><td>RND</td><td>h (add half, then floor)</td></tr>
 *   <tr><td>RND_ZERO</td><td>h &amp; (s | r)</td></tr>
 *   <tr><td>RND_MIN_INF</td><td>h &amp; r</td></tr>
 *   <tr><td>RND_INF</td><td>h &amp; (~s | r)</td></tr>
 *   <tr><td>RND_CONV</td><td>h &amp; (o | r) (ties to even)</td></tr>
 * </table>
 * Terms that are constant for the pair of types fold away (an unsigned source makes TRN_ZERO a TRN and RND_INF an
 * RND). The exact range of the rounded code is computed at generation time (rounding is monotone, so it is the rounded
 * ends of the source range); it decides the adder width (one bit more than the kept bits only when the carry can
 * need it) and which overflow tests exist at all:
 * <table>
 *   <caption>overflow</caption>
 *   <tr><th>mode</th><th>Verilog</th></tr>
 *   <tr><td>WRAP, or nothing can overflow</td><td>the low W bits of the rounded code, or its sign/zero extension;
 *       with WRAP the adder is only W bits wide</td></tr>
 *   <tr><td>SAT</td><td>{@code over ? MAX : under ? MIN : low}, with over = non-negative and a bit set from the
 *       target's top magnitude bit up, under = negative and the bits from the target's sign bit up not all ones (an
 *       unsigned target: just negative)</td></tr>
 *   <tr><td>SAT_ZERO</td><td>{@code ovf ? 0 : low}, ovf = the bits from the target's sign bit up neither all 0 nor all
 *       1 (unsigned target: negative or a bit set above W)</td></tr>
 *   <tr><td>SAT_SYM</td><td>as SAT with MIN = −MAX, and under also true for the most negative code itself
 *       (sign-bit copies above an all-zero remainder), as the vendor does even for a value that is exactly the
 *       minimum; a 1-bit signed or an unsigned target behaves like SAT</td></tr>
 * </table>
 * Overflow is tested on the rounded code, so a rounding carry that overflows saturates (or wraps) like any other value.
 *
 * <h2>How it is checked</h2>
 * {@code VerilogCastTest} puts hundreds to thousands of conversions into one module, lints it with
 * {@code verilator --lint-only -Wall --default-language 1364-2001}, compiles it with {@code iverilog -g2001} (and, for
 * the shared vendor vectors, also as a Verilator C++ model), feeds codes from a file and compares every output with
 * {@link io.hgq4j.model.fixed.FixedCast#convert} or the vendor's recorded code; Yosys {@code synth_xilinx} maps every
 * mode to LUTs and carry chains. The tools are required (Debian packages {@code verilator}, {@code iverilog},
 * {@code yosys}); the tests fail without them.
 */
package io.hgq4j.codegen.verilog;

/**
 * Resource estimates from yosys: {@link io.hgq4j.codegen.synth.YosysSynthesis} runs {@code synth_xilinx} on Verilog
 * sources and returns a {@link io.hgq4j.codegen.synth.SynthesisResult} with LUT, FF, CARRY, DSP and MUX counts per
 * layer module and for the whole design ({@link io.hgq4j.codegen.synth.CellClass} says which Xilinx primitives count
 * as what). These are yosys's cell counts, not vendor numbers.
 *
 * <h2>Per module and in total</h2>
 *
 * <p>{@code synth_xilinx} in yosys 0.23 keeps the hierarchy unless given {@code -flatten} (which is refused here), so
 * each module is synthesised once, on its own, and {@code stat -json} lists its own cells; an instance of another
 * module is a cell whose type is that module. {@link io.hgq4j.codegen.synth.YosysStat} resolves those instances: a
 * module's count includes its submodules, and a module instantiated {@code k} times counts {@code k} times in the
 * total (checked against yosys's own design total in the tests). No optimisation crosses a module boundary, so a
 * layer's constants are not propagated into the next layer.
 *
 * <h2>What yosys 0.23 does differently from Vivado</h2>
 * <ul>
 *   <li>Carry chains are CARRY4 cells (4 bits) even for {@code -family xcup}, whose slices have CARRY8: an 8-bit adder
 *       is 2 CARRY cells here.</li>
 *   <li>Every multiplication with a result of 9 bits or more goes to a DSP48E2, a product with a constant included
 *       ({@code a * 5}); write constant products as shifts and adds to get LUTs.</li>
 *   <li>Registers around a multiplier stay flip-flops (they are not packed into the DSP's pipeline registers).</li>
 *   <li>Sums of many terms are merged into one multi-operand adder (a carry-save tree of LUTs and one carry chain),
 *       not kept as a chain of two-input adders, unless the partial sums are marked {@code (* keep *)}.</li>
 *   <li>By default, {@code synth_xilinx} maps logic onto 7-, 8- and 9-input LUTs built with MUXF7/8/9. On adder trees
 *       this costs about twice the LUTs of {@code -nowidelut} and adds MUXF cells (900 adders: 30,096 LUT and
 *       20,220 MUXF against 14,327 LUT), with 2.3 times the CPU time and 4 times the memory;
 *       {@code withSynthOptions(List.of("-nowidelut"))} gives the leaner mapping.</li>
 * </ul>
 *
 * <h2>Run time</h2>
 *
 * <p>Every run pays about 2 s to read the Xilinx cell library. Measured with yosys 0.23 on one core of the
 * development machine (CPU time, yosys and ABC): 900 adders of 12 to 16 bits in one module take 26 s with
 * {@code -nowidelut} (60 s without); 9,000 adders (about 150,000 LUTs) take 5.6 min and 2.1 GB with
 * {@code -nowidelut}, and without it had not finished after 25 min of CPU time and 9.5 GB (the wide-LUT mapping
 * grows faster than the design). Splitting the 9,000 adders over 10 modules does not make it faster, but the same
 * 9,000 adders as 10 instances of one 900-adder module take the 26 s of that module, since yosys synthesises a
 * module once.
 */
package io.hgq4j.codegen.synth;

/**
 * Resource estimates from yosys: {@link io.hgq4j.codegen.synth.YosysSynthesis} runs {@code synth_xilinx} on Verilog
 * sources and returns a {@link io.hgq4j.codegen.synth.SynthesisResult} with LUT, FF, CARRY, DSP and MUX counts per
 * layer module and for the whole design ({@link io.hgq4j.codegen.synth.CellClass} says which Xilinx primitives count
 * as what). These are yosys's cell counts, not vendor numbers.
 */
package io.hgq4j.codegen.synth;

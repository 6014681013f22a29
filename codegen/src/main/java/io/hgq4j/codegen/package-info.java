/**
 * Hardware generated from the firmware model: the Vitis HLS project of an accelerator ({@link
 * io.hgq4j.codegen.hls.HlsProject}), the vendor build scripts ({@link io.hgq4j.codegen.scripts.BuildScripts}), the
 * resource and latency report ({@link io.hgq4j.codegen.report.CompileReport}), tied together for a board by {@link
 * io.hgq4j.codegen.AcceleratorProject}; and the Verilog backend ({@link io.hgq4j.codegen.verilog.RtlProject}: shift-add
 * graphs for Dense and Conv, bit-exact fixed-point conversions, ROMs, an AXI-Stream wrapper, a Verilator testbench),
 * whose resources {@link io.hgq4j.codegen.synth} estimates with yosys.
 *
 * <h2>C simulation without vendor tools</h2>
 *
 * <p>The resources under {@code io/hgq4j/codegen/hls/include} are hgq4j's own headers {@code ap_int.h},
 * {@code ap_fixed.h}, {@code hls_stream.h} and {@code ap_axi_sdata.h}: an independent implementation (not the vendor's
 * headers) of the subset of the arbitrary-precision API that generated code uses ({@code ap_fixed}, {@code ap_ufixed},
 * {@code ap_int}, {@code ap_uint} with all quantization modes and the overflow modes WRAP, SAT, SAT_ZERO, SAT_SYM;
 * full-precision {@code + - *}, compound assignment, exact comparisons, {@code range()} and bit access;
 * {@code hls::stream}; {@code ap_axiu}/{@code ap_axis}), for widths up to 128 bits. Generated code includes them
 * by the vendor's file names, so it compiles with {@code g++ -std=c++14 -Wno-unknown-pragmas -I <include>} for
 * C simulation and with the vendor's headers under Vitis HLS. {@code ApTypesConformanceTest} checks them against the
 * vendor-produced fixed-point vectors; the file comments list the limits.
 */
package io.hgq4j.codegen;

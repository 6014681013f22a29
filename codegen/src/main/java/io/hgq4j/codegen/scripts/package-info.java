/**
 * Vendor build scripts for a generated HLS project: from C++ to a PYNQ overlay (Zynq) or an xclbin (Alveo).
 *
 * <p>{@link io.hgq4j.codegen.scripts.BuildScripts#write BuildScripts.write} takes a
 * {@link io.hgq4j.codegen.scripts.BuildSpec} and writes, next to the firmware that {@code hgq4j compile} generates:
 * <pre>
 * OUT/Makefile                  entry point; `make` lists the targets
 * OUT/hls/build_prj.tcl         Vitis HLS: C simulation, C synthesis, co-simulation, export
 * OUT/zynq/build_bitstream.tcl  Vivado (Zynq boards): block design, bitstream, PYNQ overlay
 * OUT/alveo/link.cfg            v++ link connectivity (Alveo cards)
 * </pre>
 *
 * <h2>The flow</h2>
 * <ol>
 *   <li><b>HLS</b> ({@code vitis-run --mode hls --tcl build_prj.tcl} from Vitis 2023.1 on, or
 *       {@code vitis_hls -f build_prj.tcl}): the top is {@code NAME_axis} on Zynq boards (flow target
 *       {@code vivado}, exported to the IP catalog under {@code hls/NAME_prj/solution1/impl/ip}) or
 *       {@code NAME_kernel} on Alveo cards (flow target {@code vitis}, exported as {@code alveo/NAME_kernel.xo}).
 *       Steps are switched with the environment variables {@code HGQ4J_RESET}, {@code HGQ4J_CSIM},
 *       {@code HGQ4J_SYNTH}, {@code HGQ4J_COSIM} and {@code HGQ4J_EXPORT} (1 or 0), because {@code vitis-run}
 *       cannot hand {@code -tclargs} to a script.</li>
 *   <li><b>Zynq</b> ({@code vivado -mode batch -source build_bitstream.tcl}): a block design with the processing
 *       system ({@code processing_system7} or {@code zynq_ultra_ps_e}, with the board preset when Vivado knows the
 *       board), PL clock 0 at the HLS clock, an AXI DMA {@code axi_dma_0} in simple mode whose MM2S stream feeds the
 *       free-running IP {@code NAME_0} and whose S2MM stream takes its output back to memory through the HP0 port,
 *       and the DMA registers on the PS master port. The DMA's length registers are as wide as the largest
 *       transfer needs ({@link io.hgq4j.codegen.scripts.BuildSpec#dmaLengthWidth(long)}). The bitstream and the
 *       hardware handoff are copied to {@code zynq/overlay/NAME.bit} and {@code NAME.hwh}: copy both to the board
 *       and load the {@code .bit} as a PYNQ overlay.</li>
 *   <li><b>Alveo</b> ({@code v++ -l -t hw --platform P --config alveo/link.cfg -o alveo/NAME.xclbin
 *       alveo/NAME_kernel.xo}): one compute unit {@code NAME_kernel_1} with both buffers in the card's first HBM
 *       or DDR bank ({@link io.hgq4j.boards.AlveoMemory#defaultBank(String)}). The kernel object
 *       comes from HLS rather than from {@code v++ -c}, so simulation, synthesis and the kernel share one
 *       configuration (part, clock, flags).</li>
 * </ol>
 *
 * <h2>On a machine with the vendor tools</h2>
 * <pre>
 * source VITIS_INSTALL_DIR/settings64.sh     # or Vivado's; puts vitis-run, vivado, v++ on PATH
 * cd OUT
 * make csim                    # C simulation against tb_data
 * make synth                   # C synthesis; reports in hls/NAME_prj/solution1/syn/report
 * make cosim                   # C/RTL co-simulation
 * make bitstream               # Zynq: runs synth and ip as needed, then Vivado; JOBS=8 for more parallelism
 * make xclbin                  # Alveo: runs synth and ip as needed, then v++ (PLATFORM=... to override)
 * make ip COSIM=1              # co-simulate before exporting, whatever the default
 * </pre>
 * Each target runs the steps before it that are out of date (stamps in {@code hls/.stamps});
 * {@code make clean} removes what the tools wrote.
 */
package io.hgq4j.codegen.scripts;

/**
 * Zynq boards the PYNQ way: the overlay's {@code .bit} ({@link io.hgq4j.runtime.zynq.BitstreamFile}) loaded through
 * the Linux FPGA manager ({@link io.hgq4j.runtime.zynq.FpgaManager}), the AXI DMA found in the {@code .hwh}
 * ({@link io.hgq4j.runtime.zynq.HardwareHandoff}), its registers mapped from {@code /dev/mem}
 * ({@link io.hgq4j.runtime.zynq.DevMemRegisters}), u-dma-buf buffers ({@link io.hgq4j.runtime.zynq.UdmaBuffer}) and
 * the PG021 simple-mode driver ({@link io.hgq4j.runtime.zynq.AxiDma}), put together by
 * {@link io.hgq4j.runtime.zynq.ZynqDevice}.
 *
 * <p>The same driver runs against an emulated board ({@link io.hgq4j.runtime.zynq.EmulatedZynqBoard}): a
 * register-level model of the AXI DMA with the emulator's accelerator on its streams and simulated time, with faults
 * to inject, so the driver's error paths are tested without hardware.
 */
package io.hgq4j.runtime.zynq;

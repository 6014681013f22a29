/**
 * Alveo cards through XRT: a JNA binding of XRT's C API ({@code libxrt_coreutil}), a pure-Java xclbin reader, and the
 * device that runs an artifact's HLS kernel.
 *
 * <p>{@link io.hgq4j.runtime.xrt.XrtProvider} opens an {@link io.hgq4j.runtime.xrt.XrtDevice} after checking the
 * artifact's xclbin ({@link io.hgq4j.runtime.xrt.Xclbin}) and finding XRT ({@link io.hgq4j.runtime.xrt.XrtLocator})
 * in a state where loading it cannot abort the JVM.
 */
package io.hgq4j.runtime.xrt;

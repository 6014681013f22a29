/**
 * Devices that run a compiled model: XRT (Alveo), PYNQ-style Zynq, and the emulator as fallback.
 *
 * <p>{@link io.hgq4j.runtime.Devices#open} picks one for an {@link io.hgq4j.runtime.Artifact} (a build folder of
 * {@code hgq4j compile}); every {@link io.hgq4j.runtime.Device} takes real inputs or raw packed words
 * ({@link io.hgq4j.runtime.SampleCodec}, the manifest's layout) and returns the same codes bit for bit.
 */
package io.hgq4j.runtime;

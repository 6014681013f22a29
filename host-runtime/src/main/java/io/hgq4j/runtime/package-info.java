/**
 * Devices that run a compiled model: XRT (Alveo), PYNQ-style Zynq, and the emulator as fallback.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.runtime;

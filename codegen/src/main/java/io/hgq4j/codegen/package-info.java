/**
 * HLS C++ and Verilog generated from the firmware model, and the Vivado/v++ build scripts.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.codegen;

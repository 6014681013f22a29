/**
 * The board catalogue: FPGA part, clocks, resources and platform of every supported board, as data.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.boards;

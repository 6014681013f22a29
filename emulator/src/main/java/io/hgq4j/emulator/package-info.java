/**
 * A bit-exact, cycle-approximate software model of the generated accelerator.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.emulator;

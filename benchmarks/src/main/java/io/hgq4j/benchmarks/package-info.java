/**
 * Benchmarks (JMH and load generators). Nothing depends on this module.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.benchmarks;

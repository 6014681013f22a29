/**
 * JUnit 5 support for tests that pin a compiled model's behaviour on a laptop: {@link io.hgq4j.testkit.CompiledModel}
 * opens a build folder of {@code hgq4j compile} on the bit-exact emulator (or a board) and injects the device,
 * {@link io.hgq4j.testkit.Golden} records and reads golden files of exact output codes, and
 * {@link io.hgq4j.testkit.ModelAssertions} checks a device against them, its predicted latency and its accuracy.
 */
package io.hgq4j.testkit;

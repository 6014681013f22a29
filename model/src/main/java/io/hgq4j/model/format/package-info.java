/**
 * The {@code .hgq} file: a zip of a JSON manifest and NumPy arrays, written deterministically and read with full
 * validation. Entry point: {@link io.hgq4j.model.format.HgqFile}.
 */
package io.hgq4j.model.format;

/**
 * The board catalogue: FPGA part, clocks, resources and platform of every supported board, as data.
 *
 * <p>{@link io.hgq4j.boards.BoardCatalog#builtIn()} holds the boards that ship with hgq4j (one JSON file per board
 * under {@code io/hgq4j/boards/}); {@link io.hgq4j.boards.BoardCatalog#withFile(java.nio.file.Path)} adds a user's
 * own from a YAML or JSON file. A bad file gives a {@link io.hgq4j.boards.BoardFileException} with a one-line message
 * naming the file and the field.
 */
package io.hgq4j.boards;

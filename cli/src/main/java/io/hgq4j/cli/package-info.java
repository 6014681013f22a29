/**
 * The {@code hgq4j} command line (picocli): one subcommand class per command, one-line errors.
 */
package io.hgq4j.cli;

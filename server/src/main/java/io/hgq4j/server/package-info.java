/**
 * A low-latency inference server on Netty: Open Inference Protocol and a binary protocol.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.server;

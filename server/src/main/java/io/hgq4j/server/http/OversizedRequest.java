package io.hgq4j.server.http;

/**
 * Handed on by {@link OipAggregator} in place of a request whose body exceeds the limit, so that its 413 answer
 * takes its turn among the connection's responses.
 *
 * @param keepAlive whether the connection may be kept (the aggregator discards the rest of the body)
 * @param limit     the limit in bytes
 */
record OversizedRequest(boolean keepAlive, int limit) {
}

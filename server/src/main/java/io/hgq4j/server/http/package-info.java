/**
 * The Open Inference Protocol (KServe v2 REST) front end over HTTP/1.1, with Triton's binary tensor data extension:
 * {@link io.hgq4j.server.http.OipFrontEnd}.
 */
package io.hgq4j.server.http;

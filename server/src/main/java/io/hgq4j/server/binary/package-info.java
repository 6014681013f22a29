/**
 * The binary protocol: length-prefixed frames over TCP for the lowest latency, served by {@link
 * io.hgq4j.server.binary.BinaryFrontEnd} and spoken by {@link io.hgq4j.server.binary.BinaryClient}.
 *
 * <h2>Framing</h2>
 * <p><b>Every multi-byte field is little-endian</b>, the length prefix included. A frame is
 * <table class="striped">
 * <caption>Frame</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>0</td><td>u32</td><td>length: the bytes after this field (the payload)</td></tr>
 * <tr><td>4</td><td>length bytes</td><td>payload: a request or a response</td></tr>
 * </table>
 *
 * <h2>Requests</h2>
 * <p>Every request, in every version, starts with the same 10 bytes, so a server can always echo the request id:
 * <table class="striped">
 * <caption>Request header</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>0</td><td>u8</td><td>version: 1</td></tr>
 * <tr><td>1</td><td>u8</td><td>type: 1 INFER, 2 METADATA</td></tr>
 * <tr><td>2</td><td>u64</td><td>request id, chosen by the client and echoed in the response (0 is best avoided:
 * the server answers frames it cannot read with id 0)</td></tr>
 * <tr><td>10</td><td>u16</td><td>n: model name length in bytes, 1–64</td></tr>
 * <tr><td>12</td><td>n bytes</td><td>model name, UTF-8 (letters, digits, {@code _ . -}; see
 * {@link io.hgq4j.server.ModelName})</td></tr>
 * </table>
 * <p>INFER continues (offsets after the name, at 12 + n):
 * <table class="striped">
 * <caption>INFER request body</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>+0</td><td>u8</td><td>input datatype: 1 FP32, 2 FP64</td></tr>
 * <tr><td>+1</td><td>u32</td><td>count: samples, at least 1</td></tr>
 * <tr><td>+5</td><td>u32</td><td>deadline in µs from arrival; 0 = the server's default</td></tr>
 * <tr><td>+9</td><td>count × inputSize values</td><td>inputs, sample after sample, FP32 (4 bytes) or FP64 (8 bytes)
 * each; the frame must end exactly after them</td></tr>
 * </table>
 * <p>METADATA has no body: the frame ends after the name.
 *
 * <h2>Responses</h2>
 * <table class="striped">
 * <caption>Response header</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>0</td><td>u8</td><td>version: 1</td></tr>
 * <tr><td>1</td><td>u8</td><td>type: that of the request (0 when the request's type was unknown)</td></tr>
 * <tr><td>2</td><td>u8</td><td>status: 0 OK, else {@link io.hgq4j.server.InferenceException.Status#code()}:
 * 1 BAD_REQUEST, 2 NOT_FOUND, 3 TOO_LARGE, 4 UNAVAILABLE (queue full, deadline passed, shutting down),
 * 5 DEVICE_ERROR</td></tr>
 * <tr><td>3</td><td>u64</td><td>request id (0 when it could not be read)</td></tr>
 * </table>
 * <p>Status ≠ 0 (any type):
 * <table class="striped">
 * <caption>Error body</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>11</td><td>u16</td><td>m: message length in bytes (at most 4096)</td></tr>
 * <tr><td>13</td><td>m bytes</td><td>message, UTF-8</td></tr>
 * </table>
 * <p>INFER, status 0:
 * <table class="striped">
 * <caption>INFER response body</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>11</td><td>u8</td><td>output datatype: 1 FP32 (the model's outputs all fit a float exactly),
 * 2 FP64</td></tr>
 * <tr><td>12</td><td>u32</td><td>count: samples</td></tr>
 * <tr><td>16</td><td>u32</td><td>k: output values per sample</td></tr>
 * <tr><td>20</td><td>count × k values</td><td>outputs, sample after sample, in the output datatype</td></tr>
 * </table>
 * <p>METADATA, status 0: the input tensor, then the output tensor, each as
 * <table class="striped">
 * <caption>Tensor description</caption>
 * <tr><th>Offset</th><th>Type</th><th>Field</th></tr>
 * <tr><td>+0</td><td>u32</td><td>values per sample</td></tr>
 * <tr><td>+4</td><td>u8</td><td>datatype: 1 FP32, 2 FP64 (for the input, the preferred one; both are
 * accepted)</td></tr>
 * <tr><td>+5</td><td>u8</td><td>r: rank of one sample (batch dimension excluded)</td></tr>
 * <tr><td>+6</td><td>r × u32</td><td>dimensions</td></tr>
 * </table>
 *
 * <h2>Pipelining</h2>
 * <p>A client may send any number of requests without waiting. Answers come back in the order they complete,
 * which need not be the order sent; the request id matches them. Requests answered without running a model
 * (metadata, errors found while decoding) are written at once.
 *
 * <h2>Errors and the connection</h2>
 * <ul>
 * <li>A frame whose length is at most {@link io.hgq4j.server.ServerConfig#maxRequestBytes()} is read whole and every
 * field checked: an unknown version or type, a bad name, an unknown input datatype, count 0, a payload whose size is
 * not count × inputSize × width, or bytes after the last field get a BAD_REQUEST answer (an unknown model:
 * NOT_FOUND) naming the problem, and the connection stays open: the framing is intact. A frame too short to hold
 * the 10-byte request header is answered with request id 0.</li>
 * <li>A frame longer than the limit is not buffered. When its first 10 bytes show version 1, it is answered with
 * TOO_LARGE and its request id, and its bytes are skipped as they arrive; the connection stays usable once they
 * have. When they show another version, or the length is 2³¹ or more, the stream is taken for garbage and the
 * connection is closed without an answer.</li>
 * <li>The server closes idle connections after {@link io.hgq4j.server.ServerConfig#idleTimeout()}.</li>
 * </ul>
 */
package io.hgq4j.server.binary;

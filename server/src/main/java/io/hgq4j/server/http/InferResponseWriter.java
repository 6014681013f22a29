package io.hgq4j.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hgq4j.server.InferenceResult;
import io.hgq4j.server.ServedModel;
import io.hgq4j.server.TensorSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes an infer response: {@code {"model_name", "model_version": "1", "id"?, "outputs": [{"name", "datatype",
 * "shape", "data"}]}}, FP32 values as floats and FP64 values as doubles (both exact); or, when binary output was
 * asked for, the JSON header with {@code parameters.binary_data_size} instead of {@code data}, followed by the
 * little-endian values, with {@code Inference-Header-Content-Length} set.
 */
final class InferResponseWriter {

    /** The response header naming the length of the JSON part of a binary response. */
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    private InferResponseWriter() {
    }

    /** The reply for {@code result}. */
    static HttpReply write(ByteBufAllocator alloc, ServedModel model, InferRequest request, InferenceResult result) {
        TensorSpec out = model.output();
        boolean fp32 = out.datatype().equals("FP32");
        int values = result.count() * out.sampleSize();
        int binaryBytes = request.binaryOutput() ? values * (fp32 ? 4 : 8) : 0;
        ByteBuf body = alloc.buffer(request.binaryOutput() ? 256 + binaryBytes : 64 + values * 12);
        try {
            try (JsonGenerator g = Json.FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(body))) {
                g.writeStartObject();
                g.writeStringField("model_name", model.name());
                g.writeStringField("model_version", OipRouter.VERSION);
                if (request.id() != null) {
                    g.writeStringField("id", request.id());
                }
                g.writeArrayFieldStart("outputs");
                g.writeStartObject();
                g.writeStringField("name", out.name());
                g.writeStringField("datatype", out.datatype());
                g.writeArrayFieldStart("shape");
                g.writeNumber(result.count());
                for (int i = 1; i < out.shape().size(); i++) {
                    g.writeNumber(out.shape().get(i));
                }
                g.writeEndArray();
                if (request.binaryOutput()) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", binaryBytes);
                    g.writeEndObject();
                } else {
                    g.writeArrayFieldStart("data");
                    for (int i = 0; i < values; i++) {
                        if (fp32) {
                            g.writeNumber((float) result.value(i));
                        } else {
                            g.writeNumber(result.value(i));
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            if (!request.binaryOutput()) {
                return HttpReply.json(HttpResponseStatus.OK, body);
            }
            int headerLength = body.readableBytes();
            for (int i = 0; i < values; i++) {
                if (fp32) {
                    body.writeFloatLE((float) result.value(i));
                } else {
                    body.writeDoubleLE(result.value(i));
                }
            }
            return new HttpReply(HttpResponseStatus.OK, HttpHeaderValues.APPLICATION_OCTET_STREAM.toString(), body,
                    Map.of(HEADER_LENGTH, Integer.toString(headerLength)));
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            body.release();
            throw e;
        }
    }
}

package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException;
import io.hgq4j.server.InferenceResult;
import io.hgq4j.server.ServedModel;

/** The messages the server's binary pipeline passes between its handlers (none holds a buffer). */
final class Messages {

    private Messages() {
    }

    /** What the request decoder makes of one frame. */
    sealed interface Request permits Infer, Metadata, Rejected {
        /** The request id (0 when it could not be read). */
        long id();
    }

    /**
     * A valid inference request.
     *
     * @param deadline the {@link System#nanoTime()} it is due by, or 0 for the server default
     */
    record Infer(long id, String model, double[] inputs, int count, long deadline) implements Request {
    }

    /** A valid metadata request for a served model. */
    record Metadata(long id, ServedModel model) implements Request {
    }

    /** A frame answered with an error without running anything (malformed, unknown model, too large). */
    record Rejected(long id, int type, InferenceException.Status status, String message) implements Request {
    }

    /** What the response encoder writes. */
    sealed interface Response permits InferOk, MetadataOk, Failed {
    }

    /** The outputs of an inference request. */
    record InferOk(long id, InferenceResult result) implements Response {
    }

    /** A model's description. */
    record MetadataOk(long id, ServedModel model) implements Response {
    }

    /** An error answer. */
    record Failed(long id, int type, InferenceException.Status status, String message) implements Response {
    }
}

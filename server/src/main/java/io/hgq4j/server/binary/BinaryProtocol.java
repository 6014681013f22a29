package io.hgq4j.server.binary;

import io.hgq4j.server.InferenceException;

/**
 * The constants of the binary protocol (layout in the {@linkplain io.hgq4j.server.binary package documentation}).
 * Every multi-byte field is little-endian.
 */
public final class BinaryProtocol {

    /** The protocol version this server and client speak. */
    public static final int VERSION = 1;

    /** Request and response type: run samples through a model. */
    public static final int TYPE_INFER = 1;
    /** Request and response type: describe a model's input and output. */
    public static final int TYPE_METADATA = 2;
    /** Response type of an error answering a frame whose type could not be read. */
    public static final int TYPE_UNKNOWN = 0;

    /** Datatype byte: IEEE 754 binary32, little-endian. */
    public static final int DTYPE_FP32 = 1;
    /** Datatype byte: IEEE 754 binary64, little-endian. */
    public static final int DTYPE_FP64 = 2;

    /** Status byte of a successful response. */
    public static final int STATUS_OK = 0;

    /** Bytes of the length prefix that starts every frame. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Bytes of the header every request starts with, in every version: version, type, request id. */
    public static final int REQUEST_PREFIX_BYTES = 1 + 1 + 8;
    /** Bytes of the header every response starts with: version, type, status, request id. */
    public static final int RESPONSE_HEADER_BYTES = 1 + 1 + 1 + 8;
    /** The longest model name, in bytes. */
    public static final int MAX_NAME_BYTES = 64;
    /** The longest error message a server sends, in bytes (longer ones are cut). */
    public static final int MAX_MESSAGE_BYTES = 4096;

    private BinaryProtocol() {
    }

    /** The bytes per value of a datatype byte, or 0 if it names none. */
    public static int width(int dtype) {
        return dtype == DTYPE_FP32 ? 4 : dtype == DTYPE_FP64 ? 8 : 0;
    }

    /** The datatype byte of a {@link io.hgq4j.server.TensorSpec} datatype ({@code FP32} or {@code FP64}). */
    public static int dtype(String datatype) {
        return "FP32".equals(datatype) ? DTYPE_FP32 : DTYPE_FP64;
    }

    /** The name of a datatype byte ({@code FP32}, {@code FP64}), for messages. */
    public static String datatypeName(int dtype) {
        return dtype == DTYPE_FP32 ? "FP32" : dtype == DTYPE_FP64 ? "FP64" : "dtype " + dtype;
    }

    /** The status a non-zero status byte stands for, or {@code null} if it is not one this version defines. */
    public static InferenceException.Status status(int code) {
        for (InferenceException.Status s : InferenceException.Status.values()) {
            if (s.code() == code) {
                return s;
            }
        }
        return null;
    }
}

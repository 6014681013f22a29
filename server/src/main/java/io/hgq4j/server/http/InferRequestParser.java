package io.hgq4j.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hgq4j.server.InferenceException;
import io.hgq4j.server.ServedModel;
import io.hgq4j.server.TensorSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an Open Inference Protocol infer request with Jackson's streaming parser (no tree), with or without the
 * binary tensor data extension, and checks it against the model. Every problem is an {@link InferenceException}
 * with status {@code BAD_REQUEST} and a message naming the field.
 *
 * <p>Rules: exactly one input tensor, named as the model's input; datatype FP32, FP64 or an integer type (values
 * converted exactly to double; FP32 values are rounded to float first); shape {@code [N, ...]} equal to the model's
 * input shape after the batch dimension, {@code N ≥ 1}; {@code data} flat or nested (only the number of values is
 * checked against the shape), or {@code parameters.binary_data_size} bytes of the binary part. Unknown fields are
 * ignored. Request parameters: {@code binary_data_output} (bool: binary output by default), {@code timeout_us}
 * (integer &gt; 0: the deadline, from when the request is parsed). Output parameter {@code binary_data} (or
 * {@code binary_data_output}) overrides the request's choice.
 */
final class InferRequestParser {

    private final ServedModel model;
    private final JsonParser p;
    private final ByteBuf binary;
    private int binaryUsed;
    private String id;
    private boolean binaryOutput;
    private long timeoutMicros;
    private double[] inputs;
    private int count;
    private int inputCount;

    private InferRequestParser(ServedModel model, JsonParser parser, ByteBuf binary) {
        this.model = model;
        this.p = parser;
        this.binary = binary;
    }

    /**
     * Parses {@code body}: all JSON when {@code headerLength} is −1, else a JSON header of {@code headerLength} bytes
     * followed by binary tensor data. Does not release {@code body}.
     *
     * @throws InferenceException (BAD_REQUEST) naming what is wrong
     */
    static InferRequest parse(ServedModel model, ByteBuf body, int headerLength) {
        int total = body.readableBytes();
        if (headerLength == 0) {
            throw bad("Inference-Header-Content-Length: 0 (a raw binary request) is not supported; send a JSON header");
        }
        if (headerLength > total) {
            throw bad("Inference-Header-Content-Length is " + headerLength + " but the body has only " + total + " bytes");
        }
        int jsonLength = headerLength < 0 ? total : headerLength;
        ByteBuf json = body.slice(body.readerIndex(), jsonLength);
        ByteBuf binary = headerLength < 0 ? null : body.slice(body.readerIndex() + jsonLength, total - jsonLength);
        try (JsonParser parser = Json.FACTORY.createParser((java.io.InputStream) new ByteBufInputStream(json))) {
            InferRequestParser r = new InferRequestParser(model, parser, binary);
            return r.request();
        } catch (StreamConstraintsException e) {
            throw bad("request too complex: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw bad("malformed JSON" + where(e.getLocation()) + ": " + shorten(e.getOriginalMessage(), 200));
        } catch (IOException e) {
            throw bad("unreadable JSON: " + shorten(e.getMessage(), 200));
        }
    }

    private InferRequest request() throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw bad(first == null ? "the request body is empty; it must be a JSON object"
                    : "the request body must be a JSON object");
        }
        boolean sawInputs = false;
        List<String> outputNames = new ArrayList<>();
        Boolean outputBinary = null; // an output's own binary_data overrides the request's binary_data_output
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = string(value, "id");
                case "inputs" -> {
                    sawInputs = true;
                    expect(value, JsonToken.START_ARRAY, "inputs", "an array of tensors");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        String name = "inputs[" + inputCount + "]";
                        expect(p.currentToken(), JsonToken.START_OBJECT, name, "an object");
                        if (inputCount > 0) {
                            throw bad("'inputs' has more than one tensor; model '" + model.name()
                                    + "' takes one, '" + model.input().name() + "'");
                        }
                        input(name);
                        inputCount++;
                    }
                }
                case "outputs" -> {
                    expect(value, JsonToken.START_ARRAY, "outputs", "an array");
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        String name = "outputs[" + i++ + "]";
                        expect(p.currentToken(), JsonToken.START_OBJECT, name, "an object");
                        Boolean own = output(name, outputNames);
                        outputBinary = own != null ? own : outputBinary;
                    }
                }
                case "parameters" -> requestParameters(value);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw bad("unexpected data after the JSON object" + where(p.currentLocation()));
        }
        if (!sawInputs) {
            throw bad("missing field 'inputs'");
        }
        if (inputCount == 0) {
            throw bad("'inputs' is empty; model '" + model.name() + "' takes one tensor, '" + model.input().name() + "'");
        }
        for (String name : outputNames) {
            if (!name.equals(model.output().name())) {
                throw bad("requested output '" + shorten(name) + "' is not an output of model '" + model.name()
                        + "'; its output is '" + model.output().name() + "'");
            }
        }
        if (binary != null && binaryUsed != binary.readableBytes()) {
            throw bad("the body has " + binary.readableBytes() + " bytes of binary tensor data but the tensors claim "
                    + binaryUsed + " (parameters.binary_data_size)");
        }
        return new InferRequest(id, inputs, count, outputBinary != null ? outputBinary : binaryOutput,
                timeoutMicros);
    }

    private void requestParameters(JsonToken value) throws IOException {
        expect(value, JsonToken.START_OBJECT, "parameters", "an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "binary_data_output" -> binaryOutput = bool(v, "parameters.binary_data_output");
                case "timeout_us" -> {
                    long us = integer(v, "parameters.timeout_us");
                    if (us <= 0) {
                        throw bad("'parameters.timeout_us' must be more than 0, not " + us);
                    }
                    timeoutMicros = us;
                }
                default -> p.skipChildren();
            }
        }
    }

    /** Reads a requested output; returns its binary_data parameter, or null when it has none. */
    private Boolean output(String where, List<String> names) throws IOException {
        Boolean binaryData = null;
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = string(value, where + ".name");
                case "parameters" -> {
                    expect(value, JsonToken.START_OBJECT, where + ".parameters", "an object");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if (key.equals("binary_data") || key.equals("binary_data_output")) {
                            binaryData = bool(v, where + ".parameters." + key);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw bad("missing field '" + where + ".name'");
        }
        names.add(name);
        return binaryData;
    }

    private void input(String where) throws IOException {
        String name = null;
        String datatype = null;
        long[] shape = null;
        long binarySize = -1;
        Values data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = string(value, where + ".name");
                case "datatype" -> datatype = string(value, where + ".datatype");
                case "shape" -> shape = shape(value, where + ".shape");
                case "data" -> data = data(value, where + ".data");
                case "parameters" -> {
                    expect(value, JsonToken.START_OBJECT, where + ".parameters", "an object");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if (key.equals("binary_data_size")) {
                            binarySize = integer(v, where + ".parameters.binary_data_size");
                            if (binarySize < 0) {
                                throw bad("'" + where + ".parameters.binary_data_size' must be 0 or more");
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        TensorSpec spec = model.input();
        if (name == null) {
            throw bad("missing field '" + where + ".name'");
        }
        if (!name.equals(spec.name())) {
            throw bad("input '" + shorten(name) + "' is not an input of model '" + model.name() + "'; its input is '"
                    + spec.name() + "'");
        }
        if (datatype == null) {
            throw bad("missing field '" + where + ".datatype'");
        }
        TensorDatatype type = TensorDatatype.parse(datatype);
        if (type == null) {
            throw bad("'" + where + ".datatype' " + shorten(datatype) + " is not supported; use FP32, FP64 or"
                    + " INT8..INT64, UINT8..UINT64");
        }
        if (shape == null) {
            throw bad("missing field '" + where + ".shape'");
        }
        checkShape(where, shape, spec);
        count = (int) shape[0];
        long values = (long) count * spec.sampleSize();
        if (values > Integer.MAX_VALUE / 8) {
            throw bad("'" + where + ".shape' " + Arrays.toString(shape) + " has too many values");
        }
        if (binarySize >= 0) {
            if (data != null) {
                throw bad("'" + where + "' has both 'data' and parameters.binary_data_size; send one");
            }
            if (binary == null) {
                throw bad("'" + where + "' has parameters.binary_data_size but the request has no"
                        + " Inference-Header-Content-Length header, so no binary data");
            }
            long need = values * type.bytes();
            if (binarySize != need) {
                throw bad("'" + where + ".parameters.binary_data_size' is " + binarySize + " bytes; shape "
                        + Arrays.toString(shape) + " of " + type + " needs " + need);
            }
            if (binarySize > binary.readableBytes() - binaryUsed) {
                throw bad("'" + where + ".parameters.binary_data_size' is " + binarySize + " bytes but only "
                        + (binary.readableBytes() - binaryUsed) + " bytes of binary data follow the JSON header");
            }
            inputs = new double[(int) values];
            String problem = type.read(binary, binary.readerIndex() + binaryUsed, (int) values, inputs);
            if (problem != null) {
                throw bad("'" + where + "' binary data: " + problem);
            }
            binaryUsed += (int) binarySize;
        } else {
            if (data == null) {
                throw bad("missing field '" + where + ".data' (or parameters.binary_data_size)");
            }
            if (data.size != values) {
                throw bad("'" + where + ".data' has " + data.size + " values; shape " + Arrays.toString(shape)
                        + " needs " + values);
            }
            inputs = data.convert(type, where + ".data");
        }
    }

    private void checkShape(String where, long[] shape, TensorSpec spec) {
        boolean ok = shape.length == spec.shape().size() && shape[0] >= 1 && shape[0] <= Integer.MAX_VALUE;
        for (int i = 1; ok && i < shape.length; i++) {
            ok = shape[i] == spec.shape().get(i);
        }
        if (!ok) {
            throw bad("'" + where + ".shape' " + Arrays.toString(shape) + " does not match model '" + model.name()
                    + "' input " + spec.shape() + " (the first dimension is the batch, at least 1)");
        }
    }

    private long[] shape(JsonToken value, String where) throws IOException {
        expect(value, JsonToken.START_ARRAY, where, "an array of integers");
        long[] dims = new long[4];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            long d = integer(p.currentToken(), where + "[" + n + "]");
            if (d < 0) {
                throw bad("'" + where + "[" + n + "]' is " + d + "; dimensions are 0 or more");
            }
            if (n == dims.length) {
                if (n == 32) {
                    throw bad("'" + where + "' has more than 32 dimensions");
                }
                dims = Arrays.copyOf(dims, n * 2);
            }
            dims[n++] = d;
        }
        return Arrays.copyOf(dims, n);
    }

    /** Tensor values as read, before the datatype (which may come later in the object) is known. */
    private static final class Values {
        double[] values = new double[256];
        int size;
        boolean fraction; // a number written with a fraction or exponent
        boolean inexact;  // an integer a double cannot hold
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int firstInexact = -1;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] convert(TensorDatatype type, String where) {
            double[] out = Arrays.copyOf(values, size);
            if (type == TensorDatatype.FP32) {
                for (int i = 0; i < size; i++) {
                    out[i] = (float) out[i];
                }
            } else if (!type.floating()) {
                if (fraction) {
                    throw bad("'" + where + "' has a number with a fraction or exponent; " + type + " takes integers");
                }
                if (inexact) {
                    throw bad("'" + where + "' value " + firstInexact + " is an integer a double cannot hold exactly");
                }
                if (size > 0 && (min < type.min() || max > type.max())) {
                    throw bad("'" + where + "' has values from " + min + " to " + max + "; " + type + " holds "
                            + type.min() + " to " + type.max());
                }
            }
            return out;
        }
    }

    private Values data(JsonToken value, String where) throws IOException {
        expect(value, JsonToken.START_ARRAY, where, "an array of numbers");
        Values v = new Values();
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw bad("'" + where + "' ends early");
            }
            switch (t) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_FLOAT -> {
                    v.fraction = true;
                    v.add(p.getDoubleValue());
                }
                case VALUE_NUMBER_INT -> {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        if (!v.inexact) {
                            v.firstInexact = v.size;
                        }
                        v.inexact = true;
                        v.add(p.getDoubleValue());
                    } else {
                        long l = p.getLongValue();
                        if (!TensorDatatype.exact(l) && !v.inexact) {
                            v.inexact = true;
                            v.firstInexact = v.size;
                        }
                        v.min = Math.min(v.min, l);
                        v.max = Math.max(v.max, l);
                        v.add(l);
                    }
                }
                default -> throw bad("'" + where + "' value " + v.size + " is " + describe(t) + "; expected a number");
            }
        }
        return v;
    }

    private String string(JsonToken t, String field) {
        expect(t, JsonToken.VALUE_STRING, field, "a string");
        try {
            return p.getText();
        } catch (IOException e) {
            throw bad("unreadable '" + field + "'");
        }
    }

    private boolean bool(JsonToken t, String field) {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw bad("'" + field + "' must be true or false, not " + describe(t));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private long integer(JsonToken t, String field) throws IOException {
        expect(t, JsonToken.VALUE_NUMBER_INT, field, "an integer");
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw bad("'" + field + "' is out of range");
        }
        return p.getLongValue();
    }

    private static void expect(JsonToken t, JsonToken wanted, String field, String what) {
        if (t != wanted) {
            throw bad("'" + field + "' must be " + what + ", not " + describe(t));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String shorten(String s) {
        return shorten(s, 64);
    }

    private static String shorten(String s, int limit) {
        if (s == null) {
            return "";
        }
        return s.length() <= limit ? s : s.substring(0, limit) + "...";
    }

    static InferenceException bad(String message) {
        return new InferenceException(InferenceException.Status.BAD_REQUEST, message);
    }
}

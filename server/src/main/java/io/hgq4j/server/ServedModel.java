package io.hgq4j.server;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.SampleCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * One model the server serves: its name, the device it runs on, its batcher, and its tensors as the protocol
 * describes them. The input is FP32 or FP64 (both are quantized exactly as the emulator quantizes them); the output
 * is FP32 when every output value is exact in a float (at most 24 significant bits), else FP64.
 */
public final class ServedModel implements AutoCloseable {

    private final String name;
    private final Device device;
    private final TensorSpec input;
    private final TensorSpec output;
    private final Batcher batcher;

    ServedModel(String name, Device device, ServerConfig config, ServerMetrics metrics) {
        this.name = name;
        this.device = device;
        FirmwareModel model = device.artifact().model();
        if (model.inputs().size() != 1) {
            throw new IllegalArgumentException("model has " + model.inputs().size() + " inputs; the server takes one");
        }
        input = new TensorSpec(model.inputs().get(0).name(), "FP32", batched(model.inputs().get(0).type().shape()));
        List<String> outputs = model.outputs();
        Shape outShape = outputs.size() == 1 ? model.outputType(outputs.get(0)).shape()
                : Shape.of(device.codec().outputSize());
        boolean exactInFloat = true;
        for (String o : outputs) {
            var t = model.outputType(o);
            for (int e = 0; e < t.size(); e++) {
                FixedType type = t.typeAt(e);
                exactInFloat &= type.isZero() || type.width() <= 24;
            }
        }
        output = new TensorSpec(String.join(",", outputs), exactInFloat ? "FP32" : "FP64", batched(outShape));
        this.batcher = new Batcher(this, config, metrics);
    }

    private static List<Integer> batched(Shape shape) {
        List<Integer> dims = new ArrayList<>();
        dims.add(-1);
        for (int d : shape.dims()) {
            dims.add(d);
        }
        return dims;
    }

    /** The name clients use. */
    public String name() {
        return name;
    }

    /** The device it runs on. */
    public Device device() {
        return device;
    }

    /** The build it was loaded from. */
    public Artifact artifact() {
        return device.artifact();
    }

    /** How samples are packed (and output codes read) for its device. */
    public SampleCodec codec() {
        return device.codec();
    }

    /** The input tensor. */
    public TensorSpec input() {
        return input;
    }

    /** The output tensor. */
    public TensorSpec output() {
        return output;
    }

    /** Its batcher. */
    Batcher batcher() {
        return batcher;
    }

    /** Whether it takes requests (its batcher runs). */
    public boolean ready() {
        return batcher.running();
    }

    /** Finishes the queued requests, then releases the device. */
    @Override
    public void close() {
        batcher.close();
        device.close();
    }
}

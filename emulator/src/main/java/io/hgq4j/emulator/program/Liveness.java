package io.hgq4j.emulator.program;

import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.LayerVisitor;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which elements of every tensor can influence an output. HGQ prunes activations by giving them zero width, so a
 * pruned quantizer element makes the accumulator feeding it dead, and that accumulator's weights make nothing live;
 * the program computes only live elements. Walks the model backwards from its outputs.
 */
final class Liveness implements LayerVisitor<Void> {

    private final FirmwareModel model;
    private final Map<String, boolean[]> live = new HashMap<>();
    private boolean[] out;

    private Liveness(FirmwareModel model) {
        this.model = model;
    }

    /** The live elements of every layer's output. */
    static Map<String, boolean[]> of(FirmwareModel model) {
        Liveness liveness = new Liveness(model);
        for (String output : model.outputs()) {
            Arrays.fill(liveness.mask(output), true);
        }
        List<Layer> layers = model.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            liveness.out = liveness.mask(layer.name());
            layer.accept(liveness);
        }
        return liveness.live;
    }

    private boolean[] mask(String layer) {
        return live.computeIfAbsent(layer, k -> new boolean[model.outputType(k).size()]);
    }

    /** Marks input element {@code index} of {@code layer} live unless it can only be zero. */
    private void need(String layer, int index) {
        if (!model.outputType(layer).typeAt(index).isZero()) {
            mask(layer)[index] = true;
        }
    }

    @Override
    public Void visitInput(Input layer) {
        return null;
    }

    @Override
    public Void visitDense(Dense layer) {
        int features = layer.inputFeatures();
        int units = layer.units();
        for (int j = 0; j < out.length; j++) {
            if (!out[j]) {
                continue;
            }
            int row = j / units;
            int unit = j % units;
            for (int i = 0; i < features; i++) {
                if (layer.kernel().raw(i * units + unit).signum() != 0) {
                    need(layer.input(), row * features + i);
                }
            }
        }
        return null;
    }

    @Override
    public Void visitConv(Conv layer) {
        SpatialGeometry g = layer.geometry(model.outputType(layer.input()).shape());
        int filters = layer.filters();
        for (int j = 0; j < out.length; j++) {
            if (!out[j]) {
                continue;
            }
            int co = j % filters;
            int oy = (j / filters) / g.outWidth();
            int ox = (j / filters) % g.outWidth();
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    for (int ci = 0; ci < g.channels(); ci++) {
                        int x = g.inputIndex(oy, ox, ky, kx, ci);
                        if (x >= 0 && layer.kernel().raw(layer.kernelIndex(ky, kx, ci, co)).signum() != 0) {
                            need(layer.input(), x);
                        }
                    }
                }
            }
        }
        return null;
    }

    @Override
    public Void visitPool(Pool layer) {
        SpatialGeometry g = layer.geometry(model.outputType(layer.input()).shape());
        int channels = g.channels();
        for (int j = 0; j < out.length; j++) {
            if (!out[j]) {
                continue;
            }
            int c = j % channels;
            int oy = (j / channels) / g.outWidth();
            int ox = (j / channels) % g.outWidth();
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    int x = g.inputIndex(oy, ox, ky, kx, c);
                    if (x >= 0) {
                        need(layer.input(), x);
                    }
                }
            }
        }
        return null;
    }

    @Override
    public Void visitReshape(Reshape layer) {
        elementwise(layer.input());
        return null;
    }

    @Override
    public Void visitRelu(Relu layer) {
        TensorType type = model.outputType(layer.name());
        for (int i = 0; i < out.length; i++) {
            if (out[i] && !type.typeAt(i).isZero()) {
                need(layer.input(), i);
            }
        }
        return null;
    }

    @Override
    public Void visitAdd(Add layer) {
        for (String input : layer.inputs()) {
            elementwise(input);
        }
        return null;
    }

    @Override
    public Void visitConcatenate(Concatenate layer) {
        List<Shape> shapes = layer.inputs().stream().map(i -> model.outputType(i).shape()).toList();
        for (int i = 0; i < out.length; i++) {
            if (out[i]) {
                int[] from = layer.source(shapes, i);
                need(layer.inputs().get(from[0]), from[1]);
            }
        }
        return null;
    }

    @Override
    public Void visitTableLookup(TableLookup layer) {
        elementwise(layer.input());
        return null;
    }

    /** Every output of a row depends on every input of the row (through the maximum and the sum). */
    @Override
    public Void visitSoftmax(Softmax layer) {
        int n = model.outputType(layer.input()).shape().lastDim();
        for (int start = 0; start < out.length; start += n) {
            boolean rowLive = false;
            for (int i = start; i < start + n; i++) {
                rowLive |= out[i];
            }
            for (int i = start; rowLive && i < start + n; i++) {
                need(layer.input(), i);
            }
        }
        return null;
    }

    @Override
    public Void visitQuantize(Quantize layer) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] && !layer.target().typeAt(i).isZero()) {
                need(layer.input(), i);
            }
        }
        return null;
    }

    private void elementwise(String input) {
        for (int i = 0; i < out.length; i++) {
            if (out[i]) {
                need(input, i);
            }
        }
    }
}

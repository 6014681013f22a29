package io.hgq4j.quantizer.export;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.AddNode;
import io.hgq4j.quantizer.nn.BitQuantizer;
import io.hgq4j.quantizer.nn.ConcatNode;
import io.hgq4j.quantizer.nn.ConvNode;
import io.hgq4j.quantizer.nn.DenseNode;
import io.hgq4j.quantizer.nn.DropoutNode;
import io.hgq4j.quantizer.nn.InputNode;
import io.hgq4j.quantizer.nn.Node;
import io.hgq4j.quantizer.nn.PoolNode;
import io.hgq4j.quantizer.nn.ReshapeNode;
import io.hgq4j.quantizer.nn.SoftmaxNode;
import io.hgq4j.quantizer.nn.TableActivationNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes a calibrated network as a firmware model. Each trained node becomes its IR layers: a dense or convolution
 * layer is {@code <name>} (the exact sum) then {@code <name>_q} (its output quantizer), then {@code <name>_relu} and
 * {@code <name>_relu_q} when a ReLU follows; average pooling and Add get a {@code <name>_q}; a table activation is
 * {@code <name>_in} (its uniform input type) then {@code <name>}, and so is a softmax (a {@link Softmax} layer with
 * its two tables). Dropout disappears.
 *
 * <p>HGQ's bias trick (hgq.md §3.4): where all output elements of a channel round to nearest at one LSB 2^−f, the
 * exported bias carries an extra 2^(−f−1) and the quantizer truncates, which is the same arithmetic and costs no
 * rounding adder in hardware.
 */
final class FirmwareExport {

    private final CalibratedNetwork model;
    private final Map<Node, String> outputOf = new IdentityHashMap<>();

    FirmwareExport(CalibratedNetwork model) {
        this.model = model;
    }

    FirmwareModel export(String name, Map<String, String> metadata, Map<String, Double> metrics) {
        FirmwareModel.Builder b = FirmwareModel.builder(name);
        for (Node node : model.network().nodes()) {
            outputOf.put(node, layers(node, b));
        }
        b.output(outputOf.get(model.network().output()));
        metadata.forEach(b::metadata);
        metrics.forEach(b::metric);
        return b.build();
    }

    private String in(Node node, int k) {
        return outputOf.get(node.inputs().get(k));
    }

    /** Adds the IR layers of {@code node} and returns the name of the one holding its output. */
    private String layers(Node node, FirmwareModel.Builder b) {
        String name = node.name();
        if (node instanceof InputNode n) {
            b.add(new Input(name, model.types(n.quantizer())));
            return name;
        }
        if (node instanceof DenseNode n) {
            CalibratedNetwork.Constants c = model.constants(n);
            TensorType types = model.types(n.outputQuantizer());
            BiasTrick trick = BiasTrick.of(types, c, n.units());
            b.add(new Dense(name, in(n, 0), c.kernel(), trick.bias()));
            return quantizeAndActivate(b, name, trick.types(), n.activation(), n.outputQuantizer());
        }
        if (node instanceof ConvNode n) {
            CalibratedNetwork.Constants c = model.constants(n);
            TensorType types = model.types(n.outputQuantizer());
            BiasTrick trick = BiasTrick.of(types, c, n.filters());
            b.add(new Conv(name, in(n, 0), c.kernel(), trick.bias(), n.strideHeight(), n.strideWidth(), n.padding()));
            return quantizeAndActivate(b, name, trick.types(), n.activation(), n.outputQuantizer());
        }
        if (node instanceof PoolNode n) {
            b.add(new Pool(name, in(n, 0), n.isMax() ? Pool.Reduction.MAX : Pool.Reduction.AVG, n.spatialRank(),
                    n.poolHeight(), n.poolWidth(), n.strideHeight(), n.strideWidth(), n.padding()));
            if (n.isMax()) {
                return name;
            }
            b.add(new Quantize(name + "_q", name, model.types(n.outputQuantizer())));
            return name + "_q";
        }
        if (node instanceof ReshapeNode n) {
            b.add(new Reshape(name, in(n, 0), shape(n.outputShape())));
            return name;
        }
        if (node instanceof AddNode n) {
            b.add(new Add(name, n.inputs().stream().map(outputOf::get).toList()));
            return quantizeAndActivate(b, name, model.types(n.outputQuantizer()), n.activation(), n.outputQuantizer());
        }
        if (node instanceof ConcatNode n) {
            b.add(new Concatenate(name, n.inputs().stream().map(outputOf::get).toList(), n.axis()));
            return name;
        }
        if (node instanceof DropoutNode n) {
            return in(n, 0);
        }
        if (node instanceof TableActivationNode n) {
            CalibratedNetwork.Table table = model.table(n);
            Shape shape = shape(n.outputShape());
            b.add(new Quantize(name + "_in", in(n, 0), TensorType.uniform(shape, table.input())));
            b.add(new TableLookup(name, name + "_in", n.function().keyword(),
                    FixedTensor.ofLongs(TensorType.uniform(Shape.of(table.codes().length), table.output()), table.codes())));
            return name;
        }
        if (node instanceof SoftmaxNode n) {
            SoftmaxTables t = model.softmax(n);
            b.add(new Quantize(name + "_in", in(n, 0), TensorType.uniform(shape(n.outputShape()), t.input())));
            b.add(new Softmax(name, name + "_in", t.expIndex(), table(t.exp(), t.expCodes()), t.invIndex(),
                    table(t.inverse(), t.invCodes()), t.output()));
            return name;
        }
        throw new IllegalStateException("no export for " + node.getClass().getSimpleName());
    }

    private String quantizeAndActivate(FirmwareModel.Builder b, String name, TensorType types, Activation activation,
                                       BitQuantizer q) {
        b.add(new Quantize(name + "_q", name, types));
        if (activation != Activation.RELU) {
            return name + "_q";
        }
        b.add(new Relu(name + "_relu", name + "_q"));
        b.add(new Quantize(name + "_relu_q", name + "_relu", model.reluTypes(q)));
        return name + "_relu_q";
    }

    private static FixedTensor table(FixedType entry, long[] codes) {
        return FixedTensor.ofLongs(TensorType.uniform(Shape.of(codes.length), entry), codes);
    }

    private static Shape shape(long[] dims) {
        return Shape.of(Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
    }

    /** The exported bias and quantizer types, with the half-LSB offset applied where a channel allows it. */
    private record BiasTrick(FixedTensor bias, TensorType types) {

        static BiasTrick of(TensorType types, CalibratedNetwork.Constants c, int channels) {
            // A channel qualifies when every non-zero element rounds to nearest at one LSB.
            Integer[] lsb = new Integer[channels];
            boolean[] ok = new boolean[channels];
            Arrays.fill(ok, true);
            for (int e = 0; e < types.size(); e++) {
                FixedType t = types.typeAt(e);
                int ch = e % channels;
                if (t.isZero()) {
                    continue;
                }
                if (t.quantization() != Quantization.RND || (lsb[ch] != null && lsb[ch] != t.lsbExponent())) {
                    ok[ch] = false;
                }
                lsb[ch] = t.lsbExponent();
            }
            FixedType[] biasTypes = new FixedType[channels];
            BigInteger[] biasCodes = new BigInteger[channels];
            for (int ch = 0; ch < channels; ch++) {
                FixedValue bias = c.bias().get(ch);
                if (lsb[ch] == null) {
                    bias = FixedValue.zero(FixedType.ZERO); // every element pruned: the bias feeds nothing
                } else if (ok[ch]) {
                    double shifted = c.biasValues()[ch] + Math.scalb(1.0, lsb[ch] - 1);
                    bias = TypeRules.constant(shifted, -(lsb[ch] - 1));
                }
                biasTypes[ch] = bias.type();
                biasCodes[ch] = bias.raw();
            }
            TensorType adjusted = TensorType.build(types.shape(), e -> {
                FixedType t = types.typeAt(e);
                return !t.isZero() && ok[e % channels] ? t.withModes(Quantization.TRN, t.overflow()) : t;
            });
            FixedTensor bias = FixedTensor.of(TensorType.of(Shape.of(channels), biasTypes), biasCodes);
            return new BiasTrick(bias, adjusted);
        }
    }
}

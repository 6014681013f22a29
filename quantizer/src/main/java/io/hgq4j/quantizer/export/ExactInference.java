package io.hgq4j.quantizer.export;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.LongCast;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.tensor.TensorType;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.AddNode;
import io.hgq4j.quantizer.nn.ConcatNode;
import io.hgq4j.quantizer.nn.ConvNode;
import io.hgq4j.quantizer.nn.WindowOps;
import io.hgq4j.quantizer.nn.DenseNode;
import io.hgq4j.quantizer.nn.DropoutNode;
import io.hgq4j.quantizer.nn.InputNode;
import io.hgq4j.quantizer.nn.Node;
import io.hgq4j.quantizer.nn.PoolNode;
import io.hgq4j.quantizer.nn.ReshapeNode;
import io.hgq4j.quantizer.nn.SoftmaxNode;
import io.hgq4j.quantizer.nn.TableActivationNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The quantizer's own inference of a calibrated network, in double precision over ND4J: every value is a dyadic
 * rational of well under 53 significant bits, so products and sums are exact, and rounding and wrapping are done
 * exactly on the scaled values. Written from the trained nodes and their calibrated types, independently of the
 * export; the emulator running the exported model must reproduce it bit for bit.
 */
final class ExactInference {

    private static final int BATCH = 1024;

    private final CalibratedNetwork model;
    private final Map<TensorType, Quantizer> quantizers = new IdentityHashMap<>();
    private final Map<Node, TensorType> softmaxInputs = new IdentityHashMap<>();

    ExactInference(CalibratedNetwork model) {
        this.model = model;
    }

    double[] run(SampleArray samples) {
        List<Node> nodes = model.network().nodes();
        Node output = nodes.get(nodes.size() - 1);
        long[] inputShape = model.network().input().outputShape();
        double[] result = new double[samples.count() * output.outputSize()];
        for (int from = 0; from < samples.count(); from += BATCH) {
            int to = Math.min(samples.count(), from + BATCH);
            long[] shape = new long[inputShape.length + 1];
            shape[0] = to - from;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            Map<Node, INDArray> values = new IdentityHashMap<>();
            for (Node n : nodes) {
                List<INDArray> in = n.inputs().stream().map(values::get).toList();
                values.put(n, n instanceof InputNode
                        ? Nd4j.createFromArray(samples.samples(from, to).toArray()).reshape(shape)
                        : evaluate(n, in));
                if (n instanceof InputNode input) {
                    values.put(n, quantize(values.get(n), model.types(input.quantizer())));
                }
            }
            double[] out = values.get(output).reshape('c', new long[] {values.get(output).length()}).toDoubleVector();
            System.arraycopy(out, 0, result, from * output.outputSize(), out.length);
        }
        return result;
    }

    private INDArray evaluate(Node node, List<INDArray> in) {
        if (node instanceof DenseNode n) {
            CalibratedNetwork.Constants c = model.constants(n);
            INDArray kernel = Nd4j.createFromArray(c.kernelValues()).reshape(n.inputFeatures(), n.units());
            INDArray z = Nd4j.gemm(in.get(0), kernel, false, false).addiRowVector(Nd4j.createFromArray(c.biasValues()).reshape(1, n.units()));
            return activate(z, model.types(n.outputQuantizer()), n.activation(), model.reluTypes(n.outputQuantizer()));
        }
        if (node instanceof ConvNode n) {
            CalibratedNetwork.Constants c = model.constants(n);
            long batch = in.get(0).size(0);
            INDArray kernel = Nd4j.createFromArray(c.kernelValues()).reshape(-1, n.filters());
            INDArray z = WindowOps.convolve(n.windows().im2col(in.get(0)), kernel, Nd4j.createFromArray(c.biasValues()))
                    .reshape(withBatch(batch, n.outputShape()));
            return activate(z, model.types(n.outputQuantizer()), n.activation(), model.reluTypes(n.outputQuantizer()));
        }
        if (node instanceof PoolNode n) {
            long batch = in.get(0).size(0);
            INDArray pooled = n.windows().pool(n.isMax(), in.get(0)).values().reshape(withBatch(batch, n.outputShape()));
            return n.isMax() ? pooled : quantize(pooled, model.types(n.outputQuantizer()));
        }
        if (node instanceof AddNode n) {
            INDArray sum = in.get(0).dup();
            for (int i = 1; i < in.size(); i++) {
                sum.addi(in.get(i));
            }
            return activate(sum, model.types(n.outputQuantizer()), n.activation(), model.reluTypes(n.outputQuantizer()));
        }
        if (node instanceof ReshapeNode n) {
            return in.get(0).reshape(withBatch(in.get(0).size(0), n.outputShape()));
        }
        if (node instanceof ConcatNode n) {
            return Nd4j.concat(n.axis() + 1, in.toArray(INDArray[]::new));
        }
        if (node instanceof DropoutNode) {
            return in.get(0);
        }
        if (node instanceof TableActivationNode n) {
            CalibratedNetwork.Table table = model.table(n);
            INDArray x = quantize(in.get(0), io.hgq4j.model.tensor.TensorType.uniform(shape(n), table.input()));
            double[] values = x.reshape('c', new long[] {x.length()}).toDoubleVector();
            long mask = (1L << table.input().width()) - 1;
            for (int i = 0; i < values.length; i++) {
                long code = (long) Math.scalb(values[i], -table.input().lsbExponent());
                values[i] = Math.scalb((double) table.codes()[(int) (code & mask)], table.output().lsbExponent());
            }
            return Nd4j.createFromArray(values).reshape(x.shape());
        }
        if (node instanceof SoftmaxNode n) {
            SoftmaxTables t = model.softmax(n);
            TensorType inputTypes = softmaxInputs.computeIfAbsent(n,
                    k -> TensorType.uniform(shape(n), t.input()));
            INDArray x = quantize(in.get(0), inputTypes);
            double[] values = x.reshape('c', new long[] {x.length()}).toDoubleVector();
            softmax(t, n.rowLength(), values);
            return Nd4j.createFromArray(values).reshape(x.shape());
        }
        throw new IllegalStateException("no exact inference for " + node.getClass().getSimpleName());
    }

    /**
     * The softmax of every row of {@code n} values of the input type, in place: the codes of the row, their maximum, the
     * exp entry of each difference (converted into the index type), the sum, its inverse entry, and each product e·v
     * converted into the output type. Conversions are the model's ({@link LongCast}); every code here is far below
     * 2^62.
     */
    private static void softmax(SoftmaxTables t, int n, double[] values) {
        LongCast expIndex = LongCast.into(t.expIndex());
        LongCast invIndex = LongCast.into(t.invIndex());
        LongCast output = LongCast.into(t.output());
        int inputLsb = t.input().lsbExponent();
        int productLsb = t.exp().lsbExponent() + t.inverse().lsbExponent();
        long[] codes = new long[n];
        long[] e = new long[n];
        for (int row = 0; row < values.length; row += n) {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                codes[i] = (long) Math.scalb(values[row + i], -inputLsb); // exact: a value of the input type
                max = Math.max(max, codes[i]);
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                e[i] = t.expCodes()[(int) expIndex.convert(max - codes[i], inputLsb)];
                sum += e[i];
            }
            long v = t.invCodes()[(int) invIndex.convert(sum, t.exp().lsbExponent())];
            for (int i = 0; i < n; i++) {
                values[row + i] = Math.scalb((double) output.convert(e[i] * v, productLsb), t.output().lsbExponent());
            }
        }
    }

    private static io.hgq4j.model.tensor.Shape shape(Node n) {
        return io.hgq4j.model.tensor.Shape.of(java.util.Arrays.stream(n.outputShape()).mapToInt(d -> (int) d).toArray());
    }

    private INDArray activate(INDArray z, TensorType types, Activation activation, TensorType reluTypes) {
        INDArray q = quantize(z, types);
        return activation == Activation.RELU ? quantize(Transforms.relu(q, true), reluTypes) : q;
    }

    private static long[] withBatch(long batch, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private INDArray quantize(INDArray x, TensorType types) {
        return quantizers.computeIfAbsent(types, Quantizer::new).apply(x);
    }

    /** Exact per-element rounding (RND or TRN) and wrapping, on doubles. */
    private static final class Quantizer {
        private final INDArray scale;
        private final INDArray inverse;
        private final INDArray minCode;
        private final INDArray modulus;
        private final INDArray nonZero;
        private final INDArray round;

        Quantizer(TensorType types) {
            int n = types.size();
            double[] s = new double[n];
            double[] inv = new double[n];
            double[] lo = new double[n];
            double[] mod = new double[n];
            double[] keep = new double[n];
            double[] rnd = new double[n];
            for (int e = 0; e < n; e++) {
                FixedType t = types.typeAt(e);
                if (t.isZero()) {
                    s[e] = 1;
                    inv[e] = 1;
                    mod[e] = 1;
                    continue;
                }
                s[e] = Math.scalb(1.0, -t.lsbExponent());
                inv[e] = Math.scalb(1.0, t.lsbExponent());
                lo[e] = t.signed() ? -Math.scalb(1.0, t.width() - 1) : 0;
                mod[e] = Math.scalb(1.0, t.width());
                keep[e] = 1;
                rnd[e] = t.quantization() == Quantization.RND ? 1 : 0;
                if (t.quantization() != Quantization.RND && t.quantization() != Quantization.TRN) {
                    throw new IllegalStateException("exact inference rounds with RND or TRN, not " + t);
                }
            }
            long[] shape = withBatch(1, types.shape().dims().length == 0 ? new long[0]
                    : java.util.Arrays.stream(types.shape().dims()).asLongStream().toArray());
            this.scale = Nd4j.createFromArray(s).reshape(shape);
            this.inverse = Nd4j.createFromArray(inv).reshape(shape);
            this.minCode = Nd4j.createFromArray(lo).reshape(shape);
            this.modulus = Nd4j.createFromArray(mod).reshape(shape);
            this.nonZero = Nd4j.createFromArray(keep).reshape(shape);
            this.round = Nd4j.createFromArray(rnd).reshape(shape);
        }

        INDArray apply(INDArray x) {
            INDArray y = x.castTo(DataType.DOUBLE).mul(scale);
            INDArray floor = Transforms.floor(y, true);
            INDArray code = floor.add(y.subi(floor).gte(0.5).castTo(DataType.DOUBLE).muli(round));
            // wrap: code − 2^W·floor((code − min)/2^W)
            INDArray wraps = Transforms.floor(code.sub(minCode).divi(modulus), false);
            code.subi(wraps.muli(modulus));
            return code.muli(inverse).muli(nonZero);
        }
    }
}

package io.hgq4j.model.cost;

import io.hgq4j.model.fixed.FixedValue;
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
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.util.List;

/**
 * The exact cost of a firmware model in HGQ's terms, layer by layer.
 *
 * <p>EBOPs (effective bit operations) = Σ over every multiplication of a fully unrolled design of
 * (input element width) × (significant bits of the constant weight), where a constant's bits are counted from its
 * highest to its lowest non-zero bit and zero weights, zero-width inputs and padded taps cost nothing. As in HGQ v1,
 * additions are not counted separately; a convolution counts every output position, since every one is built. For
 * fully unrolled designs EBOPs track LUTs + 55·DSPs closely.
 *
 * <p>Dense and Conv multiply by constants. The one other multiplier is a {@link Softmax}'s e_i·v, a product of two
 * variables, built once per element: it counts W_E·W_V (the widths of the two table entry types, as HGQ2 counts
 * variable products), so a softmax costs (elements)·W_E·W_V. Its comparisons, sums and table reads are not counted,
 * like the additions everywhere else (hls4ml's softmax is likewise dominated by its n multipliers and two tables).
 *
 * @param layers one entry per layer, in the model's topological order
 */
public record ModelCost(List<LayerCost> layers) {

    /** Copies the list. */
    public ModelCost {
        layers = List.copyOf(layers);
    }

    /** The cost of every layer of {@code model}. */
    public static ModelCost of(FirmwareModel model) {
        return new ModelCost(model.layers().stream().map(layer -> costOf(model, layer)).toList());
    }

    /** Σ EBOPs over the layers. */
    public long totalEbops() {
        return layers.stream().mapToLong(LayerCost::ebops).sum();
    }

    /** Σ weights over the layers. */
    public long totalWeights() {
        return layers.stream().mapToLong(LayerCost::weights).sum();
    }

    /** Σ non-zero weights over the layers. */
    public long totalNonZeroWeights() {
        return layers.stream().mapToLong(LayerCost::nonZeroWeights).sum();
    }

    private static LayerCost costOf(FirmwareModel model, Layer layer) {
        List<TensorType> inputs = model.inputTypes(layer);
        long ebops = layer.accept(new EbopsCounter(inputs));
        FixedTensor kernel = layer instanceof Dense d ? d.kernel() : layer instanceof Conv c ? c.kernel() : null;
        int weights = kernel == null ? 0 : kernel.size();
        int nonZero = kernel == null ? 0 : kernel.countNonZero();
        long weightBits = 0;
        for (int i = 0; i < weights; i++) {
            weightBits += kernel.get(i).significantBits();
        }
        TensorType out = model.outputType(layer.name());
        long outputBits = 0;
        for (int i = 0; i < out.size(); i++) {
            outputBits += out.typeAt(i).width();
        }
        return new LayerCost(layer.name(), layer.op(), ebops, weights, nonZero, weightBits, out.size(), outputBits,
                out.minWidth(), out.maxWidth());
    }

    /** EBOPs of one layer. */
    private static final class EbopsCounter implements LayerVisitor<Long> {

        private final List<TensorType> inputs;

        EbopsCounter(List<TensorType> inputs) {
            this.inputs = inputs;
        }

        @Override
        public Long visitDense(Dense layer) {
            TensorType in = inputs.get(0);
            int features = layer.inputFeatures();
            int units = layer.units();
            int rows = in.size() / features;
            long ebops = 0;
            for (int i = 0; i < features; i++) {
                for (int j = 0; j < units; j++) {
                    int constantBits = layer.kernel().get(i * units + j).significantBits();
                    for (int row = 0; constantBits > 0 && row < rows; row++) {
                        ebops += (long) in.typeAt(row * features + i).width() * constantBits;
                    }
                }
            }
            return ebops;
        }

        @Override
        public Long visitConv(Conv layer) {
            TensorType in = inputs.get(0);
            SpatialGeometry g = layer.geometry(in.shape());
            long ebops = 0;
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    for (int ci = 0; ci < g.channels(); ci++) {
                        for (int co = 0; co < layer.filters(); co++) {
                            FixedValue w = layer.kernel().get(layer.kernelIndex(ky, kx, ci, co));
                            int constantBits = w.significantBits();
                            if (constantBits == 0) {
                                continue;
                            }
                            for (int oy = 0; oy < g.outHeight(); oy++) {
                                for (int ox = 0; ox < g.outWidth(); ox++) {
                                    int x = g.inputIndex(oy, ox, ky, kx, ci);
                                    if (x >= 0) {
                                        ebops += (long) in.typeAt(x).width() * constantBits;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return ebops;
        }

        @Override
        public Long visitInput(Input layer) {
            return 0L;
        }

        @Override
        public Long visitPool(Pool layer) {
            return 0L;
        }

        @Override
        public Long visitReshape(Reshape layer) {
            return 0L;
        }

        @Override
        public Long visitRelu(Relu layer) {
            return 0L;
        }

        @Override
        public Long visitAdd(Add layer) {
            return 0L;
        }

        @Override
        public Long visitConcatenate(Concatenate layer) {
            return 0L;
        }

        @Override
        public Long visitTableLookup(TableLookup layer) {
            return 0L;
        }

        /** One W_E × W_V multiplier per element (e_i·v). */
        @Override
        public Long visitSoftmax(Softmax layer) {
            return (long) inputs.get(0).size() * layer.expType().width() * layer.invType().width();
        }

        @Override
        public Long visitQuantize(Quantize layer) {
            return 0L;
        }
    }
}

package io.hgq4j.codegen.report;

import io.hgq4j.emulator.timing.LayerTiming;
import io.hgq4j.emulator.timing.ModelTiming;
import io.hgq4j.emulator.timing.TimingModel;
import io.hgq4j.model.cost.LayerCost;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicts the resources of the fully unrolled design the HLS backend generates, per layer.
 *
 * <ul>
 *   <li><b>DSP</b>: one per multiplication by a constant of at least {@value TimingModel#DSP_WEIGHT_BITS} significant
 *       bits (the emulator's timing model puts those in DSP blocks; narrower constants become shift-add logic).</li>
 *   <li><b>LUT</b>: HGQ's rule of thumb for this design style, EBOPs ≈ LUT + 55·DSP (Sun et al., §4), solved for
 *       the LUTs of the multiply-accumulate logic: max(0, EBOPs − 55·DSP); plus, per output bit, one LUT for each of
 *       rounding and saturation in a quantizer (dropping bits with TRN/WRAP is wiring), half a LUT for a ReLU, one
 *       LUT for pooling and per extra operand of an Add; and ⌈entries·width/64⌉ LUTs per table held as LUT ROM.</li>
 *   <li><b>FF</b>: the pipeline registers, each layer's output bits times its latency in cycles.</li>
 *   <li><b>BRAM</b>: none; every constant and table is in logic.</li>
 * </ul>
 * These are estimates to compare designs and check the fit, not synthesis results: expect ±30 % on LUTs.
 */
public final class ResourceEstimator {

    /** LUTs a DSP block stands for in HGQ's EBOPs rule. */
    public static final int LUTS_PER_DSP = 55;

    private ResourceEstimator() {
    }

    /** Per-layer estimates for {@code model}, in layer order, with latencies from {@code timing}. */
    public static List<LayerEstimate> estimate(FirmwareModel model, TimingModel timing) {
        ModelCost cost = ModelCost.of(model);
        ModelTiming times = timing.estimate(model);
        List<LayerEstimate> rows = new ArrayList<>();
        for (int k = 0; k < model.layers().size(); k++) {
            Layer layer = model.layers().get(k);
            LayerCost c = cost.layers().get(k);
            LayerTiming t = times.layer(layer.name());
            long dsp = dsp(model, layer);
            long lut = Math.max(0, c.ebops() - LUTS_PER_DSP * dsp) + logic(model, layer, c);
            long ff = t.latencyCycles() * c.outputBits();
            rows.add(new LayerEstimate(layer.name(), layer.op(), c.ebops(), lut, ff, dsp, t.latencyCycles(),
                    t.initiationInterval()));
        }
        return rows;
    }

    private static long logic(FirmwareModel model, Layer layer, LayerCost c) {
        if (layer instanceof Quantize) {
            // Dropping bits with TRN and WRAP is wiring; rounding adds an incrementer, saturation a comparator and mux.
            TensorType out = model.outputType(layer.name());
            long luts = 0;
            for (int e = 0; e < out.size(); e++) {
                FixedType t = out.typeAt(e);
                luts += (long) t.width() * ((t.quantization() == Quantization.TRN ? 0 : 1)
                        + (t.overflow() == Overflow.WRAP ? 0 : 1));
            }
            return luts;
        } else if (layer instanceof Relu) {
            return (c.outputBits() + 1) / 2; // an AND with the inverted sign per bit, two bits per LUT6
        } else if (layer instanceof Pool || layer instanceof Add) {
            return c.outputBits() * Math.max(1, layer.inputs().size() - 1L);
        } else if (layer instanceof TableLookup t) {
            return rom(t.table().size(), t.table().type().uniformType().width());
        } else if (layer instanceof Softmax s) {
            return rom(s.expTable().size(), s.expType().width()) + rom(s.invTable().size(), s.invType().width());
        }
        return 0;
    }

    private static long rom(int entries, int width) {
        return ((long) entries * width + 63) / 64;
    }

    /** Multiplications by constants wide enough for a DSP block. */
    private static long dsp(FirmwareModel model, Layer layer) {
        TensorType in = layer.inputs().isEmpty() ? null : model.outputType(layer.inputs().get(0));
        long count = 0;
        if (layer instanceof Dense d) {
            int features = d.inputFeatures();
            int rows = in.size() / features;
            for (int i = 0; i < features; i++) {
                for (int j = 0; j < d.units(); j++) {
                    if (wide(d.kernel().get(i * d.units() + j))) {
                        for (int r = 0; r < rows; r++) {
                            count += in.typeAt(r * features + i).isZero() ? 0 : 1;
                        }
                    }
                }
            }
        } else if (layer instanceof Conv c) {
            SpatialGeometry g = c.geometry(in.shape());
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    for (int ci = 0; ci < g.channels(); ci++) {
                        for (int co = 0; co < c.filters(); co++) {
                            if (!wide(c.kernel().get(c.kernelIndex(ky, kx, ci, co)))) {
                                continue;
                            }
                            for (int oy = 0; oy < g.outHeight(); oy++) {
                                for (int ox = 0; ox < g.outWidth(); ox++) {
                                    int x = g.inputIndex(oy, ox, ky, kx, ci);
                                    count += x >= 0 && !in.typeAt(x).isZero() ? 1 : 0;
                                }
                            }
                        }
                    }
                }
            }
        }
        return count;
    }

    private static boolean wide(FixedValue w) {
        return !w.isZero() && w.significantBits() >= TimingModel.DSP_WEIGHT_BITS;
    }
}

package io.hgq4j.interop.keras;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * HGQ's {@code FixedPointQuantizer}: per element, bits b, integers I (counting the sign bit) and keep_negative k
 * (arrays with a leading batch axis of 1 whose axes of extent 1 broadcast over the tensor, numpy style), and the
 * modes {@code RND} and {@code SAT} of the config. Element j becomes exactly {@code ap_fixed<b_j, I_j, RND, SAT>}
 * ({@code ap_ufixed} when k_j = 0); b_j = 0 is the constant zero. The config's {@code overrides} and {@code fusible}
 * are hints for hls4ml and are ignored.
 *
 * <p>Directly after an {@code InputLayer} the quantizer becomes the firmware model's {@code Input}; anywhere else a
 * {@code Quantize}.
 */
final class QuantizerHandler implements LayerHandler {

    @Override
    public void convert(KerasLayer layer, ConversionContext context) {
        Quantization quantization = mode(layer, "RND", Quantization::parse);
        Overflow overflow = mode(layer, "SAT", Overflow::parse);
        Optional<ConversionContext.PendingInput> pending = context.pendingInput(layer);
        if (pending.isPresent()) {
            TensorType types = elementTypes(layer, context.weights(), pending.get().shape(), quantization, overflow);
            context.quantizeInput(layer, pending.get(), types);
            return;
        }
        String input = context.input(layer);
        TensorType types = elementTypes(layer, context.weights(), context.type(input).shape(), quantization, overflow);
        context.produce(layer, context.add(new Quantize(context.nameOf(layer), input, types)));
    }

    private static <T> T mode(KerasLayer layer, String key, Function<String, T> parse) {
        String text = ConfigValues.requiredString(layer, key);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw KerasProblem.at(layer, key + ": " + e.getMessage());
        }
    }

    /** One type per element of {@code shape}, from the quantizer's arrays broadcast to [1, shape...]. */
    static TensorType elementTypes(KerasLayer layer, H5Weights weights, Shape shape, Quantization quantization,
                                   Overflow overflow) {
        int[] bits = broadcast(layer, weights.require(layer, "bits"), "bits", shape, 0, FixedType.MAX_VALUE_WIDTH);
        int[] integers = broadcast(layer, weights.require(layer, "integers"), "integers", shape,
                -FixedType.MAX_INT_BITS, FixedType.MAX_INT_BITS);
        int[] keepNegative = broadcast(layer, weights.require(layer, "keep_negative"), "keep_negative", shape, 0, 1);
        Map<Long, FixedType> cache = new HashMap<>();
        return TensorType.build(shape, i -> cache.computeIfAbsent(
                ((long) bits[i] << 40) ^ ((long) (integers[i] + FixedType.MAX_INT_BITS) << 1) ^ keepNegative[i],
                key -> new FixedType(bits[i], integers[i], keepNegative[i] == 1, quantization, overflow)));
    }

    /**
     * The array's value for every element of {@code shape}: the array is aligned with [1, shape...] from the right,
     * and each of its axes must have extent 1 (broadcast) or the tensor's extent; extra leading axes must be 1.
     */
    private static int[] broadcast(KerasLayer layer, H5Weights.WeightArray array, String what, Shape shape, int min,
                                   int max) {
        int[] dims = array.dims();
        int[] full = new int[shape.rank() + 1];
        full[0] = 1;
        System.arraycopy(shape.dims(), 0, full, 1, shape.rank());
        int offset = full.length - dims.length;                // full axis = array axis + offset
        for (int a = 0; a < dims.length; a++) {
            int target = a + offset;
            if (dims[a] != 1 && (target < 0 || dims[a] != full[target])) {
                throw KerasProblem.at(layer, "quantizer array " + what + " has shape " + Arrays.toString(dims)
                        + ", which does not broadcast to the tensor's shape [batch, " + shape.toString().replace("x", ", ")
                        + "]");
            }
        }
        double[] values = array.read();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < min || v > max) {
                throw KerasProblem.at(layer, "quantizer array " + what + " element " + i + " is " + v
                        + "; expected an integer in " + min + ".." + max);
            }
        }
        // stride in the array for each sample axis (0 where the array broadcasts)
        int[] strides = new int[shape.rank()];
        int stride = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            int sampleAxis = a + offset - 1;
            if (sampleAxis >= 0 && dims[a] != 1) {
                strides[sampleAxis] = stride;
            }
            stride *= dims[a];
        }
        int[] result = new int[shape.size()];
        int[] index = new int[shape.rank()];
        for (int flat = 0; flat < result.length; flat++) {
            int source = 0;
            for (int a = 0; a < index.length; a++) {
                source += index[a] * strides[a];
            }
            result[flat] = (int) values[source];
            for (int a = index.length - 1; a >= 0; a--) {
                if (++index[a] < shape.dim(a)) {
                    break;
                }
                index[a] = 0;
            }
        }
        return result;
    }
}

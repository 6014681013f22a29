package io.hgq4j.interop.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hgq4j.interop.onnx.proto.Onnx;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Imports an ONNX or QONNX model ({@code .onnx}, one static-shape graph, batch dimension first) into a
 * {@link FirmwareModel} that computes exactly what the ONNX graph computes in real arithmetic.
 *
 * <p><b>Quantizers.</b> A QONNX {@code Quant(x, scale, zero_point, bitwidth)} node ({@code signed}, {@code narrow},
 * {@code rounding_mode} attributes) computes {@code (clip(round(x/scale + zp), min, max) − zp)·scale}. With a
 * power-of-two scale 2^e, a zero zero-point and an integer bit width b it is exactly the conversion into
 * {@code fixed<b, b+e>} ({@code ufixed} when unsigned) with overflow SAT, or SAT_SYM when {@code narrow} (signed
 * only), and the quantization mode of the rounding mode: ROUND (half to even, as numpy) → RND_CONV, FLOOR → TRN,
 * ROUND_TO_ZERO → TRN_ZERO, HALF_UP (ties away from zero) → RND_INF, HALF_DOWN (ties toward zero) → RND_ZERO.
 * CEIL, unsigned narrow quantizers, other scales and non-zero zero points are rejected. A Quant reading a graph input
 * becomes that input's type; one on activations becomes a {@code Quantize} layer (scalar scale); one on an
 * initializer is folded into exact fixed-point constants (per-element scales broadcast as in ONNX).
 *
 * <p><b>BipolarQuant.</b> A QONNX {@code BipolarQuant(x, scale)} computes {@code y = (x >= 0 ? +1 : −1)·scale} (0 maps
 * to +1). On an initializer it folds to ±scale constants (power-of-two scales, broadcast as in ONNX). On activations
 * it needs a scalar power-of-two scale 2^e and becomes a {@code TableLookup} (function {@code bipolar}) over every
 * code of the input's type: entry k is +scale when the value with code k is ≥ 0 and −scale otherwise, in
 * {@code fixed<2, e+2>} (LSB scale, the narrowest signed type holding ±scale exactly). The input's elements must
 * share one fixed-point type of at most {@value io.hgq4j.model.ir.TableLookup#MAX_INPUT_WIDTH} bits (put a Quant
 * before it); other scales and wider or mixed input types are rejected.
 *
 * <p><b>Trunc.</b> A QONNX {@code Trunc} version 2 node (inputs X, scale, zeropt, in_bitwidth, out_scale,
 * out_bitwidth; {@code rounding_mode} FLOOR by default, {@code signed}, {@code narrow}) computes
 * {@code y = round_half_even(x/scale + zp)/t} with {@code t = 2^round(log2(out_scale/scale))}, clamps y to the integer
 * range of (signed, narrow, out_bitwidth), rounds it by the rounding mode and returns {@code (y − zp/t)·out_scale}.
 * With scalar power-of-two {@code scale} and {@code out_scale} and a zero zeropt, clamping before the (integer-bounded)
 * rounding equals rounding before saturating, so it is the conversion into {@code fixed<b, b+e>} (e the exponent of
 * out_scale; {@code ufixed} when unsigned) with FLOOR → TRN, ROUND → RND_CONV and overflow SAT (SAT_SYM when narrow) —
 * provided x/scale is an integer. When the input's type can be finer than {@code scale} (an accumulator, say), the
 * first round half to even is a conversion of its own: a {@code Quantize} to LSB {@code scale} with RND_CONV and a
 * width covering the input's range comes first. CEIL, unsigned narrow, other scales, non-zero zero points, Trunc on
 * constants and the version-1 form (5 inputs, no out_scale) are rejected; {@code in_bitwidth} is not used.
 *
 * <p><b>Other ops.</b> MatMul and Gemm (alpha = beta = 1, no transA) with a constant right operand become
 * {@code Dense}; an {@code Add} of a constant vector right after one becomes its bias. Conv (1-D/2-D, group 1, no
 * dilation, pads VALID or SAME_UPPER) becomes {@code Conv}, MaxPool likewise {@code Pool}; Relu, Add of two
 * activations, Flatten and Reshape to [batch, features] map one to one; Identity and Dropout disappear. Spatial
 * tensors are NCHW in ONNX and channels-last in hgq4j: the model's image inputs are laid out [H, W, C] (or [L, C]),
 * and a Flatten of a channels-last tensor permutes the rows of the following kernel so the result is unchanged.
 *
 * <p><b>Float models.</b> Without Quant nodes the model needs a {@link Precision}: inputs, results of
 * MatMul/Gemm/Conv/Add and float weights get its types (weights are rounded by the weight type's quantization mode
 * and must lie in its range). Without a precision, every float value that would need one is an error naming the
 * node. Metadata records the source, the importer, the producer and the number of weights that were rounded.
 *
 * <p>Everything else, and every damaged file, fails with an {@link OnnxImportException} naming the file, the node
 * and op, and the reason.
 */
public final class OnnxImporter {

    /** The value of the {@code importer} metadata entry. */
    public static final String IMPORTER = "hgq4j onnx";

    /** Files larger than this are refused. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    /** The ops the importer converts. */
    public static final List<String> SUPPORTED_OPS = List.of("Add", "BipolarQuant", "Constant", "Conv", "Dropout",
            "Flatten", "Gemm", "Identity", "MatMul", "MaxPool", "Quant", "Relu", "Reshape", "Softmax (final, dropped on request)", "Trunc (version 2)");

    private OnnxImporter() {
    }

    /**
     * Reads and converts the model in {@code file}.
     *
     * @param precision the types of float values, or null for a fully quantized QONNX model
     * @throws IOException           if the file cannot be read
     * @throws OnnxImportException   if it is not an ONNX model that can be imported exactly
     */
    public static FirmwareModel read(Path file, Precision precision) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new OnnxImportException(file + ": the file has " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " an ONNX model may have here");
        }
        Path name = file.getFileName();
        return fromBytes(Files.readAllBytes(file), precision, file.toString(), name == null ? file.toString() : name.toString());
    }

    /** {@link #read(Path, Precision)} without a precision: for fully quantized QONNX models. */
    public static FirmwareModel read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Converts a model from the bytes of an ONNX file.
     *
     * @param precision the types of float values, or null
     * @param source    how messages name the bytes (e.g. the file's path)
     * @param fileName  the file name recorded as the {@code source} metadata
     * @throws OnnxImportException if the bytes are not an ONNX model that can be imported exactly
     */
    public static FirmwareModel fromBytes(byte[] bytes, Precision precision, String source, String fileName) {
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(source + ": not a readable ONNX file (" + describe(e) + ")", e);
        }
        return fromProto(model, precision, source, fileName);
    }

    /**
     * Converts a parsed ONNX model.
     *
     * @param precision the types of float values, or null
     * @param source    how messages name the model
     * @param fileName  the file name recorded as the {@code source} metadata
     * @throws OnnxImportException if the model cannot be imported exactly
     */
    public static FirmwareModel fromProto(Onnx.ModelProto model, Precision precision, String source, String fileName) {
        try {
            return new Converter(model, precision, fileName).convert();
        } catch (OnnxImportException e) {
            throw new OnnxImportException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // invalid models built from damaged but parseable bytes (IR validation, arithmetic limits, ...)
            throw new OnnxImportException(source + ": not an ONNX model the importer supports (" + describe(e) + ")", e);
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A tensor of the ONNX graph: an activation (an IR layer's output) or a constant. */
    private static final class Val {
        // activation
        String layer;             // IR layer, null for a graph input not yet materialized
        String graphInput;        // ONNX input name when this is a not yet materialized graph input
        int[] shape;              // ONNX shape without the batch dimension
        boolean channelsLast;     // the IR shape is the ONNX [C, ...] shape with the channel axis moved last
        int[] perm;               // IR flat index -> ONNX flat index, null for the identity
        boolean quantized;        // an exact value produced by quantizers only (no accumulation since)
        String quantizedLayer;    // the Quantize layer materialized for a precision, shared by all readers
        String pendingBias;       // a Dense/Conv layer made here with a zero bias, which a following Add may fill
        // constant
        int[] dims;               // full ONNX dims
        double[] values;          // float values
        FixedValue[] fixed;       // exact values after a Quant, null for floats

        boolean isConstant() {
            return dims != null;
        }
    }

    private static final class Converter {
        private final Onnx.ModelProto model;
        private final Onnx.GraphProto graph;
        private final Precision precision;
        private final String fileName;
        private final Map<String, Val> values = new HashMap<>();
        private final Map<String, Integer> consumers = new HashMap<>();
        private final Map<String, Layer> layers = new LinkedHashMap<>();
        private final Set<String> graphOutputs = new HashSet<>();
        private final Set<String> usedNames = new HashSet<>();
        private int roundedWeights;
        private Onnx.NodeProto node;

        Converter(Onnx.ModelProto model, Precision precision, String fileName) {
            this.model = model;
            this.graph = model.getGraph();
            this.precision = precision;
            this.fileName = fileName;
        }

        FirmwareModel convert() {
            if (!model.hasGraph() || graph.getNodeCount() == 0) {
                throw new OnnxImportException("not an ONNX model: no graph or no nodes");
            }
            for (Onnx.TensorProto init : graph.getInitializerList()) {
                values.put(init.getName(), constant(init, "initializer '" + init.getName() + "'"));
            }
            for (Onnx.ValueInfoProto in : graph.getInputList()) {
                if (!values.containsKey(in.getName())) {
                    values.put(in.getName(), graphInput(in));
                }
            }
            for (Onnx.NodeProto n : graph.getNodeList()) {
                for (String i : n.getInputList()) {
                    consumers.merge(i, 1, Integer::sum);
                }
            }
            for (Onnx.ValueInfoProto out : graph.getOutputList()) {
                graphOutputs.add(out.getName());
                consumers.merge(out.getName(), 1, Integer::sum);
            }
            for (Onnx.NodeProto n : graph.getNodeList()) {
                node = n;
                if (n.getOutputCount() < 1 || n.getOutput(0).isEmpty()) {
                    throw fail("has no output");
                }
                values.put(n.getOutput(0), convertNode(n));
            }
            node = null;
            FirmwareModel.Builder builder = FirmwareModel.builder(sanitize(graph.getName().isEmpty() ? stem(fileName) : graph.getName()));
            List<String> outputs = new ArrayList<>();
            for (Onnx.ValueInfoProto out : graph.getOutputList()) {
                Val v = values.get(out.getName());
                if (v == null || v.isConstant()) {
                    throw new OnnxImportException("graph output '" + out.getName() + "' is not computed from an input");
                }
                outputs.add(use(v, "graph output '" + out.getName() + "'"));
            }
            if (outputs.isEmpty()) {
                throw new OnnxImportException("the graph has no outputs");
            }
            layers.values().forEach(builder::add);
            outputs.stream().distinct().forEach(builder::output);
            builder.metadata("source", fileName);
            builder.metadata("importer", IMPORTER);
            if (!model.getProducerName().isEmpty()) {
                builder.metadata("onnx_producer", (model.getProducerName() + " " + model.getProducerVersion()).strip());
            }
            if (precision != null) {
                builder.metadata("onnx_precision", "activation " + precision.activation() + ", weight " + precision.weight());
                builder.metadata("onnx_rounded_weights", Integer.toString(roundedWeights));
            }
            return builder.build();
        }

        private Val convertNode(Onnx.NodeProto n) {
            String domain = n.getDomain();
            String op = n.getOpType();
            boolean qonnx = domain.startsWith("qonnx") || domain.startsWith("finn");
            if (!domain.isEmpty() && !domain.equals("ai.onnx") && !qonnx) {
                throw fail("is in domain '" + domain + "', which the importer does not know");
            }
            return switch (op) {
                case "Quant" -> quant(n);
                case "BipolarQuant" -> bipolarQuant(n);
                case "Trunc" -> trunc(n);
                case "MatMul" -> matMul(n, false);
                case "Gemm" -> gemm(n);
                case "Add" -> add(n);
                case "Relu" -> relu(n);
                case "Conv" -> conv(n);
                case "MaxPool" -> maxPool(n);
                case "Flatten", "Reshape" -> flatten(n);
                case "Identity", "Dropout" -> input(n, 0);
                case "Constant" -> constantNode(n);
                case "Softmax" -> softmax(n);
                default -> throw fail("is not supported; supported ops: " + String.join(", ", SUPPORTED_OPS));
            };
        }

        // ---------------------------------------------------------------- quantizers

        private Val quant(Onnx.NodeProto n) {
            requireInputs(n, 4);
            Val x = input(n, 0);
            Val scale = constantInput(n, 1, "scale");
            Val zeroPoint = constantInput(n, 2, "zero_point");
            Val bitwidth = constantInput(n, 3, "bitwidth");
            boolean signed = intAttr(n, "signed", 1) != 0;
            boolean narrow = intAttr(n, "narrow", 0) != 0;
            String rounding = stringAttr(n, "rounding_mode", "ROUND").toUpperCase(Locale.ROOT);
            Quantization mode = switch (rounding) {
                case "ROUND" -> Quantization.RND_CONV;
                case "FLOOR" -> Quantization.TRN;
                case "ROUND_TO_ZERO" -> Quantization.TRN_ZERO;
                case "HALF_UP" -> Quantization.RND_INF;
                case "HALF_DOWN" -> Quantization.RND_ZERO;
                default -> throw fail("rounding_mode '" + rounding + "' has no fixed-point quantization mode "
                        + "(supported: ROUND, FLOOR, ROUND_TO_ZERO, HALF_UP, HALF_DOWN)");
            };
            for (double z : scalarOrAll(zeroPoint)) {
                if (z != 0) {
                    throw fail("has zero point " + z + "; only a zero zero-point maps exactly to a fixed-point type");
                }
            }
            double[] bw = scalarOrAll(bitwidth);
            if (bw.length != 1 && Arrays.stream(bw).distinct().count() != 1) {
                throw fail("has per-element bit widths; only one bit width is supported");
            }
            double bits = bw[0];
            if (bits != Math.rint(bits) || bits < 1 || bits > FixedType.MAX_VALUE_WIDTH) {
                throw fail("has bit width " + bits + "; expected an integer 1.." + FixedType.MAX_VALUE_WIDTH);
            }
            int width = (int) bits;
            if (narrow && !signed) {
                throw fail("is unsigned and narrow (codes 0..2^b-2), which no fixed-point overflow mode reproduces");
            }
            if (narrow && width < 2) {
                throw fail("is signed, narrow and 1 bit wide: it can only produce 0");
            }
            Overflow overflow = narrow ? Overflow.SAT_SYM : Overflow.SAT;
            int[] exponents = new int[scale.values.length];
            for (int i = 0; i < exponents.length; i++) {
                exponents[i] = powerOfTwo(scale.values[i], "scale");
            }
            if (x.isConstant()) {
                int[] index = broadcastIndex(scale.dims, x.dims, "scale");
                FixedValue[] fixed = new FixedValue[x.values.length];
                for (int i = 0; i < fixed.length; i++) {
                    int e = exponents[index[i]];
                    FixedType t = new FixedType(width, width + e, signed, mode, overflow);
                    fixed[i] = x.fixed != null ? x.fixed[i].castTo(t) : FixedValue.fromDouble(checkedFinite(x.values[i]), t);
                }
                return exactConstant(x.dims, fixed);
            }
            if (Arrays.stream(exponents).distinct().count() != 1) {
                throw fail("quantizes activations with per-element scales; only a scalar scale is supported on activations");
            }
            FixedType type = new FixedType(width, width + exponents[0], signed, mode, overflow);
            Val out = activationLike(x);
            out.quantized = true;
            if (x.layer == null && consumers.getOrDefault(x.graphInput, 0) == 1) {
                String name = uniqueName(x.graphInput);
                layers.put(name, new Input(name, TensorType.uniform(irShape(x), type)));
                out.layer = name;
                return out;
            }
            String name = layerName(n);
            layers.put(name, new Quantize(name, raw(x), TensorType.uniform(irShape(x), type)));
            out.layer = name;
            return out;
        }

        /**
         * QONNX {@code Trunc} version 2: {@code y = round_half_even(x/scale + zp)}, divided by
         * {@code t = 2^round(log2(out_scale/scale))}, clamped to the (signed, narrow, out_bitwidth) integer range, rounded
         * by {@code rounding_mode} and scaled by {@code out_scale} (after subtracting {@code zp/t}). With power-of-two
         * scales and a zero zero-point this is the conversion into a fixed-point type with LSB {@code out_scale}; when
         * the input can be finer than {@code scale}, the first rounding is a separate RND_CONV conversion to LSB
         * {@code scale}.
         */
        private Val trunc(Onnx.NodeProto n) {
            if (n.getInputCount() == 5) {
                throw fail("is the version-1 Trunc form (5 inputs: X, scale, zeropt, in_bitwidth, out_bitwidth; no "
                        + "out_scale), which is not supported; only the version-2 form with 6 inputs (X, scale, zeropt, "
                        + "in_bitwidth, out_scale, out_bitwidth) is supported");
            }
            requireInputs(n, 6);
            Val x = input(n, 0);
            Val scale = constantInput(n, 1, "scale");
            Val zeroPoint = constantInput(n, 2, "zeropt");
            constantInput(n, 3, "in_bitwidth");
            Val outScale = constantInput(n, 4, "out_scale");
            Val outBitwidth = constantInput(n, 5, "out_bitwidth");
            boolean signed = intAttr(n, "signed", 1) != 0;
            boolean narrow = intAttr(n, "narrow", 0) != 0;
            String rounding = stringAttr(n, "rounding_mode", "FLOOR").toUpperCase(Locale.ROOT);
            Quantization mode = switch (rounding) {
                case "FLOOR" -> Quantization.TRN;
                case "ROUND" -> Quantization.RND_CONV;
                default -> throw fail("rounding_mode '" + rounding + "' has no exact fixed-point quantization mode "
                        + "(supported for Trunc: FLOOR, ROUND)");
            };
            for (double z : scalarOrAll(zeroPoint)) {
                if (z != 0) {
                    throw fail("has zero point " + z + "; only a zero zero-point maps exactly to a fixed-point type");
                }
            }
            double[] s = scalarOrAll(scale);
            double[] os = scalarOrAll(outScale);
            double[] bw = scalarOrAll(outBitwidth);
            if (s.length != 1 || os.length != 1 || bw.length != 1) {
                throw fail("has a non-scalar scale, out_scale or out_bitwidth; only scalars are supported");
            }
            int e = powerOfTwo(s[0], "scale");
            int eo = powerOfTwo(os[0], "out_scale");
            double bits = bw[0];
            if (bits != Math.rint(bits) || bits < 1 || bits > FixedType.MAX_VALUE_WIDTH) {
                throw fail("has out_bitwidth " + bits + "; expected an integer 1.." + FixedType.MAX_VALUE_WIDTH);
            }
            int width = (int) bits;
            if (narrow && !signed) {
                throw fail("is unsigned and narrow (codes 0..2^b-2), which no fixed-point overflow mode reproduces");
            }
            if (narrow && width < 2) {
                throw fail("is signed, narrow and 1 bit wide: it can only produce 0");
            }
            if (x.isConstant()) {
                throw fail("truncates a constant; only Trunc on activations is supported");
            }
            String in = x.layer == null ? use(x, "node '" + n.getName() + "' (Trunc)") : raw(x);
            Shape shape = irShape(x);
            FixedType inType = FixedType.covering(typeOf(in).palette());
            String name = layerName(n);
            if (!inType.isZero() && inType.lsbExponent() < e) {
                // the input is finer than scale: round half to even onto the scale grid first, never overflowing
                int shift = e - inType.lsbExponent();
                BigInteger lo = inType.minRaw().shiftRight(shift);
                BigInteger hi = inType.maxRaw().negate().shiftRight(shift).negate();
                FixedType grid;
                try {
                    grid = FixedType.containing(lo, hi, e);
                } catch (IllegalArgumentException ex) {
                    throw fail("reads values of type " + inType + " whose rounding to scale 2^" + e + " is out of range ("
                            + ex.getMessage() + ")");
                }
                if (grid.isZero()) {
                    grid = FixedType.of(1, 1 + e, false);
                }
                if (grid.width() > FixedType.MAX_VALUE_WIDTH) {
                    throw fail("reads values of type " + inType + ", which rounded to scale 2^" + e + " need " + grid.width()
                            + " bits, more than the " + FixedType.MAX_VALUE_WIDTH + " a quantizer may produce");
                }
                String round = uniqueName(name + "_round");
                layers.put(round, new Quantize(round, in, TensorType.uniform(shape, grid.withModes(Quantization.RND_CONV, Overflow.SAT))));
                in = round;
            }
            FixedType type = new FixedType(width, width + eo, signed, mode, narrow ? Overflow.SAT_SYM : Overflow.SAT);
            layers.put(name, new Quantize(name, in, TensorType.uniform(shape, type)));
            Val out = activationLike(x);
            out.quantized = true;
            out.layer = name;
            return out;
        }

        /** The output type of a layer made so far (layers are kept in topological order). */
        private TensorType typeOf(String layer) {
            Map<String, TensorType> types = new HashMap<>();
            for (Layer l : layers.values()) {
                types.put(l.name(), l.outputType(l.inputs().stream().map(types::get).toList()));
                if (l.name().equals(layer)) {
                    return types.get(layer);
                }
            }
            throw fail("reads '" + layer + "', which has no layer");
        }

        /**
         * QONNX {@code BipolarQuant(x, scale)}: {@code y = (x >= 0 ? +1 : −1)·scale} (0 maps to +1). On an initializer it
         * folds to ±scale constants; on activations it is a {@link TableLookup} over every code of the input's (one,
         * at most {@value TableLookup#MAX_INPUT_WIDTH}-bit) type, whose entries are ±scale in {@code fixed<2, e+2>}
         * (LSB {@code scale = 2^e}, the narrowest signed type holding ±scale exactly).
         */
        private Val bipolarQuant(Onnx.NodeProto n) {
            requireInputs(n, 2);
            Val x = input(n, 0);
            Val scale = constantInput(n, 1, "scale");
            if (!x.isConstant()) {
                return bipolarActivations(n, x, scale);
            }
            int[] index = broadcastIndex(scale.dims, x.dims, "scale");
            FixedValue[] fixed = new FixedValue[x.values.length];
            for (int i = 0; i < fixed.length; i++) {
                int e = powerOfTwo(scale.values[index[i]], "scale");
                double v = x.fixed != null ? x.fixed[i].toDouble() : checkedFinite(x.values[i]);
                fixed[i] = FixedValue.ofRaw(FixedType.signed(2, 2 + e), v >= 0 ? 1 : -1);
            }
            return exactConstant(x.dims, fixed);
        }

        private Val bipolarActivations(Onnx.NodeProto n, Val x, Val scale) {
            double[] s = scalarOrAll(scale);
            if (s.length != 1) {
                throw fail("binarizes activations with a non-scalar scale (" + s.length + " elements); only a scalar "
                        + "power-of-two scale is supported on activations");
            }
            int e = powerOfTwo(s[0], "scale");
            FixedType out = FixedType.signed(2, 2 + e);
            String in = x.layer == null ? use(x, "node '" + n.getName() + "' (BipolarQuant)") : raw(x);
            TensorType inTypes = typeOf(in);
            if (!inTypes.isUniform()) {
                throw fail("binarizes '" + in + "', whose elements have " + inTypes.palette().size() + " different types; "
                        + "a table lookup needs one shared input type (quantize the input with one Quant first)");
            }
            FixedType inType = inTypes.uniformType();
            if (inType.width() > TableLookup.MAX_INPUT_WIDTH) {
                throw fail("binarizes '" + in + "' of type " + inType + ", which is " + inType.width() + " bits wide; "
                        + "a table lookup is indexed by at most " + TableLookup.MAX_INPUT_WIDTH + " bits (quantize the "
                        + "input to at most " + TableLookup.MAX_INPUT_WIDTH + " bits with a Quant first)");
            }
            int size = 1 << inType.width();
            long[] codes = new long[size];
            for (int k = 0; k < size; k++) {
                // code k is negative exactly when the input is signed and its top bit is set; zero maps to +scale
                boolean negative = inType.signed() && inType.width() > 0 && k >= size / 2;
                codes[k] = negative ? -1 : 1;
            }
            String name = layerName(n);
            layers.put(name, new TableLookup(name, in, "bipolar",
                    FixedTensor.ofLongs(TensorType.uniform(Shape.of(size), out), codes)));
            Val result = activationLike(x);
            result.quantized = true;
            result.layer = name;
            return result;
        }

        private Val softmax(Onnx.NodeProto n) {
            Val x = input(n, 0);
            if (precision == null || !precision.dropFinalSoftmax() || !graphOutputs.contains(n.getOutput(0))
                    || consumers.getOrDefault(n.getOutput(0), 0) != 1) {
                throw fail("is not exact in fixed point; a Softmax that produces a graph output can be left out with "
                        + "Precision.withFinalSoftmaxDropped() (outputs become logits, the argmax is unchanged)");
            }
            return x;
        }

        // ---------------------------------------------------------------- dense and conv

        private Val gemm(Onnx.NodeProto n) {
            if (floatAttr(n, "alpha", 1f) != 1f || floatAttr(n, "beta", 1f) != 1f) {
                throw fail("has alpha or beta other than 1");
            }
            if (intAttr(n, "transA", 0) != 0) {
                throw fail("has transA = 1; only a row of features per sample is supported");
            }
            Val out = matMul(n, intAttr(n, "transB", 0) != 0);
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                Val c = constantInput(n, 2, "C");
                setBias(out, c, n.getInput(2));
            }
            return out;
        }

        private Val matMul(Onnx.NodeProto n, boolean transB) {
            if (n.getInputCount() < 2) {
                throw fail("needs two inputs");
            }
            Val a = input(n, 0);
            Val b = constantInput(n, 1, "weight");
            if (a.isConstant()) {
                throw fail("multiplies two constants; constant folding is not supported");
            }
            if (a.shape.length != 1) {
                throw fail("reads '" + n.getInput(0) + "' of shape " + Arrays.toString(a.shape)
                        + " (without batch); only [batch, features] inputs are supported");
            }
            if (b.dims.length != 2) {
                throw fail("has a weight of shape " + Arrays.toString(b.dims) + "; expected rank 2");
            }
            int features = transB ? b.dims[1] : b.dims[0];
            int units = transB ? b.dims[0] : b.dims[1];
            if (features != a.shape[0]) {
                throw fail("has a weight of shape " + Arrays.toString(b.dims) + " for " + a.shape[0] + " input features");
            }
            String in = use(a, "node '" + n.getName() + "' (" + n.getOpType() + ")");
            FixedValue[] w = weights(b, n.getInput(1));
            FixedValue[] kernel = new FixedValue[features * units];
            for (int j = 0; j < features; j++) {
                int row = a.perm == null ? j : a.perm[j];
                for (int u = 0; u < units; u++) {
                    kernel[j * units + u] = transB ? w[u * features + row] : w[row * units + u];
                }
            }
            String name = layerName(n);
            layers.put(name, Dense.withoutBias(name, in, tensor(Shape.of(features, units), kernel)));
            Val out = new Val();
            out.layer = name;
            out.shape = new int[] {units};
            out.pendingBias = name;
            return out;
        }

        private Val conv(Onnx.NodeProto n) {
            Val x = input(n, 0);
            Val w = constantInput(n, 1, "W");
            if (x.isConstant() || !x.channelsLast || (x.shape.length != 2 && x.shape.length != 3)) {
                throw fail("needs an activation of shape [batch, C, L] or [batch, C, H, W]");
            }
            int rank = x.shape.length - 1;
            if (w.dims.length != rank + 2 || w.dims[1] != x.shape[0]) {
                throw fail("has weights of shape " + Arrays.toString(w.dims) + " for input channels " + x.shape[0]);
            }
            if (intAttr(n, "group", 1) != 1) {
                throw fail("is a grouped convolution (group = " + intAttr(n, "group", 1) + ")");
            }
            for (long d : intsAttr(n, "dilations")) {
                if (d != 1) {
                    throw fail("has dilations; only dilation 1 is supported");
                }
            }
            int filters = w.dims[0];
            int channels = w.dims[1];
            int kh = rank == 2 ? w.dims[2] : 1;
            int kw = w.dims[rank + 1];
            int[] strides = strides(n, rank);
            Padding padding = padding(n, x.shape, rank == 2 ? new int[] {kh, kw} : new int[] {kw}, strides);
            String in = use(x, "node '" + n.getName() + "' (Conv)");
            FixedValue[] src = weights(w, n.getInput(1));
            FixedValue[] kernel = new FixedValue[src.length];
            for (int co = 0; co < filters; co++) {
                for (int ci = 0; ci < channels; ci++) {
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            kernel[((ky * kw + kx) * channels + ci) * filters + co] = src[((co * channels + ci) * kh + ky) * kw + kx];
                        }
                    }
                }
            }
            Shape kernelShape = rank == 2 ? Shape.of(kh, kw, channels, filters) : Shape.of(kw, channels, filters);
            FixedTensor zeros = FixedTensor.zeros(TensorType.uniform(Shape.of(filters), FixedType.ZERO));
            String name = layerName(n);
            int sh = rank == 2 ? strides[0] : 1;
            int sw = strides[rank - 1];
            Conv layer = new Conv(name, in, tensor(kernelShape, kernel), zeros, sh, sw, padding);
            layers.put(name, layer);
            Val out = new Val();
            out.layer = name;
            out.channelsLast = true;
            Shape irOut = layer.outputType(List.of(TensorType.uniform(Shape.of(irShapeArray(x)), FixedType.signed(8, 0)))).shape();
            out.shape = fromIr(irOut.dims());
            out.pendingBias = name;
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                setBias(out, constantInput(n, 2, "B"), n.getInput(2));
            }
            return out;
        }

        private Val maxPool(Onnx.NodeProto n) {
            Val x = input(n, 0);
            if (x.isConstant() || !x.channelsLast || (x.shape.length != 2 && x.shape.length != 3)) {
                throw fail("needs an activation of shape [batch, C, L] or [batch, C, H, W]");
            }
            int rank = x.shape.length - 1;
            long[] k = intsAttr(n, "kernel_shape");
            if (k.length != rank) {
                throw fail("has kernel_shape " + Arrays.toString(k) + " for a " + rank + "-D input");
            }
            if (intAttr(n, "ceil_mode", 0) != 0 || intAttr(n, "storage_order", 0) != 0 || n.getOutputCount() > 1) {
                throw fail("uses ceil_mode, storage_order or an indices output, which are not supported");
            }
            for (long d : intsAttr(n, "dilations")) {
                if (d != 1) {
                    throw fail("has dilations; only dilation 1 is supported");
                }
            }
            int[] kernel = Arrays.stream(k).mapToInt(v -> checkedDim(v, "kernel_shape")).toArray();
            int[] strides = strides(n, rank);
            Padding padding = padding(n, x.shape, kernel, strides);
            String in = use(x, "node '" + n.getName() + "' (MaxPool)");
            String name = layerName(n);
            Pool pool = rank == 2
                    ? Pool.pool2d(name, in, Pool.Reduction.MAX, kernel[0], kernel[1], strides[0], strides[1], padding)
                    : Pool.pool1d(name, in, Pool.Reduction.MAX, kernel[0], strides[0], padding);
            layers.put(name, pool);
            Val out = new Val();
            out.layer = name;
            out.channelsLast = true;
            out.quantized = x.quantized || precision != null;
            out.shape = fromIr(pool.outputType(List.of(TensorType.uniform(Shape.of(irShapeArray(x)), FixedType.signed(8, 0)))).shape().dims());
            return out;
        }

        private int[] strides(Onnx.NodeProto n, int rank) {
            long[] s = intsAttr(n, "strides");
            if (s.length == 0) {
                int[] ones = new int[rank];
                Arrays.fill(ones, 1);
                return ones;
            }
            if (s.length != rank) {
                throw fail("has " + s.length + " strides for a " + rank + "-D input");
            }
            return Arrays.stream(s).mapToInt(v -> checkedDim(v, "strides")).toArray();
        }

        /** VALID for no padding, SAME for SAME_UPPER (explicit or automatic); anything else is rejected. */
        private Padding padding(Onnx.NodeProto n, int[] inShape, int[] kernel, int[] strides) {
            String auto = stringAttr(n, "auto_pad", "NOTSET");
            if (auto.equals("VALID")) {
                return Padding.VALID;
            }
            if (auto.equals("SAME_UPPER")) {
                return Padding.SAME;
            }
            if (!auto.equals("NOTSET")) {
                throw fail("has auto_pad " + auto + "; supported are VALID, SAME_UPPER and explicit pads equal to them");
            }
            long[] pads = intsAttr(n, "pads");
            if (Arrays.stream(pads).allMatch(p -> p == 0)) {
                return Padding.VALID;
            }
            int rank = kernel.length;
            if (pads.length != 2 * rank) {
                throw fail("has " + pads.length + " pads for a " + rank + "-D input");
            }
            for (int d = 0; d < rank; d++) {
                int in = inShape[d + 1];
                int out = (in + strides[d] - 1) / strides[d];
                int total = Math.max((out - 1) * strides[d] + kernel[d] - in, 0);
                if (pads[d] != total / 2 || pads[d + rank] != total - total / 2) {
                    throw fail("has pads " + Arrays.toString(pads) + ", which are neither VALID nor SAME_UPPER (Keras SAME)");
                }
            }
            return Padding.SAME;
        }

        private void setBias(Val out, Val bias, String biasName) {
            Layer layer = layers.get(out.pendingBias);
            int units = layer instanceof Dense d ? d.units() : ((Conv) layer).filters();
            boolean conv = layer instanceof Conv;
            // a Dense bias broadcasts along the last axis; a Conv bias must lie along the channel axis
            int[] d = bias.dims;
            boolean ok = bias.values.length == units && (d.length == 0 ? units == 1 : conv
                    ? (d.length == 1 || d[d.length - out.shape.length] == units)
                    : d[d.length - 1] == units);
            if (!ok) {
                throw fail("adds a constant of shape " + Arrays.toString(d) + ", which is not a bias of " + units
                        + (conv ? " channels" : " units"));
            }
            FixedTensor b = tensor(Shape.of(units), weights(bias, biasName));
            if (layer instanceof Dense dense) {
                layers.put(dense.name(), new Dense(dense.name(), dense.input(), dense.kernel(), b));
            } else {
                Conv c = (Conv) layer;
                layers.put(c.name(), new Conv(c.name(), c.input(), c.kernel(), b, c.strideHeight(), c.strideWidth(), c.padding()));
            }
            out.pendingBias = null;
        }

        // ---------------------------------------------------------------- element-wise and shape

        private Val add(Onnx.NodeProto n) {
            requireInputs(n, 2);
            Val a = input(n, 0);
            Val b = input(n, 1);
            if (a.isConstant() && b.isConstant()) {
                throw fail("adds two constants; constant folding is not supported");
            }
            if (a.isConstant() || b.isConstant()) {
                Val act = a.isConstant() ? b : a;
                Val c = a.isConstant() ? a : b;
                String actName = n.getInput(a.isConstant() ? 1 : 0);
                if (act.pendingBias == null || consumers.getOrDefault(actName, 0) != 1) {
                    throw fail("adds a constant to '" + actName + "', which is not the bias of a MatMul, Gemm or Conv "
                            + "read by this Add alone");
                }
                Val out = activationLike(act);
                out.layer = act.layer;
                out.pendingBias = act.pendingBias;
                setBias(out, c, n.getInput(a.isConstant() ? 0 : 1));
                return out;
            }
            if (!Arrays.equals(a.shape, b.shape) || a.channelsLast != b.channelsLast || !Arrays.equals(a.perm, b.perm)) {
                throw fail("adds tensors of shapes " + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape)
                        + "; broadcasting is not supported");
            }
            String ia = use(a, "node '" + n.getName() + "' (Add)");
            String ib = use(b, "node '" + n.getName() + "' (Add)");
            String name = layerName(n);
            layers.put(name, new Add(name, List.of(ia, ib)));
            Val out = activationLike(a);
            out.layer = name;
            return out;
        }

        private Val relu(Onnx.NodeProto n) {
            Val x = input(n, 0);
            if (x.isConstant()) {
                throw fail("reads a constant");
            }
            String in = precision != null ? use(x, "") : raw(x);
            String name = layerName(n);
            layers.put(name, new Relu(name, in));
            Val out = activationLike(x);
            out.layer = name;
            out.quantized = x.quantized || precision != null;
            return out;
        }

        private Val flatten(Onnx.NodeProto n) {
            Val x = input(n, 0);
            if (x.isConstant()) {
                throw fail("reshapes a constant; constant folding is not supported");
            }
            int size = Arrays.stream(x.shape).reduce(1, (p, q) -> p * q);
            if (n.getOpType().equals("Flatten")) {
                if (intAttr(n, "axis", 1) != 1) {
                    throw fail("flattens from axis " + intAttr(n, "axis", 1) + "; only axis 1 (keep the batch) is supported");
                }
            } else {
                Val target = constantInput(n, 1, "shape");
                double[] t = target.values;
                boolean flat = t.length == 2 && (t[0] == 1 || t[0] == -1 || t[0] == 0) && (t[1] == -1 || t[1] == size)
                        && !(t[0] == -1 && t[1] == -1);
                if (!flat) {
                    throw fail("reshapes to " + Arrays.toString(t) + "; only [batch, features] targets are supported");
                }
            }
            if (x.shape.length == 1) {
                return x;
            }
            String in = precision != null ? use(x, "") : raw(x);
            String name = layerName(n);
            layers.put(name, new Reshape(name, in, Shape.of(size)));
            Val out = activationLike(x);
            out.layer = name;
            out.shape = new int[] {size};
            out.channelsLast = false;
            out.quantized = x.quantized || precision != null;
            if (x.channelsLast) {
                // IR element (spatial..., c) is ONNX element (c, spatial...)
                int channels = x.shape[0];
                int spatial = size / channels;
                int[] perm = new int[size];
                for (int s = 0; s < spatial; s++) {
                    for (int c = 0; c < channels; c++) {
                        int onnx = c * spatial + s;
                        perm[s * channels + c] = x.perm == null ? onnx : x.perm[onnx];
                    }
                }
                out.perm = perm;
            }
            return out;
        }

        private Val constantNode(Onnx.NodeProto n) {
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("value") && a.hasT()) {
                    return constant(a.getT(), "node '" + n.getName() + "' (Constant)");
                }
            }
            throw fail("has no tensor 'value' attribute");
        }

        // ---------------------------------------------------------------- values

        private Val graphInput(Onnx.ValueInfoProto in) {
            String what = "graph input '" + in.getName() + "'";
            if (!in.getType().hasTensorType()) {
                throw new OnnxImportException(what + " is not a tensor");
            }
            Onnx.TypeProto.Tensor t = in.getType().getTensorType();
            if (t.getElemType() != Onnx.TensorProto.DataType.FLOAT_VALUE && t.getElemType() != Onnx.TensorProto.DataType.DOUBLE_VALUE) {
                throw new OnnxImportException(what + " has element type " + t.getElemType() + "; expected float");
            }
            List<Onnx.TensorShapeProto.Dimension> dims = t.getShape().getDimList();
            if (dims.size() < 2 || dims.size() > 4) {
                throw new OnnxImportException(what + " has rank " + dims.size() + "; expected [batch, features], "
                        + "[batch, C, L] or [batch, C, H, W]");
            }
            if (dims.get(0).hasDimValue() && dims.get(0).getDimValue() > 1) {
                throw new OnnxImportException(what + " has a fixed batch of " + dims.get(0).getDimValue() + "; expected 1 or symbolic");
            }
            int[] shape = new int[dims.size() - 1];
            for (int i = 1; i < dims.size(); i++) {
                if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() < 1) {
                    throw new OnnxImportException(what + " has a dynamic dimension " + i + " ('"
                            + dims.get(i).getDimParam() + "'); only the batch dimension may be dynamic");
                }
                shape[i - 1] = checkedDim(dims.get(i).getDimValue(), what);
            }
            Shape.of(shape); // validates the size
            Val v = new Val();
            v.graphInput = in.getName();
            v.shape = shape;
            v.channelsLast = shape.length > 1;
            return v;
        }

        /** The IR layer reading {@code v} exactly as it is (no precision applied). */
        private String raw(Val v) {
            if (v.layer == null) {
                throw fail("reads graph input '" + v.graphInput + "', which no Quant node quantizes, and no precision was given");
            }
            return v.layer;
        }

        /**
         * The IR layer reading {@code v} as a quantized value: materializes a graph input or a Quantize to the
         * precision's activation type when needed; without a precision an unquantized value is an error.
         */
        private String use(Val v, String reader) {
            if (v.quantized && v.layer != null) {
                return v.layer;
            }
            if (precision == null) {
                if (v.layer == null) {
                    return raw(v);
                }
                if (v.pendingBias != null || !v.quantized) {
                    String who = node != null ? "" : reader + ": ";
                    throw fail(who + "reads '" + v.layer + "', a float result that no Quant node quantizes, and no precision was given");
                }
                return v.layer;
            }
            if (v.layer == null) {
                String name = uniqueName(v.graphInput);
                layers.put(name, new Input(name, TensorType.uniform(irShape(v), precision.activation())));
                v.layer = name;
                v.quantized = true;
                return name;
            }
            if (v.quantizedLayer == null) {
                String name = uniqueName(v.layer + "_q");
                layers.put(name, new Quantize(name, v.layer, TensorType.uniform(irShape(v), precision.activation())));
                v.quantizedLayer = name;
            }
            v.pendingBias = null;
            return v.quantizedLayer;
        }

        private Val activationLike(Val x) {
            Val out = new Val();
            out.shape = x.shape;
            out.channelsLast = x.channelsLast;
            out.perm = x.perm;
            return out;
        }

        private Val input(Onnx.NodeProto n, int i) {
            if (n.getInputCount() <= i || n.getInput(i).isEmpty()) {
                throw fail("misses input " + i);
            }
            Val v = values.get(n.getInput(i));
            if (v == null) {
                throw fail("reads '" + n.getInput(i) + "', which is neither a graph input, an initializer nor the output "
                        + "of an earlier node");
            }
            return v;
        }

        private Val constantInput(Onnx.NodeProto n, int i, String what) {
            Val v = input(n, i);
            if (!v.isConstant()) {
                throw fail("has a non-constant " + what + " '" + n.getInput(i) + "'; it must be an initializer");
            }
            return v;
        }

        private void requireInputs(Onnx.NodeProto n, int count) {
            if (n.getInputCount() < count) {
                throw fail("has " + n.getInputCount() + " inputs; expected " + count);
            }
        }

        /** Exact weights: a Quant-folded constant as it is, a float constant rounded to the precision's weight type. */
        private FixedValue[] weights(Val c, String name) {
            if (c.fixed != null) {
                return c.fixed;
            }
            if (precision == null) {
                throw fail("reads the float constant '" + name + "', which no Quant node quantizes, and no precision was given");
            }
            FixedType t = precision.weight();
            double lsb = Math.scalb(1.0, t.lsbExponent());
            FixedValue[] out = new FixedValue[c.values.length];
            for (int i = 0; i < out.length; i++) {
                double w = checkedFinite(c.values[i]);
                out[i] = FixedValue.fromDouble(w, t);
                double q = out[i].toDouble();
                if (Math.abs(q - w) >= lsb) {
                    throw fail("has weight " + w + " (element " + i + " of '" + name + "') outside the range of the weight type " + t);
                }
                if (q != w) {
                    roundedWeights++;
                }
            }
            return out;
        }

        private Val constant(Onnx.TensorProto t, String what) {
            if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
                throw new OnnxImportException(what + " keeps its data in an external file, which is not supported");
            }
            int[] dims = new int[t.getDimsCount()];
            long size = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = checkedDim(t.getDims(i), what);
                size *= dims[i];
                if (size > Shape.MAX_SIZE) {
                    throw new OnnxImportException(what + " has more than " + Shape.MAX_SIZE + " elements");
                }
            }
            int n = (int) size;
            double[] v = new double[n];
            int type = t.getDataType();
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            boolean hasRaw = t.hasRawData();
            int count;
            switch (type) {
                case Onnx.TensorProto.DataType.FLOAT_VALUE -> {
                    count = hasRaw ? raw.remaining() / 4 : t.getFloatDataCount();
                    check(count, n, raw, 4, hasRaw, what);
                    for (int i = 0; i < n; i++) {
                        v[i] = hasRaw ? raw.getFloat() : t.getFloatData(i);
                    }
                }
                case Onnx.TensorProto.DataType.DOUBLE_VALUE -> {
                    count = hasRaw ? raw.remaining() / 8 : t.getDoubleDataCount();
                    check(count, n, raw, 8, hasRaw, what);
                    for (int i = 0; i < n; i++) {
                        v[i] = hasRaw ? raw.getDouble() : t.getDoubleData(i);
                    }
                }
                case Onnx.TensorProto.DataType.INT64_VALUE -> {
                    count = hasRaw ? raw.remaining() / 8 : t.getInt64DataCount();
                    check(count, n, raw, 8, hasRaw, what);
                    for (int i = 0; i < n; i++) {
                        v[i] = hasRaw ? raw.getLong() : t.getInt64Data(i);
                    }
                }
                case Onnx.TensorProto.DataType.INT32_VALUE -> {
                    count = hasRaw ? raw.remaining() / 4 : t.getInt32DataCount();
                    check(count, n, raw, 4, hasRaw, what);
                    for (int i = 0; i < n; i++) {
                        v[i] = hasRaw ? raw.getInt() : t.getInt32Data(i);
                    }
                }
                default -> throw new OnnxImportException(what + " has data type " + type
                        + "; supported are FLOAT, DOUBLE, INT32 and INT64");
            }
            Val c = new Val();
            c.dims = dims;
            c.values = v;
            return c;
        }

        private static void check(int count, int n, ByteBuffer raw, int bytes, boolean hasRaw, String what) {
            if (count != n || (hasRaw && raw.remaining() != (long) n * bytes)) {
                throw new OnnxImportException(what + " holds " + count + " values for " + n + " elements");
            }
        }

        private Val exactConstant(int[] dims, FixedValue[] fixed) {
            Val c = new Val();
            c.dims = dims;
            c.fixed = fixed;
            c.values = Arrays.stream(fixed).mapToDouble(FixedValue::toDouble).toArray();
            return c;
        }

        /** For each element of a tensor of {@code dims}, the element of the ONNX-broadcast {@code small} it reads. */
        private int[] broadcastIndex(int[] small, int[] dims, String what) {
            if (small.length > dims.length) {
                throw fail("has a " + what + " of shape " + Arrays.toString(small) + " that does not broadcast to " + Arrays.toString(dims));
            }
            int size = Arrays.stream(dims).reduce(1, (p, q) -> p * q);
            int[] index = new int[size];
            int offset = dims.length - small.length;
            for (int d = 0; d < small.length; d++) {
                if (small[d] != 1 && small[d] != dims[d + offset]) {
                    throw fail("has a " + what + " of shape " + Arrays.toString(small) + " that does not broadcast to " + Arrays.toString(dims));
                }
            }
            for (int flat = 0; flat < size; flat++) {
                int rest = flat;
                int s = 0;
                int stride = 1;
                for (int d = dims.length - 1; d >= 0; d--) {
                    int coord = rest % dims[d];
                    rest /= dims[d];
                    if (d >= offset) {
                        int sd = small[d - offset];
                        s += (sd == 1 ? 0 : coord) * stride;
                        stride *= sd;
                    }
                }
                index[flat] = s;
            }
            return index;
        }

        private double[] scalarOrAll(Val c) {
            if (c.values.length == 0) {
                throw fail("has an empty constant input");
            }
            return c.values;
        }

        private int powerOfTwo(double s, String what) {
            if (!(s > 0) || Double.isInfinite(s) || Math.getExponent(s) < Double.MIN_EXPONENT || s != Math.scalb(1.0, Math.getExponent(s))) {
                throw fail("has " + what + " " + s + ", not a power of two; only power-of-two scales map exactly to fixed point");
            }
            return Math.getExponent(s);
        }

        private double checkedFinite(double v) {
            if (!Double.isFinite(v)) {
                throw fail("reads a constant that is " + v);
            }
            return v;
        }

        private FixedTensor tensor(Shape shape, FixedValue[] values) {
            FixedType[] types = new FixedType[values.length];
            BigInteger[] raw = new BigInteger[values.length];
            for (int i = 0; i < values.length; i++) {
                types[i] = values[i].type().withDefaultModes();
                raw[i] = values[i].raw();
            }
            return FixedTensor.of(TensorType.of(shape, types), raw);
        }

        private Shape irShape(Val v) {
            return Shape.of(irShapeArray(v));
        }

        private static int[] irShapeArray(Val v) {
            int[] s = v.shape;
            if (!v.channelsLast) {
                return s.clone();
            }
            int[] ir = new int[s.length];
            System.arraycopy(s, 1, ir, 0, s.length - 1);
            ir[s.length - 1] = s[0];
            return ir;
        }

        private static int[] fromIr(int[] ir) {
            int[] s = new int[ir.length];
            s[0] = ir[ir.length - 1];
            System.arraycopy(ir, 0, s, 1, ir.length - 1);
            return s;
        }

        // ---------------------------------------------------------------- attributes

        private Onnx.AttributeProto attr(Onnx.NodeProto n, String name) {
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a;
                }
            }
            return null;
        }

        private long intAttr(Onnx.NodeProto n, String name, long fallback) {
            Onnx.AttributeProto a = attr(n, name);
            return a == null ? fallback : a.getI();
        }

        private float floatAttr(Onnx.NodeProto n, String name, float fallback) {
            Onnx.AttributeProto a = attr(n, name);
            return a == null ? fallback : a.getF();
        }

        private String stringAttr(Onnx.NodeProto n, String name, String fallback) {
            Onnx.AttributeProto a = attr(n, name);
            return a == null ? fallback : a.getS().toStringUtf8();
        }

        private long[] intsAttr(Onnx.NodeProto n, String name) {
            Onnx.AttributeProto a = attr(n, name);
            return a == null ? new long[0] : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        private int checkedDim(long d, String what) {
            if (d < 1 || d > Shape.MAX_SIZE) {
                String where = node == null ? what : "node '" + node.getName() + "' (" + node.getOpType() + ") " + what;
                throw new OnnxImportException(where + " has dimension " + d + "; expected 1.." + Shape.MAX_SIZE);
            }
            return (int) d;
        }

        // ---------------------------------------------------------------- names and errors

        private String layerName(Onnx.NodeProto n) {
            return uniqueName(n.getName().isEmpty() ? n.getOutput(0) : n.getName());
        }

        private String uniqueName(String raw) {
            String base = sanitize(raw);
            String name = base;
            for (int k = 1; usedNames.contains(name); k++) {
                name = base + "_" + k;
            }
            usedNames.add(name);
            return name;
        }

        private OnnxImportException fail(String reason) {
            Onnx.NodeProto n = node;
            if (n == null) {
                return new OnnxImportException(reason);
            }
            String label = n.getName().isEmpty() ? "output '" + (n.getOutputCount() > 0 ? n.getOutput(0) : "?") + "'" : "'" + n.getName() + "'";
            return new OnnxImportException("node " + label + " (" + n.getOpType() + "): " + reason);
        }
    }

    static String sanitize(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[.-]+", "").replaceAll("\\.+$", "");
        if (s.isEmpty()) {
            s = "layer";
        }
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    private static String stem(String fileName) {
        return fileName.replaceAll("\\.[^.]*$", "");
    }
}

package io.hgq4j.codegen.hls;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.FixedValue;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.LayerVisitor;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one C++ function per layer of a {@link FirmwareModel}, fully unrolled for a pipeline of II = 1.
 *
 * <p>Every tensor is a C++ array of its {@linkplain TensorType#storageType() storage type}, which holds every
 * element's values exactly. Layers whose result the IR defines as exact (dense, convolution, pooling, add, ReLU,
 * reshape, concatenation) accumulate in the output's storage type: the IR derived that type to hold the result,
 * and with the default wrap-around overflow a partial sum may leave the range without changing the final bits.
 * Layers that round or saturate (quantizers, table indices, softmax steps) convert each element to the exact type
 * the IR gives it, modes included. The rounding and overflow rules themselves are never written here: they are the
 * conversions of the ap_fixed types, whose semantics {@code model} defines.
 */
final class LayerEmitter implements LayerVisitor<Void> {

    private final FirmwareModel model;
    private final CppNames names;
    private final CppBuilder out;
    private final List<String> typedefs;
    private final ConstantPool constants;

    /**
     * @param typedefs  receives the typedef lines the functions use (storage types and per-element types)
     * @param constants receives the constants the functions use
     */
    LayerEmitter(FirmwareModel model, CppNames names, CppBuilder out, List<String> typedefs, ConstantPool constants) {
        this.model = model;
        this.names = names;
        this.out = out;
        this.typedefs = typedefs;
        this.constants = constants;
    }

    /** The identifier of a layer's storage type. */
    String typeName(String layer) {
        return names.of(layer) + "_t";
    }

    /** The storage type of a layer's output tensor. */
    FixedType storage(String layer) {
        return CppTypes.storable(model.outputType(layer).storageType());
    }

    /** Declares the storage type of {@code layer}; called once per layer, in order. */
    void declare(Layer layer) {
        typedefs.add("typedef " + CppTypes.spell(storage(layer.name())) + " " + typeName(layer.name()) + "; // "
                + layer.op() + " '" + layer.name() + "', " + model.outputType(layer.name()).palette().size()
                + " element type(s)");
    }

    private int size(String layer) {
        return model.outputType(layer).size();
    }

    /** The function header of a single-input layer. */
    private void header(Layer layer, String comment) {
        String in = layer.inputs().get(0);
        out.line("// " + layer.op() + " '" + layer.name() + "': " + comment);
        out.open("static void " + names.of(layer.name()) + "(const " + typeName(in) + " x[" + size(in) + "], "
                + typeName(layer.name()) + " y[" + size(layer.name()) + "]) {");
        out.pragma("INLINE");
    }

    private void end() {
        out.close();
        out.line("");
    }

    @Override
    public Void visitInput(Input layer) {
        return null; // the top function's argument
    }

    @Override
    public Void visitDense(Dense layer) {
        String in = layer.input();
        TensorType outType = model.outputType(layer.name());
        FixedType inStorage = storage(in);
        FixedType acc = storage(layer.name());
        int features = layer.inputFeatures();
        int units = layer.units();
        int rows = outType.size() / units;
        TensorType inType = model.outputType(in);
        int nonZero = 0;
        for (int k = 0; k < layer.kernel().size(); k++) {
            nonZero += layer.kernel().raw(k).signum() != 0 ? 1 : 0;
        }
        String fn = names.of(layer.name());
        String inArray = typeName(in) + " x[" + features + "]";
        out.line("// dense '" + layer.name() + "': " + features + " -> " + units + ", " + nonZero + " of "
                + layer.kernel().size() + " weights non-zero (zero weights are not written); one function per unit");
        for (int unit = 0; unit < units; unit++) {
            out.open("static " + typeName(layer.name()) + " " + fn + "_u" + unit + "(const " + inArray + ") {");
            out.pragma("INLINE");
            out.line(typeName(layer.name()) + " acc = " + constant(layer.bias().get(unit), layer, "bias " + unit) + ";");
            for (int i = 0; i < features; i++) {
                FixedValue w = layer.kernel().get(i * units + unit);
                if (w.isZero() || allZero(inType, i, features, rows)) {
                    continue;
                }
                CppTypes.checkIntermediate(FixedType.sumType(acc, FixedType.productType(inStorage, w.type())),
                        layer.name(), "multiply-accumulate");
                out.line("hgq4j_mac(acc, x[" + i + "], " + constant(w, layer, "weight [" + i + "][" + unit + "]") + ");");
            }
            out.line("return acc;");
            out.close();
        }
        header(layer, "applies the unit functions to each of " + rows + " row(s)");
        for (int row = 0; row < rows; row++) {
            for (int unit = 0; unit < units; unit++) {
                int flat = row * units + unit;
                out.line(outType.typeAt(flat).isZero() ? "y[" + flat + "] = 0;"
                        : "y[" + flat + "] = " + fn + "_u" + unit + "(x + " + row * features + ");");
            }
        }
        end();
        return null;
    }

    /** Whether input feature {@code i} is the zero-width type in every row (then its products are left out). */
    private static boolean allZero(TensorType in, int i, int features, int rows) {
        for (int row = 0; row < rows; row++) {
            if (!in.typeAt(row * features + i).isZero()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Void visitConv(Conv layer) {
        String in = layer.input();
        SpatialGeometry g = layer.geometry(model.outputType(in).shape());
        FixedType inStorage = storage(in);
        FixedType acc = storage(layer.name());
        int filters = layer.filters();
        boolean padded = g.padding() == Padding.SAME && (g.padTop() > 0 || g.padLeft() > 0
                || (g.outHeight() - 1) * g.strideHeight() + g.windowHeight() > g.inHeight()
                || (g.outWidth() - 1) * g.strideWidth() + g.windowWidth() > g.inWidth());
        header(layer, g.outHeight() + "x" + g.outWidth() + " positions of a " + g.windowHeight() + "x"
                + g.windowWidth() + "x" + g.channels() + " window, " + filters + " filters");
        out.open("for (int oy = 0; oy < " + g.outHeight() + "; oy++) {");
        out.open("for (int ox = 0; ox < " + g.outWidth() + "; ox++) {");
        out.pragma("UNROLL");
        out.line("const int y0 = " + origin("oy", g.strideHeight(), g.padTop()) + ";");
        out.line("const int x0 = " + origin("ox", g.strideWidth(), g.padLeft()) + ";");
        out.line(typeName(layer.name()) + " acc;");
        for (int co = 0; co < filters; co++) {
            out.line("acc = " + constant(layer.bias().get(co), layer, "bias " + co) + ";");
            for (int ky = 0; ky < g.windowHeight(); ky++) {
                for (int kx = 0; kx < g.windowWidth(); kx++) {
                    for (int ci = 0; ci < g.channels(); ci++) {
                        FixedValue w = layer.kernel().get(layer.kernelIndex(ky, kx, ci, co));
                        if (w.isZero()) {
                            continue;
                        }
                        CppTypes.checkIntermediate(FixedType.sumType(acc, FixedType.productType(inStorage, w.type())),
                                layer.name(), "multiply-accumulate");
                        String index = index(g, ky, kx, String.valueOf(ci));
                        String term = "hgq4j_mac(acc, x[" + index + "], " + constant(w, layer, "weight [" + ky + "][" + kx
                                + "][" + ci + "][" + co + "]") + ");";
                        out.line(padded ? "if (" + inside(plus("y0", ky), g.inHeight()) + " && "
                                + inside(plus("x0", kx), g.inWidth()) + ") " + term : term);
                    }
                }
            }
            out.line("y[(oy * " + g.outWidth() + " + ox) * " + filters + " + " + co + "] = acc;");
        }
        out.close();
        out.close();
        end();
        return null;
    }

    /** The flat input index of window tap (ky, kx) at the position whose top-left input is (y0, x0). */
    private static String index(SpatialGeometry g, int ky, int kx, String channel) {
        String pixel = (g.inHeight() == 1 ? "" : "(" + plus("y0", ky) + ") * " + g.inWidth() + " + ") + plus("x0", kx);
        return g.channels() == 1 ? pixel : "(" + pixel + ") * " + g.channels() + (channel.equals("0") ? "" : " + " + channel);
    }

    /** {@code position·stride − pad}, without the parts that are 1 or 0. */
    private static String origin(String position, int stride, int pad) {
        return (stride == 1 ? position : position + " * " + stride) + (pad == 0 ? "" : " - " + pad);
    }

    private static String plus(String base, int k) {
        return k == 0 ? base : base + " + " + k;
    }

    private static String inside(String index, int extent) {
        return "(" + index + ") >= 0 && (" + index + ") < " + extent;
    }

    @Override
    public Void visitPool(Pool layer) {
        String in = layer.input();
        SpatialGeometry g = layer.geometry(model.outputType(in).shape());
        header(layer, layer.reduction().keyword() + " over " + g.windowHeight() + "x" + g.windowWidth() + " windows");
        return layer.reduction() == Pool.Reduction.MAX ? maxPool(layer, g) : averagePool(layer, g);
    }

    private Void maxPool(Pool layer, SpatialGeometry g) {
        String x = typeName(layer.input());
        out.open("for (int oy = 0; oy < " + g.outHeight() + "; oy++) {");
        out.open("for (int ox = 0; ox < " + g.outWidth() + "; ox++) {");
        out.open("for (int c = 0; c < " + g.channels() + "; c++) {");
        out.pragma("UNROLL");
        out.line("const int y0 = " + origin("oy", g.strideHeight(), g.padTop()) + ";");
        out.line("const int x0 = " + origin("ox", g.strideWidth(), g.padLeft()) + ";");
        out.line(x + " m = 0;");
        out.line("bool any = false;");
        for (int ky = 0; ky < g.windowHeight(); ky++) {
            for (int kx = 0; kx < g.windowWidth(); kx++) {
                String index = index(g, ky, kx, "c");
                String guard = g.padding() == Padding.SAME ? inside(plus("y0", ky), g.inHeight()) + " && "
                        + inside(plus("x0", kx), g.inWidth()) + " && " : "";
                out.line("if (" + guard + "(!any || x[" + index + "] > m)) m = x[" + index + "];");
                out.line("any = any || (" + (guard.isEmpty() ? "true" : guard.substring(0, guard.length() - 4)) + ");");
            }
        }
        out.line("y[(oy * " + g.outWidth() + " + ox) * " + g.channels() + " + c] = m;");
        out.close();
        out.close();
        out.close();
        end();
        return null;
    }

    private Void averagePool(Pool layer, SpatialGeometry g) {
        FixedType storage = storage(layer.name());
        int maxShift = 0;
        for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
                maxShift = Math.max(maxShift, layer.averageShift(g, oy, ox));
            }
        }
        // The window sum is the mean times 2^shift: the output's storage LSB with shift more integer bits holds it.
        FixedType sum = FixedType.of(storage.width() + maxShift, storage.intBits() + maxShift, storage.signed());
        CppTypes.checkIntermediate(FixedType.sumType(sum, storage(layer.input())), layer.name(), "window sum");
        out.line(CppTypes.spell(sum) + " acc;");
        for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
                int shift = layer.averageShift(g, oy, ox);
                for (int c = 0; c < g.channels(); c++) {
                    out.line("acc = 0;");
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            int index = g.inputIndex(oy, ox, ky, kx, c);
                            if (index >= 0) {
                                out.line("acc += x[" + index + "];");
                            }
                        }
                    }
                    int flat = (oy * g.outWidth() + ox) * g.channels() + c;
                    out.line("y[" + flat + "] = acc * " + powerOfTwo(-shift) + ";");
                }
            }
        }
        end();
        return null;
    }

    /** 2^e as a one-bit unsigned constant of its own exact type. */
    private static String powerOfTwo(int e) {
        BigDecimal value = e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
        return CppTypes.spell(FixedType.unsigned(1, e + 1)) + "(" + value.toPlainString() + ")";
    }

    @Override
    public Void visitReshape(Reshape layer) {
        header(layer, "to shape " + layer.shape() + " (wiring only)");
        out.open("for (int i = 0; i < " + size(layer.name()) + "; i++) {");
        out.pragma("UNROLL");
        out.line("y[i] = x[i];");
        out.close();
        end();
        return null;
    }

    @Override
    public Void visitRelu(Relu layer) {
        header(layer, "max(x, 0)");
        String y = typeName(layer.name());
        out.open("for (int i = 0; i < " + size(layer.name()) + "; i++) {");
        out.pragma("UNROLL");
        out.line("y[i] = x[i] > 0 ? " + y + "(x[i]) : " + y + "(0);");
        out.close();
        end();
        return null;
    }

    @Override
    public Void visitAdd(Add layer) {
        String fn = names.of(layer.name());
        FixedType acc = storage(layer.name());
        List<String> params = new ArrayList<>();
        for (int k = 0; k < layer.inputs().size(); k++) {
            String in = layer.inputs().get(k);
            CppTypes.checkIntermediate(FixedType.sumType(acc, storage(in)), layer.name(), "sum");
            params.add("const " + typeName(in) + " x" + k + "[" + size(in) + "]");
        }
        out.line("// add '" + layer.name() + "': element-wise sum of " + layer.inputs().size() + " tensors");
        out.open("static void " + fn + "(" + String.join(", ", params) + ", " + typeName(layer.name()) + " y["
                + size(layer.name()) + "]) {");
        out.pragma("INLINE");
        out.open("for (int i = 0; i < " + size(layer.name()) + "; i++) {");
        out.pragma("UNROLL");
        out.line(typeName(layer.name()) + " acc = x0[i];");
        for (int k = 1; k < layer.inputs().size(); k++) {
            out.line("acc += x" + k + "[i];");
        }
        out.line("y[i] = acc;");
        out.close();
        end();
        return null;
    }

    @Override
    public Void visitConcatenate(Concatenate layer) {
        List<String> params = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (int k = 0; k < layer.inputs().size(); k++) {
            String in = layer.inputs().get(k);
            params.add("const " + typeName(in) + " x" + k + "[" + size(in) + "]");
            shapes.add(model.outputType(in).shape());
        }
        out.line("// concatenate '" + layer.name() + "' along axis " + layer.axis() + " (wiring only)");
        out.open("static void " + names.of(layer.name()) + "(" + String.join(", ", params) + ", "
                + typeName(layer.name()) + " y[" + size(layer.name()) + "]) {");
        out.pragma("INLINE");
        int n = size(layer.name());
        int start = 0;
        while (start < n) {
            int[] from = layer.source(shapes, start);
            int end = start + 1;
            while (end < n) {
                int[] next = layer.source(shapes, end);
                if (next[0] != from[0] || next[1] != from[1] + (end - start)) {
                    break;
                }
                end++;
            }
            out.line("for (int i = 0; i < " + (end - start) + "; i++) y[" + start + " + i] = x" + from[0] + "["
                    + from[1] + " + i];");
            start = end;
        }
        end();
        return null;
    }

    @Override
    public Void visitTableLookup(TableLookup layer) {
        String fn = names.of(layer.name());
        FixedTensor table = layer.table();
        String entry = fn + "_entry_t";
        typedefs.add("typedef " + CppTypes.spell(table.type().uniformType()) + " " + entry + ";");
        header(layer, layer.function() + " as a table of " + table.size() + " entries indexed by the input code");
        writeTable(fn + "_table", entry, table, layer);
        int w = layer.inputWidth();
        out.open("for (int i = 0; i < " + size(layer.name()) + "; i++) {");
        out.pragma("UNROLL");
        out.line("y[i] = " + fn + "_table[" + (w == 0 ? "0" : "x[i].range(" + (w - 1) + ", 0).to_uint()") + "];");
        out.close();
        end();
        return null;
    }

    private void writeTable(String name, String entryType, FixedTensor table, Layer layer) {
        out.line("static const " + entryType + " " + name + "[" + table.size() + "] = {");
        StringBuilder row = new StringBuilder();
        for (int k = 0; k < table.size(); k++) {
            FixedValue v = table.get(k);
            row.append(v.isZero() ? entryType + "(0)" : entryType + "(" + CppTypes.literal(v) + ")");
            CppTypes.constant(v, "layer '" + layer.name() + "', " + name + "[" + k + "]"); // checks the literal is exact
            if (k + 1 < table.size()) {
                row.append(", ");
            }
            if (row.length() > 100 || k + 1 == table.size()) {
                out.line("    " + row.toString().stripTrailing());
                row.setLength(0);
            }
        }
        out.line("};");
    }

    @Override
    public Void visitSoftmax(Softmax layer) {
        String fn = names.of(layer.name());
        TensorType inType = model.outputType(layer.input());
        FixedType x = inType.uniformType();
        int n = inType.shape().lastDim();
        int rows = inType.size() / n;
        FixedType d = Softmax.differenceType(x);
        FixedType sum = layer.sumType(n);
        CppTypes.checkIntermediate(layer.productType(), layer.name(), "product e·v");
        CppTypes.checkIntermediate(FixedType.sumType(sum, layer.expType()), layer.name(), "sum of exponentials");
        typedefs.add("typedef " + CppTypes.spell(d) + " " + fn + "_d_t; // max - x");
        typedefs.add("typedef " + CppTypes.spell(layer.expIndex()) + " " + fn + "_a_t; // exp table index");
        typedefs.add("typedef " + CppTypes.spell(layer.expType()) + " " + fn + "_e_t; // exp table entry");
        typedefs.add("typedef " + CppTypes.spell(sum) + " " + fn + "_s_t; // exact sum");
        typedefs.add("typedef " + CppTypes.spell(layer.invIndex()) + " " + fn + "_b_t; // inverse table index");
        typedefs.add("typedef " + CppTypes.spell(layer.invType()) + " " + fn + "_v_t; // inverse table entry");
        typedefs.add("typedef " + CppTypes.spell(layer.output()) + " " + fn + "_y_t; // output, with its modes");
        header(layer, "over rows of " + n + ", from an exp table of " + layer.expTable().size() + " and an inverse"
                + " table of " + layer.invTable().size() + " entries");
        writeTable(fn + "_exp", fn + "_e_t", layer.expTable(), layer);
        writeTable(fn + "_inv", fn + "_v_t", layer.invTable(), layer);
        int wa = layer.expIndex().width();
        int wb = layer.invIndex().width();
        out.open("for (int r = 0; r < " + rows + "; r++) {");
        out.pragma("UNROLL");
        out.line(typeName(layer.input()) + " m = x[r * " + n + "];");
        out.line("for (int i = 1; i < " + n + "; i++) if (x[r * " + n + " + i] > m) m = x[r * " + n + " + i];");
        out.line(fn + "_e_t e[" + n + "];");
        out.line(fn + "_s_t s = 0;");
        out.open("for (int i = 0; i < " + n + "; i++) {");
        out.line(fn + "_d_t d = m - x[r * " + n + " + i];");
        out.line(fn + "_a_t a = d;");
        out.line("e[i] = " + fn + "_exp[" + (wa == 0 ? "0" : "a.range(" + (wa - 1) + ", 0).to_uint()") + "];");
        out.line("s += e[i];");
        out.close();
        out.line(fn + "_b_t b = s;");
        out.line(fn + "_v_t v = " + fn + "_inv[" + (wb == 0 ? "0" : "b.range(" + (wb - 1) + ", 0).to_uint()") + "];");
        out.line("for (int i = 0; i < " + n + "; i++) y[r * " + n + " + i] = " + fn + "_y_t(e[i] * v);");
        out.close();
        end();
        return null;
    }

    @Override
    public Void visitQuantize(Quantize layer) {
        TensorType target = model.outputType(layer.name());
        String fn = names.of(layer.name());
        List<FixedType> palette = target.palette();
        for (int p = 0; p < palette.size(); p++) {
            if (!palette.get(p).isZero()) {
                typedefs.add("typedef " + CppTypes.spell(palette.get(p)) + " " + fn + "_q" + p + "_t;");
            }
        }
        header(layer, palette.size() + " element type(s), each element converted with its own rounding and overflow");
        for (TypeRuns run : TypeRuns.of(target)) {
            String body = palette.get(run.palette()).isZero() ? "0" : fn + "_q" + run.palette() + "_t(x[i])";
            if (run.end() - run.start() == 1) {
                out.line("y[" + run.start() + "] = " + body.replace("[i]", "[" + run.start() + "]") + ";");
            } else {
                out.line("for (int i = " + run.start() + "; i < " + run.end() + "; i++) y[i] = " + body + ";");
            }
        }
        end();
        return null;
    }

    private String constant(FixedValue v, Layer layer, String what) {
        return constants.of(v, "layer '" + layer.name() + "', " + what);
    }
}

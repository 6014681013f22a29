package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.emulator.timing.RtlTimingModel;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.SpatialGeometry;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers that are not matrix multiplications: each output element is computed combinationally from its input
 * elements, then the whole output bus passes through the layer's register stages ({@link RtlTimingModel}). Rounding
 * and overflow are {@link VerilogCast}'s; sums and comparisons happen in a type that holds every operand exactly.
 */
final class ElementEmitter {

    private final FirmwareModel model;
    private final RtlTimingModel timing;

    ElementEmitter(FirmwareModel model, RtlTimingModel timing) {
        this.model = model;
        this.timing = timing;
    }

    LayerRtl emit(Layer layer, String module) {
        int latency = timing.latency(model, layer);
        List<BusLayout> ins = new ArrayList<>();
        for (String in : layer.inputs()) {
            ins.add(new BusLayout(model.outputType(in)));
        }
        BusLayout out = new BusLayout(model.outputType(layer.name()));
        VerilogBuilder v = new VerilogBuilder();
        v.line("// " + layer.op() + " '" + layer.name() + "': " + latency + " cycle(s)");
        boolean clocked = latency > 0;
        v.line("/* verilator lint_off UNUSEDSIGNAL */ // input elements a layer never reads (zero weights, strides)");
        v.open("module " + module + " (");
        if (clocked) {
            v.line("input  wire clk,");
        }
        for (int k = 0; k < ins.size(); k++) {
            v.line("input  wire [" + (ins.get(k).bits() - 1) + ":0] x" + k + ",");
        }
        v.line("output wire [" + (out.bits() - 1) + ":0] y");
        v.close(");");
        v.line("/* verilator lint_off UNUSEDSIGNAL */");
        Body body = new Body(v, ins);
        if (layer instanceof Quantize) {
            for (int e = 0; e < out.size(); e++) {
                FixedType t = out.typeAt(e);
                if (!t.isZero()) {
                    FixedType s = ins.get(0).typeAt(e);
                    body.declare(t, "v" + e);
                    v.raw(indent(VerilogCast.convert(s, t, body.input(0, e), "v" + e, "q" + e)));
                }
            }
        } else if (layer instanceof Relu) {
            for (int e = 0; e < out.size(); e++) {
                FixedType t = out.typeAt(e);
                FixedType s = ins.get(0).typeAt(e);
                if (t.isZero()) {
                    continue;
                }
                body.declare(t, "v" + e);
                if (s.isZero()) {
                    v.line("assign v" + e + " = " + t.width() + "'d0;");
                    continue;
                }
                String x = body.input(0, e);
                String positive = s.signed() ? "!" + BitVectors.bit(x, s.width(), s.width() - 1) + " && " + x + " != "
                        + s.width() + "'d0" : x + " != " + s.width() + "'d0";
                v.line("assign v" + e + " = (" + positive + ") ? " + positivePart(x, s, t) + " : " + t.width() + "'d0;");
            }
        } else if (layer instanceof Reshape || layer instanceof Concatenate) {
            List<Shape> shapes = layer.inputs().stream().map(i -> model.outputType(i).shape()).toList();
            for (int e = 0; e < out.size(); e++) {
                if (out.typeAt(e).isZero()) {
                    continue;
                }
                int[] from = layer instanceof Concatenate c ? c.source(shapes, e) : new int[] {0, e};
                body.declare(out.typeAt(e), "v" + e);
                v.line("assign v" + e + " = " + body.input(from[0], from[1]) + ";");
            }
        } else if (layer instanceof Add) {
            for (int e = 0; e < out.size(); e++) {
                List<FixedType> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int k = 0; k < ins.size(); k++) {
                    types.add(ins.get(k).typeAt(e));
                    names.add(ins.get(k).typeAt(e).isZero() ? null : body.input(k, e));
                }
                body.sum(types, names, out.typeAt(e), 0, "v" + e, "s" + e);
            }
        } else if (layer instanceof Pool p) {
            pool(p, body, ins.get(0), out);
        } else if (layer instanceof TableLookup t) {
            table(t, body, ins.get(0), out, module);
        } else if (layer instanceof Softmax sm) {
            softmax(sm, body, ins.get(0), out);
        } else {
            throw new CodegenException("layer '" + layer.name() + "' (" + layer.op() + ") is not supported by the Verilog "
                    + "backend yet; use the HLS backend (--target hls)");
        }
        v.line("/* verilator lint_on UNUSEDSIGNAL */");
        body.output(out, latency, layer instanceof TableLookup);
        v.close("endmodule");
        return new LayerRtl(layer.name(), module, v.toString(), latency, layer.inputs(), java.util.Map.of());
    }

    /** The positive value of code {@code x} of type {@code s} as a code of {@code t} (exact: t holds it). */
    private static String positivePart(String x, FixedType s, FixedType t) {
        int shift = s.lsbExponent() - t.lsbExponent();
        List<String> parts = new ArrayList<>();
        // bits of the target, most significant first: target bit j is source bit j − shift (0 above the source).
        int top = t.width() - 1;
        int high = Math.min(top, s.width() - 1 + shift);
        if (top > high) {
            parts.add((top - high) + "'d0");
        }
        int lo = Math.max(0, shift);
        if (high >= lo) {
            parts.add(BitVectors.slice(x, s.width(), high - shift, lo - shift));
        }
        if (lo > 0) {
            parts.add(Math.min(lo, t.width()) + "'d0");
        }
        return parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
    }

    private void pool(Pool p, Body body, BusLayout in, BusLayout out) {
        SpatialGeometry g = p.geometry(in.type().shape());
        for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
                for (int c = 0; c < g.channels(); c++) {
                    int e = (oy * g.outWidth() + ox) * g.channels() + c;
                    List<FixedType> types = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        for (int kx = 0; kx < g.windowWidth(); kx++) {
                            int x = g.inputIndex(oy, ox, ky, kx, c);
                            if (x >= 0) {
                                types.add(in.typeAt(x));
                                names.add(in.typeAt(x).isZero() ? null : body.input(0, x));
                            }
                        }
                    }
                    if (p.reduction() == Pool.Reduction.MAX) {
                        body.max(types, names, out.typeAt(e), "v" + e, "m" + e);
                    } else {
                        body.sum(types, names, out.typeAt(e), p.averageShift(g, oy, ox), "v" + e, "s" + e);
                    }
                }
            }
        }
    }

    private void table(TableLookup t, Body body, BusLayout in, BusLayout out, String module) {
        int w = t.inputWidth();
        int entries = t.table().size();
        FixedType entry = t.table().type().uniformType();
        if (entry.isZero()) {
            return;
        }
        VerilogBuilder v = body.v;
        v.line("// " + t.function() + ": " + entries + " entries of " + entry + ", one registered ROM per element");
        java.util.List<java.math.BigInteger> codes = java.util.Arrays.asList(t.table().raws());
        for (int e = 0; e < out.size(); e++) {
            String index = w == 0 ? "zero" : body.input(0, e);
            v.line("wire [" + (entry.width() - 1) + ":0] rom" + e + ";");
            v.raw(VerilogRom.rom(entry, codes, index, w, "rom" + e, "t" + e));
            v.line("reg  [" + (entry.width() - 1) + ":0] v" + e + ";");
            v.line("always @(posedge clk) v" + e + " <= rom" + e + ";");
        }
        body.defined(out);
    }

    /**
     * Softmax in {@value RtlTimingModel#SOFTMAX_CYCLES} registered steps, as {@link Softmax} defines it: (1) the row
     * maximum, d = max − x and its conversion to the exp index A; (2) the exp ROM; (3) the exact sum S of the row and its
     * conversion to the inverse index B; (4) the inverse ROM; (5) the products e·v converted to the output type.
     */
    private void softmax(Softmax sm, Body body, BusLayout in, BusLayout out) {
        VerilogBuilder v = body.v;
        FixedType x = in.type().uniformType();
        int n = in.type().shape().lastDim();
        FixedType d = Softmax.differenceType(x);
        FixedType a = sm.expIndex();
        FixedType e = sm.expType();
        FixedType sum = sm.sumType(n);
        FixedType b = sm.invIndex();
        FixedType inv = sm.invType();
        FixedType p = sm.productType();
        FixedType y = sm.output();
        java.util.List<java.math.BigInteger> expCodes = java.util.Arrays.asList(sm.expTable().raws());
        java.util.List<java.math.BigInteger> invCodes = java.util.Arrays.asList(sm.invTable().raws());
        for (int row = 0; row < in.size() / n; row++) {
            String r = "r" + row;
            v.line("// row " + row);
            String max = null;
            for (int i = 0; i < n; i++) {
                String xi = body.input(0, row * n + i);
                String cmp = x.signed() ? "$signed(" + xi + ") > $signed(" + max + ")" : xi + " > " + max;
                if (max == null) {
                    max = xi;
                } else {
                    String next = r + "_max" + i;
                    v.line("wire [" + (x.width() - 1) + ":0] " + next + " = " + cmp + " ? " + xi + " : " + max + ";");
                    max = next;
                }
            }
            StringBuilder sumTerms = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String k = r + "_" + i;
                String xi = body.input(0, row * n + i);
                v.line("wire [" + (d.width() - 1) + ":0] " + k + "_d = " + max + " - " + xi + ";");
                if (a.width() > 0) {
                    v.line("wire [" + (a.width() - 1) + ":0] " + k + "_a;");
                    v.raw(VerilogCast.convert(d, a, k + "_d", k + "_a", k + "_ca"));
                    v.line("reg  [" + (a.width() - 1) + ":0] " + k + "_a1;");
                    v.line("always @(posedge clk) " + k + "_a1 <= " + k + "_a;");
                }
                v.line("wire [" + (e.width() - 1) + ":0] " + k + "_exp;");
                v.raw(VerilogRom.rom(e, expCodes, a.width() > 0 ? k + "_a1" : "zero", a.width(), k + "_exp", k + "_rom"));
                v.line("reg  [" + (e.width() - 1) + ":0] " + k + "_e2, " + k + "_e3, " + k + "_e4;");
                v.open("always @(posedge clk) begin");
                v.line(k + "_e2 <= " + k + "_exp;");
                v.line(k + "_e3 <= " + k + "_e2;");
                v.line(k + "_e4 <= " + k + "_e3;");
                v.close("end");
                // the entries and the sum share E's LSB: add the codes modulo 2^c, c wide enough for both
                sumTerms.append(sumTerms.length() == 0 ? "" : " + ").append(BitVectors.extend(k + "_e2", e.width(), false,
                        Math.max(e.width(), sum.width())));
            }
            int c = Math.max(e.width(), sum.width());
            v.line("wire [" + (c - 1) + ":0] " + r + "_sum = " + sumTerms + ";");
            v.line("wire [" + (sum.width() - 1) + ":0] " + r + "_s = " + BitVectors.slice(r + "_sum", c, sum.width() - 1, 0)
                    + ";");
            if (b.width() > 0) {
                v.line("wire [" + (b.width() - 1) + ":0] " + r + "_b;");
                v.raw(VerilogCast.convert(sum, b, r + "_s", r + "_b", r + "_cb"));
                v.line("reg  [" + (b.width() - 1) + ":0] " + r + "_b3;");
                v.line("always @(posedge clk) " + r + "_b3 <= " + r + "_b;");
            }
            v.line("wire [" + (inv.width() - 1) + ":0] " + r + "_inv;");
            v.raw(VerilogRom.rom(inv, invCodes, b.width() > 0 ? r + "_b3" : "zero", b.width(), r + "_inv", r + "_rom"));
            v.line("reg  [" + (inv.width() - 1) + ":0] " + r + "_v4;");
            v.open("always @(posedge clk) begin");
            v.line(r + "_v4 <= " + r + "_inv;");
            v.close("end");
            for (int i = 0; i < n; i++) {
                String k = r + "_" + i;
                int element = row * n + i;
                v.line("wire [" + (p.width() - 1) + ":0] " + k + "_p = " + BitVectors.extend(k + "_e4", e.width(), false,
                        p.width()) + " * " + BitVectors.extend(r + "_v4", inv.width(), false, p.width()) + ";");
                v.line("wire [" + (y.width() - 1) + ":0] " + k + "_y;");
                v.raw(VerilogCast.convert(p, y, k + "_p", k + "_y", k + "_cy"));
                v.line("reg  [" + (y.width() - 1) + ":0] v" + element + ";");
                v.line("always @(posedge clk) v" + element + " <= " + k + "_y;");
            }
        }
        body.registeredStages(RtlTimingModel.SOFTMAX_CYCLES);
    }

    private static String indent(String block) {
        return block.replaceAll("(?m)^(?=.)", "");
    }

    /** The statements of one layer module: input element wires, results v&lt;e&gt;, and the output register stages. */
    private static final class Body {

        private final VerilogBuilder v;
        private final List<BusLayout> ins;
        private final java.util.Set<String> declaredInputs = new java.util.HashSet<>();

        Body(VerilogBuilder v, List<BusLayout> ins) {
            this.v = v;
            this.ins = ins;
        }

        /** The wire holding element {@code e} of input {@code k} (declared on first use). */
        String input(int k, int e) {
            if (ins.get(k).typeAt(e).isZero()) {
                return "zero"; // a zero-width element is the constant 0: nothing reads the name
            }
            String name = "x" + k + "_" + e;
            if (declaredInputs.add(name)) {
                FixedType t = ins.get(k).typeAt(e);
                v.line("wire [" + (t.width() - 1) + ":0] " + name + " = " + ins.get(k).slice("x" + k, e) + ";");
            }
            return name;
        }

        void declare(FixedType t, String name) {
            v.line("wire [" + (t.width() - 1) + ":0] " + name + ";");
        }

        private int registeredInPlace;

        void defined(BusLayout out) {
            registeredInPlace = 1;
        }

        /** The results already passed through {@code stages} register stages of the layer's latency. */
        void registeredStages(int stages) {
            registeredInPlace = stages;
        }

        /**
         * {@code name} = (Σ operands)·2^−shift as a code of {@code t}: operands aligned to a type that holds each of them
         * and the sum, added modulo its width (exact, since the true sum fits), then t's bits taken out.
         */
        void sum(List<FixedType> types, List<String> names, FixedType t, int shift, String name, String prefix) {
            if (t.isZero()) {
                return;
            }
            FixedType scaled = FixedType.of(t.width(), t.intBits() + shift, t.signed());
            List<FixedType> all = new ArrayList<>(types);
            all.add(scaled);
            FixedType c = FixedType.covering(all);
            List<String> terms = new ArrayList<>();
            for (int k = 0; k < types.size(); k++) {
                if (names.get(k) != null) {
                    terms.add(VerilogCast.align(types.get(k), names.get(k), c));
                }
            }
            declare(t, name);
            if (terms.isEmpty()) {
                v.line("assign " + name + " = " + t.width() + "'d0;");
                return;
            }
            v.line("wire [" + (c.width() - 1) + ":0] " + prefix + " = " + String.join(" + ", terms) + ";");
            int low = scaled.lsbExponent() - c.lsbExponent();
            v.line("assign " + name + " = " + BitVectors.slice(prefix, c.width(), low + t.width() - 1, low) + ";");
        }

        /** {@code name} = the largest operand (zero-width ones count as 0) as a code of {@code t}. */
        void max(List<FixedType> types, List<String> names, FixedType t, String name, String prefix) {
            if (t.isZero()) {
                return;
            }
            FixedType c = VerilogCast.comparisonType(types.toArray(FixedType[]::new));
            declare(t, name);
            String current = null;
            for (int k = 0; k < types.size(); k++) {
                String operand = prefix + "_" + k;
                v.line("wire signed [" + (c.width() - 1) + ":0] " + operand + " = " + (names.get(k) == null
                        ? "$signed(" + c.width() + "'d0)" : VerilogCast.compareOperand(types.get(k), names.get(k), c)) + ";");
                if (current == null) {
                    current = operand;
                } else {
                    String next = prefix + "_max" + k;
                    v.line("wire signed [" + (c.width() - 1) + ":0] " + next + " = " + operand + " > " + current + " ? "
                            + operand + " : " + current + ";");
                    current = next;
                }
            }
            int low = t.lsbExponent() - c.lsbExponent();
            v.line("assign " + name + " = " + BitVectors.slice(current, c.width(), low + t.width() - 1, low) + ";");
        }

        /** Drives {@code y}: the results, through the layer's register stages. */
        void output(BusLayout out, int latency, boolean registeredOnce) {
            List<String> parts = new ArrayList<>();
            for (int e = out.size() - 1; e >= 0; e--) {
                if (!out.typeAt(e).isZero()) {
                    parts.add("v" + e);
                }
            }
            String all = parts.isEmpty() ? "1'b0" : parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
            int stages = latency - registeredInPlace;
            if (stages == 0) {
                v.line("assign y = " + all + ";");
            } else {
                v.line("hgq4j_delay #(.W(" + out.bits() + "), .N(" + stages + ")) u_out (.clk(clk), .d(" + all + "), .q(y));");
            }
        }
    }

}

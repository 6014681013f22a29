package io.hgq4j.codegen.verilog;

import io.hgq4j.emulator.timing.RtlTimingModel;
import io.hgq4j.model.cmvm.AdderGraph;
import io.hgq4j.model.cmvm.LayerProblem;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Dense or Conv layer as shift-add graphs ({@link AdderGraph}): one module per distinct graph, instantiated for every
 * row (Dense) or output position (Conv) that has it, inside the layer's module. Inside a graph module, an adder at
 * depth d sits in pipeline stage ⌈d/N⌉; a value used in a later stage is carried there through registers; every
 * output is registered at the end of the layer's last stage, so all outputs appear after exactly the layer's
 * latency ({@link RtlTimingModel}).
 */
final class CmvmEmitter {

    private final FirmwareModel model;
    private final RtlTimingModel timing;

    CmvmEmitter(FirmwareModel model, RtlTimingModel timing) {
        this.model = model;
        this.timing = timing;
    }

    /** The layer's modules (graph modules first) and its latency. */
    LayerRtl emit(Layer layer, String module) {
        Map<LayerProblem, AdderGraph> graphs = timing.graphs(model, layer);
        int stages = timing.latency(model, layer);
        TensorType in = model.outputType(layer.inputs().get(0));
        TensorType out = model.outputType(layer.name());
        BusLayout inBus = new BusLayout(in);
        BusLayout outBus = new BusLayout(out);
        Map<String, String> graphModules = new LinkedHashMap<>();
        VerilogBuilder body = new VerilogBuilder();
        int instance = 0;
        for (LayerProblem p : LayerProblem.of(model, layer)) {
            AdderGraph graph = graphs.get(p);
            List<FixedType> outputTypes = new ArrayList<>();
            for (int e : p.outputElements()) {
                outputTypes.add(out.typeAt(e));
            }
            String text = graphModule("%s", graph, outputTypes, stages);
            String name = graphModules.get(text);
            if (name == null) {
                name = module + "_g" + graphModules.size();
                graphModules.put(text, name);
            }
            StringBuilder ports = new StringBuilder(".clk(clk)");
            for (AdderGraph.Node n : graph.nodes()) {
                if (n.isAdder()) {
                    break;
                }
                int element = p.inputElements()[n.input()];
                ports.append(", .a").append(n.input()).append('(')
                        .append(element < 0 ? "1'b1" : inBus.slice("x0", element)).append(')');
            }
            for (int j = 0; j < p.outputElements().length; j++) {
                String slice = outBus.slice("y", p.outputElements()[j]);
                if (slice != null) {
                    ports.append(", .y").append(j).append('(').append(slice).append(')');
                }
            }
            body.line(name + " u" + instance++ + " (" + ports + ");");
        }
        java.util.Map<String, String> helpers = new LinkedHashMap<>();
        graphModules.forEach((text, name) -> helpers.put(name, text.replace("module %s (", "module " + name + " (")));
        VerilogBuilder v = new VerilogBuilder();
        v.line("// " + layer.op() + " '" + layer.name() + "': " + instance + " shift-add graph instance(s) of "
                + graphModules.size() + " distinct graph(s), " + stages + " cycle(s)");
        v.line("/* verilator lint_off UNUSEDSIGNAL */ // input elements a layer never reads (zero weights, strides)");
        v.open("module " + module + " (");
        v.line("input  wire clk,");
        v.line("input  wire [" + (inBus.bits() - 1) + ":0] x0,");
        v.line("output wire [" + (outBus.bits() - 1) + ":0] y");
        v.close(");");
        v.line("/* verilator lint_off UNUSEDSIGNAL */ // input elements no graph reads (zero weights)");
        v.raw(indent(body.toString()));
        boolean anyOutput = false;
        for (int e = 0; e < outBus.size(); e++) {
            anyOutput |= !outBus.typeAt(e).isZero();
        }
        if (!anyOutput) {
            v.line("assign y = 1'b0; // every output element is the constant 0");
        }
        v.line("/* verilator lint_on UNUSEDSIGNAL */");
        v.close("endmodule");
        return new LayerRtl(layer.name(), module, v.toString(), stages, layer.inputs(), helpers);
    }

    private static String indent(String block) {
        return block.replaceAll("(?m)^(?=.)", "    ");
    }

    /** A graph module; its name is left as the format placeholder so that equal graphs compare equal as text. */
    private String graphModule(String name, AdderGraph graph, List<FixedType> outputTypes, int stages) {
        int n = timing.pipelineEvery();
        List<AdderGraph.Node> nodes = graph.nodes();
        int[] avail = new int[nodes.size()];
        int[] lastUse = new int[nodes.size()];
        for (int k = 0; k < nodes.size(); k++) {
            AdderGraph.Node node = nodes.get(k);
            avail[k] = node.isAdder() ? (node.depth() + n - 1) / n : 1;
            lastUse[k] = avail[k];
            if (node.isAdder()) {
                lastUse[node.left()] = Math.max(lastUse[node.left()], avail[k]);
                lastUse[node.right()] = Math.max(lastUse[node.right()], avail[k]);
            }
        }
        for (AdderGraph.Output o : graph.outputs()) {
            if (!o.isZero()) {
                lastUse[o.node()] = Math.max(lastUse[o.node()], stages);
            }
        }
        VerilogBuilder v = new VerilogBuilder();
        v.line("// " + graph.adderCount() + " adders, depth " + graph.depth() + "; registers every " + n
                + " adder level(s)");
        v.open("module " + name + " (");
        v.line("input  wire clk" + (nodes.isEmpty() && outputTypes.stream().allMatch(FixedType::isZero) ? "" : ","));
        List<String> ports = new ArrayList<>();
        for (AdderGraph.Node node : nodes) {
            if (!node.isAdder()) {
                ports.add("input  wire [" + (width(node) - 1) + ":0] a" + node.input());
            }
        }
        for (int j = 0; j < outputTypes.size(); j++) {
            if (!outputTypes.get(j).isZero()) {
                ports.add("output reg  [" + (outputTypes.get(j).width() - 1) + ":0] y" + j);
            }
        }
        for (int k = 0; k < ports.size(); k++) {
            v.line(ports.get(k) + (k + 1 < ports.size() ? "," : ""));
        }
        v.close(");");
        v.line("/* verilator lint_off UNUSEDSIGNAL */");
        StringBuilder registers = new StringBuilder();
        for (int k = 0; k < nodes.size(); k++) {
            AdderGraph.Node node = nodes.get(k);
            int w = width(node);
            if (node.isAdder()) {
                AdderGraph.Node l = nodes.get(node.left());
                AdderGraph.Node r = nodes.get(node.right());
                int c = Math.max(w, Math.max(width(l), width(r) + node.shift()));
                String left = BitVectors.extend(at(node.left(), avail[k], avail), width(l), l.signed(), c);
                String right = BitVectors.shifted(at(node.right(), avail[k], avail), width(r), r.signed(), node.shift(), c);
                String sum = node.reversed() ? right + " - " + left : left + (node.subtract() ? " - " : " + ") + right;
                if (c == w) {
                    v.line("wire [" + (w - 1) + ":0] n" + k + " = " + sum + ";");
                } else {
                    v.line("wire [" + (c - 1) + ":0] n" + k + "_full = " + sum + ";");
                    v.line("wire [" + (w - 1) + ":0] n" + k + " = n" + k + "_full[" + (w - 1) + ":0];");
                }
            } else {
                v.line("wire [" + (w - 1) + ":0] n" + k + " = a" + node.input() + ";");
            }
            for (int d = 1; d <= lastUse[k] - avail[k]; d++) {
                v.line("reg  [" + (w - 1) + ":0] n" + k + "_r" + d + ";");
                registers.append("    n").append(k).append("_r").append(d).append(" <= ")
                        .append(d == 1 ? "n" + k : "n" + k + "_r" + (d - 1)).append(";\n");
            }
        }
        StringBuilder outputs = new StringBuilder();
        for (int j = 0; j < outputTypes.size(); j++) {
            FixedType y = outputTypes.get(j);
            if (y.isZero()) {
                continue;
            }
            AdderGraph.Output o = graph.outputs().get(j);
            if (o.isZero()) {
                outputs.append("    y").append(j).append(" <= ").append(y.width()).append("'d0;\n");
                continue;
            }
            AdderGraph.Node node = nodes.get(o.node());
            int c = Math.max(y.width(), width(node) + o.shift());
            String value = BitVectors.shifted(at(o.node(), stages, avail), width(node), node.signed(), o.shift(), c);
            String t = "t" + j;
            v.line("wire [" + (c - 1) + ":0] " + t + " = " + (o.negate() ? "-" + paren(value) : value) + ";");
            outputs.append("    y").append(j).append(" <= ").append(BitVectors.slice(t, c, y.width() - 1, 0)).append(";\n");
        }
        v.line("/* verilator lint_on UNUSEDSIGNAL */");
        v.open("always @(posedge clk) begin");
        v.raw(indent(registers.toString()));
        v.raw(indent(outputs.toString()));
        v.close("end");
        v.close("endmodule");
        return v.toString();
    }

    private static String paren(String e) {
        return e.startsWith("{") ? e : "(" + e + ")";
    }

    /** Node {@code k}'s value as seen in {@code stage}: itself, or the register copy that carried it there. */
    private static String at(int k, int stage, int[] avail) {
        int delay = stage - avail[k];
        return delay <= 0 ? "n" + k : "n" + k + "_r" + delay;
    }

    private static int width(AdderGraph.Node node) {
        return Math.max(1, node.width());
    }
}

package io.hgq4j.cli;

import io.hgq4j.emulator.timing.ModelTiming;
import io.hgq4j.emulator.timing.TimingModel;
import io.hgq4j.model.cost.LayerCost;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hgq4j inspect MODEL.hgq}: what a model holds and costs, layer by layer. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the layers, shapes, fixed-point types, weights and EBOPs of a .hgq model.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL.hgq", description = "The model file.")
    Path model;

    @Mixin
    ClockOptions clock;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FirmwareModel m = HgqFile.read(model);
        ModelCost cost = ModelCost.of(m);
        ModelTiming timing = new TimingModel(clock.clock()).estimate(m);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model   %s (%s)%n", m.name(), model);
        for (Input input : m.inputs()) {
            out.printf("input   %s: %s%n", input.name(), describe(input.type()));
        }
        for (String output : m.outputs()) {
            out.printf("output  %s: %s%n", output, describe(m.outputType(output)));
        }
        out.printf("EBOPs   %,d    weights %,d (%,d non-zero)%n", cost.totalEbops(), cost.totalWeights(),
                cost.totalNonZeroWeights());
        out.printf("latency %d cycles = %s ns at %s MHz, II %d (estimate: fully unrolled, pipelined)%n",
                timing.latencyCycles(), number(timing.latencyNs()), number(timing.clock().frequencyMhz()),
                timing.initiationInterval());
        m.metrics().forEach((k, v) -> out.printf("metric  %s = %s%n", k, v));
        m.metadata().forEach((k, v) -> out.printf("meta    %s = %s%n", k, v));
        out.println();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "layer", "op", "inputs", "shape", "types", "bits", "weights", "EBOPs", "cycles"});
        int index = 0;
        for (Layer layer : m.layers()) {
            LayerCost c = cost.layers().get(index);
            TensorType t = m.outputType(layer.name());
            rows.add(new String[] {
                Integer.toString(index++),
                layer.name(),
                layer.op(),
                String.join(",", layer.inputs()),
                t.shape().toString(),
                types(t),
                c.minOutputWidth() == c.maxOutputWidth() ? Integer.toString(c.maxOutputWidth())
                        : c.minOutputWidth() + ".." + c.maxOutputWidth(),
                c.weights() == 0 ? "" : String.format("%,d/%,d", c.nonZeroWeights(), c.weights()),
                c.ebops() == 0 ? "" : String.format("%,d", c.ebops()),
                Integer.toString(timing.layers().get(index - 1).latencyCycles())});
        }
        TextTable.print(out, rows, 0, 7, 8, 9);
        printTables(out, m);
        out.flush();
        return 0;
    }

    /**
     * The tables of table activations and softmax layers, which the layer rows do not show: their sizes, entry types,
     * index types and what indexes them (for a softmax, the exact intermediates max − x and the sum, with their derived
     * types). Nothing is printed for a model without tables.
     */
    private static void printTables(PrintWriter out, FirmwareModel m) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "table", "entries", "entry", "index", "indexed by"});
        for (Layer layer : m.layers()) {
            if (layer instanceof TableLookup t) {
                rows.add(tableRow(t.name(), t.function(), t.table(), m.outputType(t.input()).uniformType().toString(),
                        t.input()));
            } else if (layer instanceof Softmax s) {
                TensorType in = m.outputType(s.input());
                rows.add(tableRow(s.name(), "exp", s.expTable(), s.expIndex().toString(),
                        "max - x: " + Softmax.differenceType(in.uniformType())));
                rows.add(tableRow(s.name(), "inverse", s.invTable(), s.invIndex().toString(),
                        "sum: " + s.sumType(in.shape().lastDim())));
            }
        }
        if (rows.size() > 1) {
            out.println();
            out.println("tables");
            TextTable.print(out, rows, 2);
        }
    }

    private static String[] tableRow(String layer, String table, FixedTensor entries, String index, String indexedBy) {
        return new String[] {layer, table, String.format("%,d", entries.size()), entries.type().uniformType().toString(),
            index, indexedBy};
    }

    /** A figure without needless decimals: 5, 6.25, 333.33. */
    private static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format("%.2f", x);
    }

    private static String describe(TensorType t) {
        return t.shape() + " " + types(t);
    }

    /** The shared type, or how many different element types there are. */
    private static String types(TensorType t) {
        return t.isUniform() ? t.uniformType().toString() : t.palette().size() + " types";
    }
}

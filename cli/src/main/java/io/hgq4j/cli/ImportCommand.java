package io.hgq4j.cli;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.interop.onnx.OnnxImporter;
import io.hgq4j.interop.onnx.Precision;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hgq4j import MODEL -o MODEL.hgq}: an HGQ proxy model (Keras 2 HDF5) or an ONNX / QONNX model to a firmware
 * model that computes exactly the same.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert a model into a .hgq firmware model that computes exactly the same:",
            "  MODEL.h5    an HGQ proxy model (Keras 2 HDF5 with FixedPointQuantizer layers); supported Keras layers: "
                + ImportCommand.SUPPORTED + ";",
            "  MODEL.onnx  ONNX or QONNX (Quant nodes with power-of-two scales; MatMul, Gemm, Conv, MaxPool, Relu,"
                + " Add, Flatten/Reshape); a float model needs --precision."})
final class ImportCommand implements Callable<Integer> {

    /** The importer's supported layers, spelled out for the help text (a test keeps it equal to the importer's). */
    static final String SUPPORTED = "Activation, Add, AveragePooling1D, AveragePooling2D, BatchNormalization, "
            + "Concatenate, Conv1D, Conv2D, Dense, Dropout, FixedPointQuantizer, Flatten, InputLayer, MaxPooling1D, "
            + "MaxPooling2D, ReLU, Reshape";

    @Parameters(paramLabel = "MODEL", description = "The model file: .h5 (HGQ proxy, Keras 2) or .onnx.")
    Path source;

    @Option(names = "--precision", paramLabel = "TYPE",
            description = "ONNX: the fixed-point type of every activation not set by a Quant node, e.g. 'fixed<16,6,RND,SAT>'"
                    + " (needed for float models).")
    String precision;

    @Option(names = "--weight-precision", paramLabel = "TYPE",
            description = "ONNX: the type float weights are rounded to (default: --precision).")
    String weightPrecision;

    @Option(names = "--drop-softmax", description = "ONNX: drop a final Softmax (the outputs are then logits; argmax unchanged).")
    boolean dropSoftmax;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.hgq",
            description = "Where to write the firmware model (default: MODEL.hgq beside MODEL.h5).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FirmwareModel model = read();
        Path target = output != null ? output : defaultOutput(source);
        HgqFile.write(model, target);
        String inputs = model.inputs().stream().map(ImportCommand::describe).collect(Collectors.joining(", "));
        String outputs = model.outputs().stream()
                .map(o -> o + " " + model.outputType(o).shape()).collect(Collectors.joining(", "));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s -> %s: model %s, %d layers, input %s, output %s, EBOPs %,d%n", source, target, model.name(),
                model.layers().size(), inputs, outputs, ModelCost.of(model).totalEbops());
        out.flush();
        return 0;
    }

    private FirmwareModel read() throws IOException {
        String name = source.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".onnx")) {
            return OnnxImporter.read(source, onnxPrecision());
        }
        if (precision != null || weightPrecision != null || dropSoftmax) {
            throw new IllegalArgumentException("--precision, --weight-precision and --drop-softmax apply to ONNX models;"
                    + " " + source + " is read as an HGQ proxy model");
        }
        return KerasHgqImporter.read(source);
    }

    private Precision onnxPrecision() {
        if (precision == null) {
            if (weightPrecision != null || dropSoftmax) {
                throw new IllegalArgumentException("--weight-precision and --drop-softmax need --precision");
            }
            return null;
        }
        FixedType activation = FixedType.parse(precision);
        FixedType weight = weightPrecision != null ? FixedType.parse(weightPrecision) : activation;
        Precision p = Precision.of(activation, weight);
        return dropSoftmax ? p.withFinalSoftmaxDropped() : p;
    }

    private static String describe(Input input) {
        return input.name() + " " + input.type().shape();
    }

    /** {@code dir/name.h5} → {@code dir/name.hgq}. */
    static Path defaultOutput(Path source) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return source.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hgq");
    }
}

package io.hgq4j.cli;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.interop.onnx.OnnxImporter;
import io.hgq4j.interop.onnx.Precision;
import io.hgq4j.interop.qkeras.QKerasImporter;
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
                + " Add, Flatten/Reshape); a float model needs --precision;",
            "  MODEL.json  QKeras or plain Keras 2 (weights in MODEL_weights.h5; a single .h5 with --from qkeras):"
                + " QDense, QConv1D/2D, QActivation with quantized_bits and quantized_relu; the input and layers"
                + " without a quantizer need --precision or --precision-file."})
final class ImportCommand implements Callable<Integer> {

    /** The importer's supported layers, spelled out for the help text (a test keeps it equal to the importer's). */
    static final String SUPPORTED = "Activation, Add, AveragePooling1D, AveragePooling2D, BatchNormalization, "
            + "Concatenate, Conv1D, Conv2D, Dense, Dropout, FixedPointQuantizer, Flatten, InputLayer, MaxPooling1D, "
            + "MaxPooling2D, ReLU, Reshape";

    @Parameters(paramLabel = "MODEL", description = "The model file: .h5 (HGQ proxy, Keras 2), .onnx, or .json (QKeras).")
    Path source;

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "hgq (HGQ proxy .h5), qkeras (.json or .h5) or onnx (default: from the file name).")
    String from;

    @Option(names = "--precision-file", paramLabel = "TYPES.yaml",
            description = "QKeras: 'default: TYPE' and 'layers:' with 'NAME: TYPE' lines for layers without a quantizer.")
    Path precisionFile;

    @Option(names = "--precision", paramLabel = "TYPE",
            description = "ONNX: the type of every activation no Quant node sets (needed for float models); QKeras: the"
                    + " type of the input and of layers without a quantizer; e.g. 'fixed<16,6,RND_CONV,SAT>'.")
    String precision;

    @Option(names = "--weight-precision", paramLabel = "TYPE",
            description = "ONNX: the type float weights are rounded to (default: --precision).")
    String weightPrecision;

    @Option(names = "--drop-softmax", description = "ONNX: drop a final Softmax (the outputs are then logits; argmax unchanged).")
    boolean dropSoftmax;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.hgq",
            description = "Where to write the firmware model (default: beside MODEL, with the extension .hgq).")
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
        String format = from != null ? from : name.endsWith(".onnx") ? "onnx" : name.endsWith(".json") ? "qkeras" : "hgq";
        boolean onnxOptions = weightPrecision != null || dropSoftmax;
        switch (format) {
            case "onnx" -> {
                refuse(precisionFile != null, "--precision-file applies to QKeras models");
                return OnnxImporter.read(source, onnxPrecision());
            }
            case "qkeras" -> {
                refuse(onnxOptions, "--weight-precision and --drop-softmax apply to ONNX models");
                refuse(precision != null && precisionFile != null, "give --precision or --precision-file, not both");
                io.hgq4j.interop.qkeras.Precision p = precisionFile != null
                        ? io.hgq4j.interop.qkeras.Precision.read(precisionFile)
                        : precision != null ? io.hgq4j.interop.qkeras.Precision.of(FixedType.parse(precision))
                        : io.hgq4j.interop.qkeras.Precision.none();
                return QKerasImporter.read(source, p);
            }
            case "hgq" -> {
                refuse(precision != null || precisionFile != null || onnxOptions, "--precision and the other precision"
                        + " options apply to ONNX and QKeras models; " + source + " is read as an HGQ proxy model"
                        + " (--from qkeras for a QKeras .h5)");
                return KerasHgqImporter.read(source);
            }
            default -> throw new IllegalArgumentException("--from " + from + ": expected hgq, qkeras or onnx");
        }
    }

    private static void refuse(boolean condition, String message) {
        if (condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private Precision onnxPrecision() {
        if (precision == null) {
            refuse(weightPrecision != null || dropSoftmax, "--weight-precision and --drop-softmax need --precision");
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

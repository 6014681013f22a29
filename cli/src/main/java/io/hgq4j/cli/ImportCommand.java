package io.hgq4j.cli;

import io.hgq4j.interop.keras.KerasHgqImporter;
import io.hgq4j.model.cost.ModelCost;
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

/** {@code hgq4j import MODEL.h5 -o MODEL.hgq}: an HGQ proxy model (Keras 2 HDF5) to a firmware model. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert an HGQ proxy model (Keras 2 .h5 with FixedPointQuantizer layers) into a .hgq "
                + "firmware model that computes exactly the same.",
            "Supported Keras layers: " + ImportCommand.SUPPORTED + "."})
final class ImportCommand implements Callable<Integer> {

    /** The importer's supported layers, spelled out for the help text (a test keeps it equal to the importer's). */
    static final String SUPPORTED = "Activation, Add, AveragePooling1D, AveragePooling2D, BatchNormalization, "
            + "Concatenate, Conv1D, Conv2D, Dense, Dropout, FixedPointQuantizer, Flatten, InputLayer, MaxPooling1D, "
            + "MaxPooling2D, ReLU, Reshape";

    @Parameters(paramLabel = "MODEL.h5", description = "The Keras HDF5 file (saved with model.save).")
    Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "MODEL.hgq",
            description = "Where to write the firmware model (default: MODEL.hgq beside MODEL.h5).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FirmwareModel model = KerasHgqImporter.read(source);
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

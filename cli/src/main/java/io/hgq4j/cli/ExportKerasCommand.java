package io.hgq4j.cli;

import io.hgq4j.interop.keras.KerasHgqExporter;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j export-keras MODEL.hgq -o MODEL.h5}: a firmware model as an HGQ proxy Keras 2 HDF5 file. */
@Command(name = "export-keras", mixinStandardHelpOptions = true,
        description = {"Write a .hgq firmware model as an HGQ proxy Keras 2 HDF5 file (FixedPointQuantizer layers with",
            "per-element bits, float32 weights that are exactly the fixed-point constants), the layout of HGQ's own",
            "proxy models; hgq4j import reads it back as the same model."})
final class ExportKerasCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL.hgq", description = "The model file.")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.h5", description = "The HDF5 file to write.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FirmwareModel model = HgqFile.read(modelFile);
        KerasHgqExporter.write(model, output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s -> %s: model %s, %d layers (HGQ proxy, Keras 2 HDF5)%n", modelFile, output, model.name(),
                model.layers().size());
        out.flush();
        return 0;
    }
}

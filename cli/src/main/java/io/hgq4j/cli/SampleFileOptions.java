package io.hgq4j.cli;

import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The sample files of every command that runs a model on data: inputs, their scale, and where outputs go. */
final class SampleFileOptions {

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "X", description = "The input samples.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "Y", description = "Where to write the output values (.npy or .csv).")
    Path output;

    @Option(names = "--input-scale", paramLabel = "S", defaultValue = "1",
            description = "Multiply every input value by S first, e.g. 0.00390625 for pixel/256 (default: ${DEFAULT-VALUE}).")
    double inputScale;

    /** The input samples, scaled. */
    SampleArray read() throws IOException {
        return SampleArrays.read(input, inputScale);
    }
}

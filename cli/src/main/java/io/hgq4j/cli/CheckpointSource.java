package io.hgq4j.cli;

import io.hgq4j.quantizer.nn.NativeThreads;
import io.hgq4j.quantizer.run.CheckpointExport;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The checkpoint that {@code calibrate} and {@code export} read, and how much training data calibrates it. */
final class CheckpointSource {

    @Parameters(paramLabel = "CHECKPOINT",
            description = "A run folder (its last epoch), RUN_DIR/state.ckpt, or RUN_DIR/pareto/epoch-N.hgq|.ckpt.")
    Path checkpoint;

    @Option(names = "--calibration-samples", paramLabel = "N",
            description = "Calibrate on the first N training samples (default: all).")
    Integer samples;

    /** The checkpoint with its run's configuration and data (one native thread unless OMP_NUM_THREADS is set). */
    CheckpointExport open() throws IOException {
        NativeThreads.defaultToOne();
        return CheckpointExport.open(checkpoint);
    }
}

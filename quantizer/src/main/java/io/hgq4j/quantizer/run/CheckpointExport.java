package io.hgq4j.quantizer.run;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.export.CalibratedNetwork;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.train.CheckpointFile;
import io.hgq4j.quantizer.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calibrates a checkpoint of a run again and exports it: the network is rebuilt from the run's {@code config.yaml},
 * loaded from the checkpoint, calibrated on the run's training data (all of it by default, with the chosen cover
 * factor) and turned into a firmware model. The result keeps the calibrated network, whose exact inference is what
 * the exported model must reproduce bit for bit.
 */
public final class CheckpointExport {

    private final RunConfig config;
    private final DataConfig.Prepared data;
    private final Path checkpoint;

    private CheckpointExport(RunConfig config, DataConfig.Prepared data, Path checkpoint) {
        this.config = config;
        this.data = data;
        this.checkpoint = checkpoint;
    }

    /**
     * Opens {@code checkpoint}: a run folder (its last state), its {@code state.ckpt}, or a Pareto checkpoint
     * ({@code pareto/epoch-0012.ckpt} or its {@code .hgq} model).
     */
    public static CheckpointExport open(Path checkpoint) throws IOException {
        Path file = checkpoint;
        if (Files.isDirectory(file)) {
            file = file.resolve(Trainer.STATE);
        } else if (file.getFileName().toString().endsWith(".hgq")) {
            file = Trainer.networkFile(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such checkpoint");
        }
        Path runDir = runDir(file);
        RunConfig config = RunConfig.read(runDir.resolve(TrainingRun.CONFIG));
        if (!config.quantizer().quantized()) {
            throw new ConfigException(runDir + ": a float run (quantizer.mode: float) has nothing to export");
        }
        return new CheckpointExport(config, config.data().prepare(runDir), file);
    }

    private static Path runDir(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        for (int up = 0; up < 2 && dir != null; up++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve(TrainingRun.CONFIG))) {
                return dir;
            }
        }
        throw new ConfigException(file + ": not inside a run folder (no " + TrainingRun.CONFIG + " next to it or above)");
    }

    /** The run's configuration. */
    public RunConfig config() {
        return config;
    }

    /** The run's data, split and scaled as in training. */
    public DataConfig.Prepared data() {
        return data;
    }

    /** The checkpoint file read. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** A calibrated and exported checkpoint. */
    public record Exported(FirmwareModel model, CalibratedNetwork calibrated, double ebops) {
    }

    /**
     * Calibrates on the first {@code samples} training samples (all when null) with {@code cover} (the run's cover
     * factor when null) and exports.
     */
    public Exported calibrate(Double cover, Integer samples) throws IOException {
        Network network = TrainingRun.build(config);
        CheckpointFile.readNetwork(checkpoint, network);
        Dataset train = data.train();
        if (samples != null && samples < train.count()) {
            train = train.slice(0, samples);
        }
        double factor = cover != null ? cover : config.training().coverFactor();
        if (!(factor >= 1)) {
            throw new ConfigException("cover factor must be >= 1, got " + factor);
        }
        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, train.features(), factor, 1024);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("producer", "hgq4j quantizer");
        metadata.put("checkpoint", checkpoint.getFileName().toString());
        metadata.put("calibration", train.count() + " training samples, cover factor " + factor);
        FirmwareModel model = calibrated.toFirmwareModel(config.name(), metadata, Map.of());
        double ebops = ModelCost.of(model).totalEbops();
        return new Exported(model.toBuilder().metric("ebops", ebops).build(), calibrated, ebops);
    }
}

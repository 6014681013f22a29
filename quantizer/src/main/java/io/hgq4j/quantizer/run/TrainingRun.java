package io.hgq4j.quantizer.run;

import io.hgq4j.model.data.AtomicFiles;
import io.hgq4j.quantizer.data.Scaler;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.train.CheckpointFile;
import io.hgq4j.quantizer.train.Trainer;
import io.hgq4j.quantizer.train.TrainingOptions;
import io.hgq4j.quantizer.train.TrainingProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A training run in a folder: the resolved configuration ({@code config.yaml}), the feature scaler
 * ({@code scaler.json}), the metrics, the resumable state and the Pareto checkpoints (see {@link Trainer}).
 * {@link #start} begins a run in a new or empty folder; {@link #resume} continues one from its last whole epoch.
 */
public final class TrainingRun {

    /** The configuration the run was started with, data paths made absolute. */
    public static final String CONFIG = "config.yaml";
    /** The feature scaler fitted on the training part (absent without scaling). */
    public static final String SCALER = "scaler.json";

    private final RunConfig config;
    private final Path dir;
    private final DataConfig.Prepared data;
    private final Network network;
    private final TrainingOptions options;
    private final TrainingProgress progress;

    private TrainingRun(RunConfig config, Path dir, DataConfig.Prepared data, Network network, TrainingProgress progress) {
        this.config = config;
        this.dir = dir;
        this.data = data;
        this.network = network;
        this.options = options(config, dir);
        this.progress = progress;
    }

    /**
     * Prepares a new run of {@code config} in {@code dir} (created if needed; it must not hold a run already). Relative
     * data paths are resolved against {@code base} (the configuration file's folder).
     */
    public static TrainingRun start(RunConfig config, Path dir, Path base) throws IOException {
        if (Files.exists(dir.resolve(Trainer.STATE)) || Files.exists(dir.resolve(CONFIG))) {
            throw new ConfigException(dir + " already holds a run; continue it with --resume or choose another folder");
        }
        RunConfig resolved = config.data().path() == null ? config
                : config.withData(config.data().withPath(base.resolve(config.data().path()).toAbsolutePath().normalize()
                        .toString()));
        DataConfig.Prepared data = resolved.data().prepare(base);
        Network network = build(resolved);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(CONFIG), out -> out.write(resolved.toYaml().getBytes(StandardCharsets.UTF_8)));
        if (data.scaler() != null) {
            data.scaler().write(dir.resolve(SCALER));
        }
        return new TrainingRun(resolved, dir, data, network, TrainingProgress.start(options(resolved, dir)));
    }

    /** Reopens the run in {@code dir} at its last completed epoch, optionally with more epochs than configured. */
    public static TrainingRun resume(Path dir, Integer epochs) throws IOException {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.exists(configFile)) {
            throw new ConfigException(dir + ": not a run folder (no " + CONFIG + ")");
        }
        RunConfig config = RunConfig.read(configFile);
        if (epochs != null) {
            config = config.withTraining(config.training().withEpochs(epochs));
        }
        DataConfig.Prepared data = config.data().prepare(dir);
        Network network = build(config);
        TrainingProgress progress = Files.exists(dir.resolve(Trainer.STATE))
                ? CheckpointFile.readProgress(dir.resolve(Trainer.STATE), network, options(config, dir), dir)
                : TrainingProgress.start(options(config, dir));
        removeStrayCheckpoints(dir, progress);
        return new TrainingRun(config, dir, data, network, progress);
    }

    private static TrainingOptions options(RunConfig config, Path dir) {
        return config.training().options(config.name(), config.seed(), config.quantizer().quantized(), dir);
    }

    /** Builds the configured network, reporting shape problems as configuration errors. */
    public static Network build(RunConfig config) {
        try {
            return config.model().build(config.quantizer().settings(), config.seed());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model: " + e.getMessage());
        }
    }

    /** Pareto files written after the saved state (the run stopped before saving it) are not part of the front. */
    private static void removeStrayCheckpoints(Path dir, TrainingProgress progress) throws IOException {
        Path pareto = dir.resolve(Trainer.PARETO);
        if (!Files.isDirectory(pareto)) {
            return;
        }
        Set<Path> kept = new HashSet<>();
        progress.front().points().forEach(p -> {
            kept.add(p.item().toAbsolutePath().normalize());
            kept.add(Trainer.networkFile(p.item()).toAbsolutePath().normalize());
        });
        try (Stream<Path> files = Files.list(pareto)) {
            for (Path f : files.toList()) {
                if (!kept.contains(f.toAbsolutePath().normalize())) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Trains until the configured epochs are done or {@code stop} answers true. */
    public Trainer.Result train(Trainer.Listener listener, BooleanSupplier stop) {
        return new Trainer(options).train(network, data.train(), data.validation(), progress, listener, stop);
    }

    /** The configuration. */
    public RunConfig config() {
        return config;
    }

    /** The run folder. */
    public Path dir() {
        return dir;
    }

    /** The prepared data. */
    public DataConfig.Prepared data() {
        return data;
    }

    /** The network being trained. */
    public Network network() {
        return network;
    }

    /** The trainer's options. */
    public TrainingOptions options() {
        return options;
    }

    /** Where the run stands. */
    public TrainingProgress progress() {
        return progress;
    }

    /** The scaler, or null. */
    public Scaler scaler() {
        return data.scaler();
    }
}

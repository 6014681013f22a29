package io.hgq4j.cli;

import io.hgq4j.quantizer.run.ConfigException;
import io.hgq4j.quantizer.run.Recipes;
import io.hgq4j.quantizer.run.RunConfig;
import io.hgq4j.quantizer.run.TrainingRun;
import io.hgq4j.quantizer.train.ParetoFront;
import io.hgq4j.quantizer.train.Trainer;
import io.hgq4j.quantizer.nn.NativeThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j train CONFIG.yaml -o RUN_DIR}: HGQ training with Pareto checkpoints, resumable. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network with HGQ (or the uniform or float baselines) and keep every model on the",
            "accuracy/EBOPs Pareto front as an exported .hgq file in RUN_DIR/pareto.",
            "Ctrl-C stops after the current batch and keeps everything written so far; --resume continues.",
            "Recipes: " + "digits, mnist-mlp, mnist-cnn, jet-tagging."})
final class TrainCommand implements Callable<Integer> {

    /** The exit code after Ctrl-C (128 + SIGINT), as a shell expects. */
    static final int EXIT_INTERRUPTED = 130;

    @Parameters(paramLabel = "CONFIG.yaml", arity = "0..1", description = "The run configuration (see the README).")
    Path configFile;

    @Option(names = "--recipe", paramLabel = "NAME", description = "A bundled configuration instead of a file.")
    String recipe;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "RUN_DIR",
            description = "The run folder: config, metrics.csv, state.ckpt, pareto/.")
    Path runDir;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its last completed epoch.")
    boolean resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a configuration entry, e.g. --set training.epochs=20 --set quantizer.mode=uniform.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--data", paramLabel = "PATH", description = "Override data.path (e.g. the MNIST folder).")
    String dataPath;

    @Option(names = "--epochs", paramLabel = "N", description = "Train N epochs in total (with --resume: extend the run).")
    Integer epochs;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Live progress line: auto (on a terminal), always or never (default: ${DEFAULT-VALUE}).")
    String progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NativeThreads.defaultToOne();
        PrintWriter out = spec.commandLine().getOut();
        TrainingRun run = open();
        RunConfig config = run.config();
        out.printf("%s %s: %s, %,d training / %,d validation / %,d test samples, %,d parameters%n",
                run.progress().epochsDone() > 0 ? "resuming" : "training", config.name(),
                config.quantizer().mode().name().toLowerCase(java.util.Locale.ROOT), run.data().train().count(),
                run.data().validation().count(), run.data().test().count(), parameterCount(run));
        if (run.progress().epochsDone() > 0) {
            out.printf("continuing after epoch %d of %d%n", run.progress().epochsDone(), config.training().epochs());
        }
        out.flush();

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hgq4j-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Trainer.Result result;
        ProgressDisplay display = new ProgressDisplay(out, config.training().epochs(), run.progress().epochsDone(),
                run.data().train().isClassification(), showProgressLine());
        try {
            result = run.train(display, stop::get);
            display.finish();
            boolean interrupted = stop.get();
            printFront(out, run, result);
            if (interrupted) {
                out.printf("stopped after epoch %d; everything written so far is kept in %s%n"
                        + "continue with: hgq4j train --resume -o %s%n", run.progress().epochsDone(), runDir, runDir);
            }
            out.flush();
            return interrupted ? EXIT_INTERRUPTED : 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and lets it exit now
            }
        }
    }

    private TrainingRun open() throws IOException {
        if (resume) {
            if (configFile != null || recipe != null || !overrides.isEmpty() || dataPath != null) {
                throw new ConfigException("--resume continues the run in " + runDir + " with its own configuration; "
                        + "CONFIG.yaml, --recipe, --set and --data cannot be combined with it (only --epochs)");
            }
            return TrainingRun.resume(runDir, epochs);
        }
        if ((configFile == null) == (recipe == null)) {
            throw new ConfigException("give either CONFIG.yaml or --recipe NAME (recipes: " + String.join(", ", Recipes.NAMES)
                    + ")");
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (dataPath != null) {
            all.put("data.path", Path.of(dataPath).toAbsolutePath().normalize().toString());
        }
        if (epochs != null) {
            all.put("training.epochs", String.valueOf(epochs));
        }
        RunConfig config = recipe != null ? Recipes.load(recipe, all) : RunConfig.read(configFile, all);
        Path base = recipe != null ? Path.of("").toAbsolutePath() : configFile.toAbsolutePath().getParent();
        return TrainingRun.start(config, runDir, base);
    }

    private boolean showProgressLine() {
        return switch (progress) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null;
            default -> throw new ConfigException("--progress: expected auto, always or never, got " + progress);
        };
    }

    private static long parameterCount(TrainingRun run) {
        return run.network().params().stream()
                .filter(p -> p.kind() == io.hgq4j.quantizer.nn.Param.Kind.WEIGHT)
                .mapToLong(p -> p.value().length()).sum();
    }

    private static void printFront(PrintWriter out, TrainingRun run, Trainer.Result result) {
        List<ParetoFront.Point<Path>> front = run.progress().front().points();
        if (front.isEmpty()) {
            return;
        }
        boolean classification = run.data().train().isClassification();
        out.printf("%nPareto front (validation %s vs exact EBOPs), in %s:%n", classification ? "accuracy" : "MSE",
                run.dir().resolve(Trainer.PARETO));
        out.printf("  %6s  %12s  %12s  %s%n", "epoch", classification ? "accuracy" : "mse", "EBOPs", "model");
        for (ParetoFront.Point<Path> p : front) {
            out.printf("  %6d  %12s  %,12.0f  %s%n", p.epoch(), ProgressDisplay.metric(p.metric(), classification), p.ebops(),
                    p.item().getFileName());
        }
        out.printf("export one with: hgq4j export %s -o MODEL.hgq%n", front.get(front.size() - 1).item());
    }
}

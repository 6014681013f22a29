package io.hgq4j.quantizer.train;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.quantizer.data.Batches;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.export.CalibratedNetwork;
import io.hgq4j.quantizer.nn.NdCopy;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.Pass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HGQ's training loop (hgq.md §2.4–2.5 and the appendix): per batch, the task loss, β·EBOPs and l1·Σf are minimised
 * with Adam; per epoch, the activation ranges are reset, β follows its schedule (or a controller steers it toward a
 * target EBOPs), and every model that joins the Pareto front of (validation metric ↑, EBOPs ↓) is calibrated,
 * exported and kept. The front uses exact figures: the EBOPs of the exported firmware model and the metric of the
 * quantizer's exact inference. The same loop trains the float baseline (no quantizers) and the uniform-precision
 * baseline (frozen per-layer f).
 */
public final class Trainer {

    /**
     * The training estimate of EBOPs uses the epoch's ranges, the exact figure the calibrated ones, and they differ
     * (by 30 % on digits); the front is kept in exact figures, so an epoch is measured exactly when its estimate,
     * scaled by the last exact/estimate ratio, comes within this margin of joining it.
     */
    private static final double FRONT_MARGIN = 0.05;
    /** Samples per batch of the validation and calibration passes (inference only: memory, not learning). */
    private static final int BATCH = 1024;

    private final TrainingOptions options;

    /** A trainer with {@code options}. */
    public Trainer(TrainingOptions options) {
        this.options = options;
    }

    /** What happens during training, for progress displays and logs. */
    public interface Listener {
        /** After every batch; {@code epoch} and {@code batch} count from 0. */
        default void batchDone(int epoch, int batch, int batches, double loss) {
        }

        /** After every epoch. */
        default void epochDone(EpochReport report) {
        }
    }

    /**
     * The figures of one epoch.
     *
     * @param epoch            the epoch, counting from 1 (as in checkpoint names and metrics.csv)
     * @param loss             mean training loss (task loss only)
     * @param metric           validation metric of the quantized network (accuracy, or −MSE for regression)
     * @param ebops            EBOPs estimate at the end of the epoch (from this epoch's ranges)
     * @param beta             β used during the epoch
     * @param learningRate     learning rate at the start of the epoch
     * @param samplesPerSecond training throughput (forward, backward and update)
     * @param checkpoint       the checkpoint written for this epoch, or null
     * @param exactEbops       the exact EBOPs of the checkpoint, or NaN
     * @param exactMetric      the exact validation metric of the checkpoint, or NaN
     */
    public record EpochReport(int epoch, double loss, double metric, double ebops, double beta, double learningRate,
                              double samplesPerSecond, Path checkpoint, double exactEbops, double exactMetric) {
    }

    /** The outcome: every epoch's report and the final Pareto front. */
    public record Result(List<EpochReport> epochs, List<ParetoFront.Point<Path>> front) {
    }

    /**
     * Trains {@code network} from scratch on {@code train}, validating on {@code validation}.
     *
     * @param stop asked between batches; when it answers true, training ends after the current batch and the
     *             unfinished epoch is discarded
     */
    public Result train(Network network, Dataset train, Dataset validation, Listener listener, BooleanSupplier stop) {
        return train(network, train, validation, TrainingProgress.start(options), listener, stop);
    }

    /**
     * Trains {@code network} from {@code progress} (a fresh start or a resumed state, see
     * {@link CheckpointFile#readProgress}) until the configured number of epochs or until {@code stop} answers true.
     * With a run folder, every completed epoch appends to {@code metrics.csv} and rewrites {@code state.ckpt}, and every
     * model joining the Pareto front is written to {@code pareto/} as an exported {@code .hgq} file and a network
     * checkpoint {@code .ckpt}.
     */
    public Result train(Network network, Dataset train, Dataset validation, TrainingProgress progress, Listener listener,
                        BooleanSupplier stop) {
        requireShape(network, train, "training");
        requireShape(network, validation, "validation");
        long[] inputShape = network.input().outputShape();
        float[] features = floats(train.features());
        int size = network.input().outputSize();
        ParetoFront<Path> front = progress.front();
        Path runDir = options.runDir();
        List<EpochReport> reports = new ArrayList<>();
        MetricsLog log = runDir == null ? null : new MetricsLog(runDir.resolve(METRICS), progress.epochsDone());
        int batches = (train.count() + options.batchSize() - 1) / options.batchSize();
        Batches shuffling = Batches.of(train, options.batchSize()).shuffled(options.seed());
        TrainingStep step = new TrainingStep(network, options.quantized(), options.bitL1(), progress.adam());
        for (int epoch = progress.epochsDone(); epoch < options.epochs() && !stop.getAsBoolean(); epoch++) {
            double beta = progress.beta();
            network.startEpoch(epoch);
            int[] order = shuffling.order(epoch);
            double lossSum = 0;
            long start = System.nanoTime();
            double lr = options.learningRate().at(epoch);
            int done = 0;
            for (int b = 0; b < batches && !stop.getAsBoolean(); b++) {
                int from = b * options.batchSize();
                int to = Math.min(train.count(), from + options.batchSize());
                INDArray x = batch(features, size, inputShape, order, from, to);
                double rate = options.learningRate().at(epoch + (double) b / batches);
                double loss = train.isClassification()
                        ? step.classify(x, labels(train, order, from, to), rate, beta)
                        : step.regress(x, targets(train, order, from, to), rate, beta);
                lossSum += loss * (to - from);
                done += to - from;
                listener.batchDone(epoch, b, batches, loss);
            }
            if (done < train.count()) {
                break; // stopped inside the epoch: it is discarded, the state of the last whole epoch stands
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double ebops = options.quantized() ? network.ebops(0) : 0;
            double metric = metric(network, validation, options.quantized() ? Pass.INFER : Pass.INFER_FLOAT);
            Path checkpoint = null;
            double exactEbops = Double.NaN;
            double exactMetric = Double.NaN;
            if (options.quantized() && runDir != null
                    && front.wouldJoin(metric, ebops * progress.exactPerEstimated() * (1 - FRONT_MARGIN))) {
                Checkpoint c = checkpoint(network, train, validation, epoch);
                if (c.ebops() > 0 && ebops > 0) { // a fully pruned model says nothing about the ratio
                    progress.setExactPerEstimated(c.ebops() / ebops);
                }
                exactEbops = c.ebops();
                exactMetric = c.metric();
                List<ParetoFront.Point<Path>> dominated = front.offer(new ParetoFront.Point<>(epoch + 1, exactMetric, exactEbops, c.file()));
                if (dominated != null) {
                    checkpoint = c.file();
                    dominated.forEach(p -> deleteCheckpoint(p.item()));
                } else {
                    deleteCheckpoint(c.file());
                }
            }
            EpochReport report = new EpochReport(epoch + 1, lossSum / done, metric, ebops, beta, lr, done / seconds, checkpoint,
                    exactEbops, exactMetric);
            reports.add(report);
            progress.setBeta(progress.controller() != null ? progress.controller().update(epoch, ebops)
                    : options.beta().at(epoch + 1));
            progress.epochDone(epoch);
            if (runDir != null) {
                log.append(report);
                saveState(network, progress);
            }
            listener.epochDone(report);
        }
        return new Result(reports, front.points());
    }

    /** The file of the run's metrics, one line per epoch. */
    public static final String METRICS = "metrics.csv";
    /** The file of the run's resumable state. */
    public static final String STATE = "state.ckpt";
    /** The folder of the Pareto checkpoints. */
    public static final String PARETO = "pareto";

    private void saveState(Network network, TrainingProgress progress) {
        try {
            CheckpointFile.write(options.runDir().resolve(STATE), network, progress, options.runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + options.runDir().resolve(STATE), e);
        }
    }

    private record Checkpoint(Path file, double ebops, double metric) {
    }

    /** Calibrates on (part of) the training data, exports, and measures the exported model exactly. */
    private Checkpoint checkpoint(Network network, Dataset train, Dataset validation, int epoch) {
        Dataset calibration = train.count() > options.calibrationSamples()
                ? train.slice(0, options.calibrationSamples()) : train;
        CalibratedNetwork calibrated = CalibratedNetwork.calibrate(network, calibration.features(), options.coverFactor(), BATCH);
        double metric = exactMetric(calibrated, validation);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("epoch", (double) epoch + 1);
        metrics.put("validation_metric", metric);
        FirmwareModel model = calibrated.toFirmwareModel(options.modelName(), Map.of("producer", "hgq4j quantizer"), metrics);
        double ebops = ModelCost.of(model).totalEbops();
        Path file = options.runDir().resolve(PARETO).resolve(String.format("epoch-%04d.hgq", epoch + 1));
        try {
            Files.createDirectories(file.getParent());
            HgqFile.write(model.toBuilder().metric("ebops", ebops).build(), file);
            CheckpointFile.writeNetwork(networkFile(file), network);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
        return new Checkpoint(file, ebops, metric);
    }

    /** Accuracy (classification) or −MSE (regression) of the quantizer's exact inference. */
    static double exactMetric(CalibratedNetwork calibrated, Dataset data) {
        double[] outputs = calibrated.infer(data.features());
        return metricOf(outputs, data);
    }

    private static double metricOf(double[] outputs, Dataset data) {
        int width = outputs.length / data.count();
        if (data.isClassification()) {
            int correct = 0;
            for (int s = 0; s < data.count(); s++) {
                int best = 0;
                for (int j = 1; j < width; j++) {
                    if (outputs[s * width + j] > outputs[s * width + best]) {
                        best = j;
                    }
                }
                if (best == data.label(s)) {
                    correct++;
                }
            }
            return (double) correct / data.count();
        }
        double[] targets = data.targets().toArray();
        double sum = 0;
        for (int i = 0; i < outputs.length; i++) {
            sum += (outputs[i] - targets[i]) * (outputs[i] - targets[i]);
        }
        return -sum / data.count();
    }

    /** The metric of the network's float32 inference (quantized or not) on {@code data}. */
    static double metric(Network network, Dataset data, Pass pass) {
        float[] features = floats(data.features());
        int size = network.input().outputSize();
        int[] identity = Batches.of(data, BATCH).order(0);
        double[] outputs = null;
        int width = network.output().outputSize();
        for (int from = 0; from < data.count(); from += BATCH) {
            int to = Math.min(data.count(), from + BATCH);
            INDArray out = network.forward(batch(features, size, network.input().outputShape(), identity, from, to), pass);
            double[] values = out.reshape('c', new long[] {out.length()}).toDoubleVector();
            if (outputs == null) {
                outputs = new double[data.count() * width];
            }
            System.arraycopy(values, 0, outputs, from * width, values.length);
        }
        return metricOf(outputs, data);
    }

    private static int[] labels(Dataset train, int[] order, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = train.label(order[i]);
        }
        return labels;
    }

    private static INDArray targets(Dataset train, int[] order, int from, int to) {
        SampleArray targets = train.targets();
        int width = targets.sampleSize();
        double[] t = new double[(to - from) * width];
        for (int i = from; i < to; i++) {
            System.arraycopy(targets.sample(order[i]), 0, t, (i - from) * width, width);
        }
        return NdCopy.of(t, to - from, width).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    private static INDArray batch(float[] features, int size, long[] inputShape, int[] order, int from, int to) {
        float[] rows = new float[(to - from) * size];
        for (int i = from; i < to; i++) {
            System.arraycopy(features, order[i] * size, rows, (i - from) * size, size);
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = to - from;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return NdCopy.of(rows, shape);
    }

    private static float[] floats(SampleArray samples) {
        double[] values = samples.toArray();
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static void requireShape(Network network, Dataset data, String what) {
        if (data.featureSize() != network.input().outputSize()) {
            throw new IllegalArgumentException(what + " samples have shape " + data.featureShape() + ", the network input "
                    + java.util.Arrays.toString(network.input().outputShape()));
        }
    }

    /** The network checkpoint kept next to a Pareto model ({@code epoch-0012.hgq} → {@code epoch-0012.ckpt}). */
    public static Path networkFile(Path paretoModel) {
        String name = paretoModel.getFileName().toString();
        return paretoModel.resolveSibling(name.substring(0, name.length() - ".hgq".length()) + ".ckpt");
    }

    private static void deleteCheckpoint(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(networkFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}

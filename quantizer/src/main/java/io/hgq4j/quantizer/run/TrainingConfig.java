package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.quantizer.train.BetaSchedule;
import io.hgq4j.quantizer.train.LearningRate;
import io.hgq4j.quantizer.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code training} section.
 *
 * <pre>
 * training:
 *   epochs: 300
 *   batch_size: 1024
 *   learning_rate: {initial: 5e-3, period: 100, t_mul: 1, m_mul: 0.98, alpha: 1e-3}   # or a number
 *   beta: {points: [[0, 5e-7], [10, 5e-7], [300, 1e-4]], log: true}                  # or a number
 *   target_ebops: 0          # > 0: a controller steers beta to these EBOPs instead
 *   l1: 2e-6                 # on the f parameters
 *   cover_factor: 1.0        # calibration widens ranges by this factor
 *   calibration_samples: 20000
 * </pre>
 *
 * @param epochs             passes over the training data
 * @param batchSize          samples per step
 * @param learningRate       the learning-rate schedule
 * @param beta               the β schedule
 * @param targetEbops        when &gt; 0, β is steered toward these EBOPs
 * @param bitL1              l1 on the f parameters
 * @param coverFactor        widening of the calibrated ranges
 * @param calibrationSamples training samples used to calibrate a checkpoint
 */
public record TrainingConfig(int epochs, int batchSize, LearningRate learningRate, BetaSchedule beta, double targetEbops,
                             double bitL1, double coverFactor, int calibrationSamples) {

    /** Sensible defaults for small data sets: 30 epochs, batch 64, Adam at 3e-3, β 1e-6, l1 1e-6. */
    public static final TrainingConfig DEFAULTS = new TrainingConfig(30, 64, LearningRate.constant(3e-3),
            BetaSchedule.constant(1e-6), 0, 1e-6, 1.0, 20_000);

    /** This configuration with another number of epochs. */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, learningRate, beta, targetEbops, bitL1, coverFactor,
                calibrationSamples);
    }

    /** This configuration with another β schedule. */
    public TrainingConfig withBeta(BetaSchedule newBeta) {
        return new TrainingConfig(epochs, batchSize, learningRate, newBeta, targetEbops, bitL1, coverFactor,
                calibrationSamples);
    }

    /** The trainer's options. */
    public TrainingOptions options(String modelName, long seed, boolean quantized, Path runDir) {
        return new TrainingOptions(modelName, epochs, batchSize, learningRate, beta, targetEbops, quantized ? bitL1 : 0,
                seed, quantized, runDir, coverFactor, calibrationSamples);
    }

    static TrainingConfig read(ConfigNode c) {
        TrainingConfig d = DEFAULTS;
        int epochs = c.integer("epochs", d.epochs, 1, 100_000_000);
        int batch = c.integer("batch_size", d.batchSize, 1, 1 << 24);
        LearningRate lr = learningRate(c.optional("learning_rate"), d.learningRate);
        BetaSchedule beta = beta(c.optional("beta"), d.beta);
        TrainingConfig result = new TrainingConfig(epochs, batch, lr, beta, c.number("target_ebops", 0, 0, 1e15),
                c.number("l1", d.bitL1, 0, 1), c.number("cover_factor", d.coverFactor, 1, 16),
                c.integer("calibration_samples", d.calibrationSamples, 1, Integer.MAX_VALUE));
        c.finish();
        return result;
    }

    private static LearningRate learningRate(ConfigNode c, LearningRate fallback) {
        if (c == null) {
            return fallback;
        }
        if (c.isScalar()) {
            double v = c.number();
            if (!(v > 0 && v < 10)) {
                throw c.error("a learning rate in (0, 10)");
            }
            return LearningRate.constant(v);
        }
        if (!c.isMap()) {
            throw c.error("a number or {initial, period, t_mul, m_mul, alpha}");
        }
        LearningRate lr = new LearningRate(c.number("initial", 3e-3, 1e-12, 10), c.number("period", 0, 0, 1e9),
                c.number("t_mul", 1, 1, 100), c.number("m_mul", 1, 1e-6, 100), c.number("alpha", 0, 0, 1));
        c.finish();
        return lr;
    }

    private static BetaSchedule beta(ConfigNode c, BetaSchedule fallback) {
        if (c == null) {
            return fallback;
        }
        if (c.isScalar()) {
            double v = c.number();
            if (!(v >= 0 && v < 1e6)) {
                throw c.error("a beta >= 0");
            }
            return BetaSchedule.constant(v);
        }
        if (!c.isMap()) {
            throw c.error("a number or {points: [[epoch, beta], ...], log: true|false}");
        }
        List<BetaSchedule.Point> points = new ArrayList<>();
        for (ConfigNode p : c.required("points").items()) {
            List<ConfigNode> pair = p.items();
            if (pair.size() != 2) {
                throw p.error("[epoch, beta]");
            }
            points.add(new BetaSchedule.Point(pair.get(0).number(), pair.get(1).number()));
        }
        boolean log = c.bool("log", false);
        c.finish();
        try {
            return new BetaSchedule(points, log);
        } catch (IllegalArgumentException e) {
            throw c.problem(e.getMessage());
        }
    }

    ObjectNode write() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("epochs", epochs);
        c.put("batch_size", batchSize);
        if (learningRate.period() == 0) {
            c.put("learning_rate", learningRate.initial());
        } else {
            ObjectNode lr = c.putObject("learning_rate");
            lr.put("initial", learningRate.initial());
            lr.put("period", learningRate.period());
            lr.put("t_mul", learningRate.tMul());
            lr.put("m_mul", learningRate.mMul());
            lr.put("alpha", learningRate.alpha());
        }
        if (beta.points().size() == 1) {
            c.put("beta", beta.points().get(0).beta());
        } else {
            ObjectNode b = c.putObject("beta");
            ArrayNode points = b.putArray("points");
            for (BetaSchedule.Point p : beta.points()) {
                points.addArray().add(p.epoch()).add(p.beta());
            }
            b.put("log", beta.logarithmic());
        }
        c.put("target_ebops", targetEbops);
        c.put("l1", bitL1);
        c.put("cover_factor", coverFactor);
        c.put("calibration_samples", calibrationSamples);
        return c;
    }
}

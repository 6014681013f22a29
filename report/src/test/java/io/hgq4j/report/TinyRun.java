package io.hgq4j.report;

import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes small run folders the way hgq4j train lays them out: config.yaml, metrics.csv, pareto/epoch-NNNN.hgq. */
final class TinyRun {

    static final String HEADER = "epoch,loss,metric,ebops,beta,learning_rate,samples_per_second,checkpoint,exact_ebops,"
            + "exact_metric";

    private TinyRun() {
    }

    /**
     * A run of {@code epochs} epochs with checkpoints at epochs 2 and 4 (RandomModels of {@code recipe}); the later one
     * has the better metric.
     */
    static Path write(Path dir, String name, String mode, int recipe, int epochs) throws IOException {
        return write(dir, name, mode, recipe, epochs, 10, 0);
    }

    /** As {@link #write(Path, String, String, int, int)}, the models drawn from {@code seed}, metrics shifted. */
    static Path write(Path dir, String name, String mode, int recipe, int epochs, long seed, double shift) throws IOException {
        Files.createDirectories(dir.resolve("pareto"));
        Files.writeString(dir.resolve("config.yaml"), "name: " + name + "\nseed: 1\nquantizer:\n  mode: " + mode + "\n");
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int e = 1; e <= epochs; e++) {
            String checkpoint = "";
            String exactEbops = "";
            String exactMetric = "";
            if (e == 2 || e == 4) {
                FirmwareModel model = RandomModels.model(recipe, seed + e).toBuilder().metric("epoch", e)
                        .metric("validation_metric", 0.5 + 0.1 * e + shift).build();
                checkpoint = String.format(Locale.ROOT, "epoch-%04d.hgq", e);
                HgqFile.write(model, dir.resolve("pareto").resolve(checkpoint));
                exactEbops = Long.toString(ModelCost.of(model).totalEbops());
                exactMetric = String.format(Locale.ROOT, "%.3f", 0.5 + 0.1 * e + shift);
            }
            lines.add(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.1f,%.3g,0.001,1234.5,%s,%s,%s", e, 2.0 / e, 0.4 + 0.1 * e,
                    5000.0 / e, 1e-6 * Math.pow(2, e), checkpoint, exactEbops, exactMetric));
        }
        Files.write(dir.resolve("metrics.csv"), lines);
        return dir;
    }
}

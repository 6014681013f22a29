package io.hgq4j.quantizer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** The per-epoch figures of a run as CSV: one header line, then one line per epoch, appended as training goes. */
final class MetricsLog {

    static final String HEADER = "epoch,loss,metric,ebops,beta,learning_rate,samples_per_second,checkpoint,exact_ebops,"
            + "exact_metric";

    private final Path file;

    MetricsLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER + "\n", StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void append(Trainer.EpochReport r) {
        String line = String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f,%s,%s,%s%n", r.epoch(), r.loss(), r.metric(),
                r.ebops(), r.beta(), r.learningRate(), r.samplesPerSecond(),
                r.checkpoint() == null ? "" : r.checkpoint().getFileName(),
                Double.isNaN(r.exactEbops()) ? "" : String.format(Locale.ROOT, "%.0f", r.exactEbops()),
                Double.isNaN(r.exactMetric()) ? "" : String.format(Locale.ROOT, "%.6g", r.exactMetric()));
        try {
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

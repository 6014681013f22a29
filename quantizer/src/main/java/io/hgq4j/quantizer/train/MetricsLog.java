package io.hgq4j.quantizer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.hgq4j.model.data.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** The per-epoch figures of a run as CSV: one header line, then one line per epoch, appended as training goes. */
final class MetricsLog {

    static final String HEADER = "epoch,loss,metric,ebops,beta,learning_rate,samples_per_second,checkpoint,exact_ebops,"
            + "exact_metric";

    private final Path file;

    /** Opens the log of a run that has completed {@code epochsDone} epochs; lines of later epochs are dropped. */
    MetricsLog(Path file, int epochsDone) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            List<String> kept = new ArrayList<>();
            kept.add(HEADER);
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    int comma = line.indexOf(',');
                    if (comma > 0 && line.substring(0, comma).matches("\\d+")
                            && Integer.parseInt(line.substring(0, comma)) <= epochsDone) {
                        kept.add(line);
                    }
                }
            }
            AtomicFiles.write(file, out -> out.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.US_ASCII)));
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

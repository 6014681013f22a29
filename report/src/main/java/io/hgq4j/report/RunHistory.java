package io.hgq4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hgq4j.model.cost.ModelCost;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a training run folder ({@code hgq4j train -o RUN_DIR}) records: the per-epoch figures of {@code metrics.csv},
 * the run's name and quantizer mode from {@code config.yaml}, and the Pareto checkpoints {@code pareto/epoch-NNNN.hgq}.
 *
 * <p>The file names and the CSV columns are those the quantizer's {@code Trainer} and {@code MetricsLog} write; the
 * CLI's tests check they agree. Columns {@code epoch, loss, metric, ebops, beta} are required; the others may be
 * missing (older runs) or empty (epochs without a checkpoint) and then read as NaN.
 *
 * @param dir         the run folder
 * @param name        the run's name ({@code name:} of config.yaml, else the folder's name)
 * @param mode        the quantizer mode ({@code hgq}, {@code uniform}, {@code float}; {@code hgq} when config.yaml
 *                    does not say)
 * @param epochs      one row per completed epoch, in file order
 * @param checkpoints the Pareto checkpoints present in {@code pareto/}, by epoch
 */
public record RunHistory(Path dir, String name, String mode, List<Epoch> epochs, List<Checkpoint> checkpoints) {

    /** The metrics file of a run. */
    public static final String METRICS = "metrics.csv";
    /** The configuration file of a run. */
    public static final String CONFIG = "config.yaml";
    /** The folder of the Pareto checkpoints. */
    public static final String PARETO = "pareto";
    /** The columns a report needs. */
    public static final List<String> REQUIRED_COLUMNS = List.of("epoch", "loss", "metric", "ebops", "beta");

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-(\\d+)\\.hgq");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Copies the lists. */
    public RunHistory {
        epochs = List.copyOf(epochs);
        checkpoints = List.copyOf(checkpoints);
    }

    /**
     * One line of metrics.csv. Training figures are those of the float32 training pass; {@code exactEbops} and
     * {@code exactMetric} are those of the exported checkpoint (NaN for epochs without one).
     *
     * @param epoch            the epoch, from 1
     * @param loss             training loss
     * @param metric           validation metric during training (accuracy, or −MSE for regression)
     * @param ebops            EBOPs estimated during training
     * @param beta             the EBOPs regularisation weight β
     * @param learningRate     the learning rate
     * @param samplesPerSecond training speed
     * @param checkpoint       the checkpoint file name written at this epoch, or empty
     * @param exactEbops       the checkpoint's exact EBOPs
     * @param exactMetric      the checkpoint's exact validation metric
     */
    public record Epoch(int epoch, double loss, double metric, double ebops, double beta, double learningRate,
                        double samplesPerSecond, String checkpoint, double exactEbops, double exactMetric) {
    }

    /**
     * A Pareto checkpoint: an exported model of the run.
     *
     * @param file   the .hgq file
     * @param epoch  its epoch
     * @param ebops  its exact EBOPs
     * @param metric its exact validation metric (NaN when unknown)
     */
    public record Checkpoint(Path file, int epoch, double ebops, double metric) {

        /** The checkpoint's name, {@code epoch-NNNN}. */
        public String name() {
            String f = file.getFileName().toString();
            return f.endsWith(".hgq") ? f.substring(0, f.length() - 4) : f;
        }
    }

    /** Whether {@code dir} looks like a run folder (it holds metrics.csv or config.yaml). */
    public static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && (Files.exists(dir.resolve(METRICS)) || Files.exists(dir.resolve(CONFIG)));
    }

    /**
     * Reads the run in {@code dir}.
     *
     * @throws NoSuchFileException if the folder or its metrics.csv is missing
     * @throws ReportException     if metrics.csv or config.yaml is malformed
     */
    public static RunHistory read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder");
        }
        Path metricsFile = dir.resolve(METRICS);
        if (!Files.exists(metricsFile)) {
            throw new ReportException(dir + ": not a training run folder (no " + METRICS + ")");
        }
        String folderName = dir.toAbsolutePath().normalize().getFileName() == null ? "run"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        String name = folderName;
        String mode = "hgq";
        Path configFile = dir.resolve(CONFIG);
        if (Files.exists(configFile)) {
            JsonNode config = readYaml(configFile);
            name = text(config.get("name"), folderName);
            JsonNode quantizer = config.get("quantizer");
            mode = text(quantizer == null ? null : quantizer.get("mode"), "hgq");
        }
        List<Epoch> epochs = readMetrics(metricsFile);
        return new RunHistory(dir, name, mode, epochs, readCheckpoints(dir, epochs));
    }

    private static JsonNode readYaml(Path file) throws IOException {
        try {
            JsonNode node = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                throw new ReportException(file + ": expected a mapping (name, data, model, quantizer, training)");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ReportException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String fallback) {
        return node == null || node.isNull() || node.asText().isBlank() ? fallback : node.asText();
    }

    /**
     * Reads a metrics.csv.
     *
     * @throws ReportException naming the file, line and column of the first problem
     */
    public static List<Epoch> readMetrics(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ReportException(file + ": not a CSV text file (not UTF-8)");
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new ReportException(file + ": empty; expected a header line starting with "
                    + String.join(",", REQUIRED_COLUMNS));
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i), i);
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw new ReportException(file + ": missing column '" + required + "' (header: " + lines.get(0).strip() + ")");
            }
        }
        List<Epoch> epochs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                throw new ReportException(file + " line " + (n + 1) + ": " + cells.length + " fields, but the header has "
                        + header.size());
            }
            Row row = new Row(file, n + 1, columns, cells);
            double epoch = row.number("epoch", true);
            if (epoch != Math.rint(epoch) || epoch < 0) {
                throw new ReportException(file + " line " + (n + 1) + ", column 'epoch': expected a whole number, got '"
                        + row.text("epoch") + "'");
            }
            epochs.add(new Epoch((int) epoch, row.number("loss", true), row.number("metric", true),
                    row.number("ebops", true), row.number("beta", true), row.number("learning_rate", false),
                    row.number("samples_per_second", false), row.text("checkpoint"), row.number("exact_ebops", false),
                    row.number("exact_metric", false)));
        }
        return epochs;
    }

    /** A data line of the CSV, read by column name. */
    private record Row(Path file, int line, Map<String, Integer> columns, String[] cells) {

        String text(String column) {
            Integer i = columns.get(column);
            return i == null ? "" : cells[i].strip();
        }

        double number(String column, boolean required) {
            String t = text(column);
            if (t.isEmpty()) {
                if (required) {
                    throw new ReportException(file + " line " + line + ", column '" + column + "': empty");
                }
                return Double.NaN;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new ReportException(file + " line " + line + ", column '" + column + "': not a number: '" + t + "'");
            }
        }
    }

    /**
     * The checkpoints in {@code pareto/}: EBOPs and metric from the metrics.csv line that names the file (the exact
     * figures), else from the model file's metrics ({@code ebops}, {@code validation_metric}), else EBOPs computed
     * from the model and an unknown metric.
     */
    private static List<Checkpoint> readCheckpoints(Path dir, List<Epoch> epochs) throws IOException {
        Path pareto = dir.resolve(PARETO);
        if (!Files.isDirectory(pareto)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(pareto)) {
            files = list.filter(p -> CHECKPOINT_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        Map<String, Epoch> byFile = new HashMap<>();
        for (Epoch e : epochs) {
            if (!e.checkpoint().isEmpty()) {
                byFile.put(e.checkpoint(), e);
            }
        }
        List<Checkpoint> result = new ArrayList<>();
        for (Path file : files) {
            Matcher m = CHECKPOINT_NAME.matcher(file.getFileName().toString());
            m.matches();
            int epoch = Integer.parseInt(m.group(1));
            Epoch line = byFile.get(file.getFileName().toString());
            double ebops = line == null ? Double.NaN : line.exactEbops();
            double metric = line == null ? Double.NaN : line.exactMetric();
            if (Double.isNaN(ebops) || Double.isNaN(metric)) {
                FirmwareModel model = HgqFile.read(file);
                if (Double.isNaN(ebops)) {
                    ebops = model.metrics().containsKey("ebops") ? model.metrics().get("ebops")
                            : ModelCost.of(model).totalEbops();
                }
                if (Double.isNaN(metric)) {
                    metric = model.metrics().getOrDefault("validation_metric", Double.NaN);
                }
            }
            result.add(new Checkpoint(file, epoch, ebops, metric));
        }
        result.sort(Comparator.comparingInt(Checkpoint::epoch));
        return result;
    }

    /** Whether this run is a uniform-precision baseline. */
    public boolean isUniform() {
        return "uniform".equalsIgnoreCase(mode);
    }

    /**
     * The checkpoint a report describes: {@code requested} ({@code epoch-NNNN}, with or without {@code .hgq}) when
     * given, else the one with the best metric (the fewest EBOPs among equals); empty when the run has none.
     *
     * @throws ReportException if {@code requested} names no checkpoint of the run
     */
    public Optional<Checkpoint> choose(String requested) {
        if (requested != null) {
            String wanted = requested.endsWith(".hgq") ? requested.substring(0, requested.length() - 4) : requested;
            return Optional.of(checkpoints.stream().filter(c -> c.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new ReportException(dir.resolve(PARETO) + ": no checkpoint '" + requested
                            + "'; there are: " + (checkpoints.isEmpty() ? "none"
                            : String.join(", ", checkpoints.stream().map(Checkpoint::name).toList())))));
        }
        return checkpoints.stream().filter(c -> !Double.isNaN(c.metric()))
                .max(Comparator.comparingDouble(Checkpoint::metric).thenComparing(Comparator.comparingDouble(Checkpoint::ebops).reversed()))
                .or(() -> checkpoints.stream().min(Comparator.comparingDouble(Checkpoint::ebops)));
    }

    /** A label for charts: the name and, unless HGQ, the mode. */
    public String label() {
        return "hgq".equalsIgnoreCase(mode) ? name : name + " (" + mode + ")";
    }
}

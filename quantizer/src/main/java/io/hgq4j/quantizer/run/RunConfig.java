package io.hgq4j.quantizer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.nn.NetworkSpec;
import io.hgq4j.quantizer.train.BetaSchedule;
import io.hgq4j.quantizer.train.LearningRate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs: the data, the network, how it is quantized and how it is trained. Read from a YAML
 * file ({@link #read}) or built in Java ({@link #builder}); {@link #toYaml} writes a file that reads back to an equal
 * configuration, which is how a run folder remembers its configuration for {@code --resume}.
 *
 * <pre>
 * name: digits
 * seed: 1
 * data: {source: digits}
 * model:
 *   input: [64]
 *   layers:
 *     - dense: {units: 32, activation: relu}
 *     - dense: {units: 10}
 * quantizer: {mode: hgq}
 * training: {epochs: 30, batch_size: 64, learning_rate: 3e-3, beta: 1e-6}
 * </pre>
 *
 * @param name      the run's name, and the exported models' name
 * @param seed      the seed of initialisation, shuffling and dropout
 * @param data      the data section
 * @param model     the network
 * @param quantizer the quantizer section
 * @param training  the training section
 */
public record RunConfig(String name, long seed, DataConfig data, NetworkSpec model, QuantizerConfig quantizer,
                        TrainingConfig training) {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** Validates the name. */
    public RunConfig {
        if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("a run name of letters, digits, '_', '-' and '.' expected, got " + name);
        }
    }

    /** Reads a YAML configuration file. */
    public static RunConfig read(Path file) throws IOException {
        return read(file, Map.of());
    }

    /** Reads a YAML configuration file with {@code overrides} applied (see {@link #parse(String, String, Map)}). */
    public static RunConfig read(Path file, Map<String, String> overrides) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        }
        return parse(text, file.toString(), overrides);
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static RunConfig parse(String yaml, String source) {
        return parse(yaml, source, Map.of());
    }

    /**
     * Parses YAML text after applying {@code overrides}: each key is a dotted path ({@code training.epochs}) and each
     * value a YAML value ({@code 5}, {@code uniform}, {@code [0.1, 0.2]}) replacing or adding that entry.
     */
    public static RunConfig parse(String yaml, String source, Map<String, String> overrides) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source + ": expected a mapping with data, model, quantizer and training");
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            override((ObjectNode) tree, o.getKey(), o.getValue(), source);
        }
        ConfigNode root = new ConfigNode(source, "", tree);
        String name = root.string("name", "model");
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw root.required("name").error("a name of letters, digits, '_', '-' and '.'");
        }
        long seed = root.has("seed") ? root.required("seed").integer() : 1;
        DataConfig data = DataConfig.read(root.mapOrEmpty("data"));
        NetworkSpec model = ModelConfig.read(root.map("model"));
        QuantizerConfig quantizer = QuantizerConfig.read(root.mapOrEmpty("quantizer"));
        TrainingConfig training = TrainingConfig.read(root.mapOrEmpty("training"));
        root.finish();
        return new RunConfig(name, seed, data, model, quantizer, training);
    }

    private static void override(ObjectNode tree, String key, String value, String source) {
        String[] parts = key.split("\\.", -1);
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new ConfigException(source + ": cannot set " + key + ": " + String.join(".", List.of(parts).subList(0, i + 1))
                        + " is not a mapping");
            }
            node = (ObjectNode) child;
        }
        if (parts[parts.length - 1].isEmpty()) {
            throw new ConfigException("--set " + key + ": expected a key path like training.epochs");
        }
        try {
            node.set(parts[parts.length - 1], YAML.readTree(value.isEmpty() ? "null" : value));
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + key + "=" + value + ": not a YAML value");
        }
    }

    /** The configuration as YAML (it reads back to an equal configuration). */
    public String toYaml() {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", name);
        root.put("seed", seed);
        root.set("data", data.write());
        root.set("model", ModelConfig.write(model));
        root.set("quantizer", quantizer.write());
        root.set("training", training.write());
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /** This configuration with another data section. */
    public RunConfig withData(DataConfig newData) {
        return new RunConfig(name, seed, newData, model, quantizer, training);
    }

    /** This configuration with another quantizer section. */
    public RunConfig withQuantizer(QuantizerConfig newQuantizer) {
        return new RunConfig(name, seed, data, model, newQuantizer, training);
    }

    /** This configuration with another training section. */
    public RunConfig withTraining(TrainingConfig newTraining) {
        return new RunConfig(name, seed, data, model, quantizer, newTraining);
    }

    /** A builder starting from the defaults: the digits, HGQ, {@link TrainingConfig#DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RunConfig} in Java, the equivalent of a YAML file. */
    public static final class Builder {
        private String name = "model";
        private long seed = 1;
        private DataConfig data = DataConfig.digits();
        private final List<LayerSpec> layers = new ArrayList<>();
        private QuantizerConfig quantizer = QuantizerConfig.HGQ;
        private TrainingConfig training = TrainingConfig.DEFAULTS;

        private Builder() {
        }

        /** The run's name. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /** The seed. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** The data. */
        public Builder data(DataConfig value) {
            data = value;
            return this;
        }

        /** The network's input shape (one sample); call first. */
        public Builder input(int... shape) {
            layers.clear();
            layers.add(new LayerSpec.InputSpec("input", shape));
            return this;
        }

        /** Appends a layer. */
        public Builder layer(LayerSpec layer) {
            if (layers.isEmpty()) {
                throw new IllegalStateException("call input(...) before adding layers");
            }
            layers.add(layer);
            return this;
        }

        /** The whole network at once. */
        public Builder model(NetworkSpec spec) {
            layers.clear();
            layers.addAll(spec.layers());
            return this;
        }

        /** The quantizer section. */
        public Builder quantizer(QuantizerConfig value) {
            quantizer = value;
            return this;
        }

        /** The training section. */
        public Builder training(TrainingConfig value) {
            training = value;
            return this;
        }

        /** Epochs, batch size and a constant learning rate and β. */
        public Builder training(int epochs, int batchSize, double learningRate, double beta) {
            training = new TrainingConfig(epochs, batchSize, LearningRate.constant(learningRate), BetaSchedule.constant(beta),
                    training.targetEbops(), training.bitL1(), training.coverFactor(), training.calibrationSamples());
            return this;
        }

        /** The configuration. */
        public RunConfig build() {
            return new RunConfig(name, seed, data, new NetworkSpec(layers), quantizer, training);
        }
    }
}

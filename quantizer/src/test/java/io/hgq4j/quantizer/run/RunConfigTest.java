package io.hgq4j.quantizer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.ir.Padding;
import io.hgq4j.quantizer.nn.Activation;
import io.hgq4j.quantizer.nn.BitQuantizer;
import io.hgq4j.quantizer.nn.LayerSpec;
import io.hgq4j.quantizer.train.BetaSchedule;
import io.hgq4j.quantizer.train.LearningRate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunConfigTest {

    private static final String SMALL = """
            name: small
            seed: 7
            data: {source: digits, split: {validation: 0.2, test: 0.2, seed: 3}}
            model:
              input: [64]
              layers:
                - dense: {units: 16, batch_norm: true, activation: relu}
                - dropout: {rate: 0.1}
                - dense: {name: logits, units: 10}
            quantizer: {mode: hgq, weight_granularity: channel, init_weight_bits: 3}
            training:
              epochs: 12
              batch_size: 32
              learning_rate: {initial: 1e-3, period: 4, m_mul: 0.9, alpha: 0.01}
              beta: {points: [[0, 1e-7], [12, 1e-5]], log: true}
              l1: 0
            """;

    @ParameterizedTest
    @ValueSource(strings = {"digits", "mnist-mlp", "mnist-cnn", "jet-tagging"})
    void recipesParseAndRoundTrip(String name) {
        RunConfig config = Recipes.load(name, Map.of());
        String yaml = config.toYaml();
        assertThat(RunConfig.parse(yaml, "written").toYaml()).isEqualTo(yaml);
        assertThat(TrainingRun.build(config).params()).isNotEmpty();
    }

    @Test
    void readsEveryField() {
        RunConfig c = RunConfig.parse(SMALL, "small.yaml");
        assertThat(c.name()).isEqualTo("small");
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.data().validation()).isEqualTo(0.2);
        assertThat(c.data().splitSeed()).isEqualTo(3);
        assertThat(c.model().layers()).hasSize(4);
        assertThat(c.model().layers().get(1)).isEqualTo(new LayerSpec.DenseSpec("dense_1", List.of(), 16, true, Activation.RELU));
        assertThat(c.model().layers().get(3).name()).isEqualTo("logits");
        assertThat(c.quantizer().weightGranularity()).isEqualTo(BitQuantizer.Granularity.CHANNEL);
        assertThat(c.quantizer().weightBits()).isEqualTo(3);
        assertThat(c.training().learningRate()).isEqualTo(new LearningRate(1e-3, 4, 1, 0.9, 0.01));
        assertThat(c.training().beta().at(6)).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.training().bitL1()).isZero();
    }

    @Test
    void builderEqualsYaml() {
        RunConfig built = RunConfig.builder().name("small").seed(7)
                .data(new DataConfig(DataConfig.Source.DIGITS, null, null, null, null,
                        io.hgq4j.quantizer.data.Task.CLASSIFICATION, 1.0 / 256, DataConfig.SplitMethod.STRATIFIED, 0.2, 0.2,
                        3, DataConfig.Scaling.STANDARD))
                .input(64)
                .layer(new LayerSpec.DenseSpec("dense_1", List.of(), 16, true, Activation.RELU))
                .layer(new LayerSpec.DropoutSpec("dropout_1", List.of(), 0.1))
                .layer(new LayerSpec.DenseSpec("logits", List.of(), 10, false, Activation.LINEAR))
                .quantizer(QuantizerConfig.hgq(BitQuantizer.Granularity.CHANNEL,
                        BitQuantizer.Granularity.ELEMENT, 3, 2))
                .training(new TrainingConfig(12, 32, new LearningRate(1e-3, 4, 1, 0.9, 0.01),
                        BetaSchedule.ramp(1e-7, 1e-5, 0, 12, true), 0, 0, 1.0, 20_000))
                .build();
        assertThat(built.toYaml()).isEqualTo(RunConfig.parse(SMALL, "small.yaml").toYaml());
    }

    @Test
    void convolutionLayersDefaultTheirStridesAndPadding() {
        RunConfig c = RunConfig.parse("""
                model:
                  input: [8, 8, 1]
                  layers:
                    - conv2d: {filters: 2, kernel: 3, padding: same}
                    - avg_pool2d: {size: 2}
                    - flatten:
                    - dense: {units: 3}
                """, "conv.yaml");
        LayerSpec.ConvSpec conv = (LayerSpec.ConvSpec) c.model().layers().get(1);
        assertThat(conv.kernelSize()).containsExactly(3, 3);
        assertThat(conv.strides()).containsExactly(1, 1);
        assertThat(conv.padding()).isEqualTo(Padding.SAME);
        LayerSpec.PoolSpec pool = (LayerSpec.PoolSpec) c.model().layers().get(2);
        assertThat(pool.strides()).containsExactly(2, 2);
        assertThat(TrainingRun.build(c).output().outputShape()).containsExactly(3);
    }

    @Test
    void overridesReplaceEntries() {
        RunConfig c = RunConfig.parse(SMALL, "small.yaml", Map.of("training.epochs", "3",
                "quantizer", "{mode: uniform, weight_f: 5}", "data.split.seed", "9"));
        assertThat(c.training().epochs()).isEqualTo(3);
        assertThat(c.quantizer()).isEqualTo(QuantizerConfig.uniform(5, 4));
        assertThat(c.data().splitSeed()).isEqualTo(9);
    }

    @Test
    void theUniformBaselineSharesOneRangePerTensorUnlessToldOtherwise() {
        RunConfig layer = RunConfig.parse(SMALL, "small.yaml", Map.of("quantizer", "{mode: uniform, weight_f: 3}"));
        assertThat(layer.quantizer().rangeGranularity()).isEqualTo(BitQuantizer.Granularity.LAYER);
        assertThat(layer.quantizer().settings().rangeGranularity()).isEqualTo(BitQuantizer.Granularity.LAYER);
        RunConfig element = RunConfig.parse(SMALL, "small.yaml",
                Map.of("quantizer", "{mode: uniform, weight_f: 3, activation_f: 2, range_granularity: element}"));
        assertThat(element.quantizer()).isEqualTo(QuantizerConfig.uniform(3, 2, BitQuantizer.Granularity.ELEMENT));
        RunConfig hgq = RunConfig.parse(SMALL, "small.yaml", Map.of());
        assertThat(hgq.quantizer().rangeGranularity()).isEqualTo(BitQuantizer.Granularity.ELEMENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            training.batch_sise: 3          | small.yaml: training.batch_sise: unknown key (expected one of
            training.batch_size: many       | small.yaml: training.batch_size: expected a number, got "many"
            training.batch_size: 0          | small.yaml: training.batch_size: expected a whole number in [1,
            training.epochs: 2.5            | small.yaml: training.epochs: expected a whole number, got "2.5"
            quantizer.mode: fancy           | small.yaml: quantizer.mode: expected one of hgq, uniform, float, got "fancy"
            quantizer.weight_f: 3           | small.yaml: quantizer.weight_f: unknown key
            data.source: floppy             | small.yaml: data.source: expected one of digits, mnist, openml
            data.split.validation: 0.95     | small.yaml: data.split.validation: expected a number in [0, 0.9]
            model.layers[0].dense.units: -4 | small.yaml: model.layers[0].dense.units: expected a whole number in [1,
            model.layers[0].dense.activation: tanh | small.yaml: model.layers[0].dense.activation: expected linear or relu
            training.beta.points: [[1, 2, 3]] | small.yaml: training.beta.points[0]: expected [epoch, beta]
            """)
    void badEntriesNameTheirKey(String override, String message) {
        String key = override.substring(0, override.indexOf(':'));
        String value = override.substring(override.indexOf(':') + 1).trim();
        String yaml = key.startsWith("model.layers[0]") ? SMALL.replace("{units: 16, batch_norm: true, activation: relu}",
                "{units: 16, " + key.substring(key.lastIndexOf('.') + 1) + ": " + value + "}") : null;
        assertThatThrownBy(() -> {
            if (yaml != null) {
                RunConfig.parse(yaml, "small.yaml");
            } else {
                RunConfig.parse(SMALL, "small.yaml", Map.of(key, value));
            }
        }).isInstanceOf(ConfigException.class).hasMessageStartingWith(message.trim()).hasMessageNotContaining("\n");
    }

    @Test
    void structuralMistakesAreOneLineErrors() {
        assertThatThrownBy(() -> RunConfig.parse("name: x\n", "a.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("a.yaml: model: missing (required)");
        assertThatThrownBy(() -> RunConfig.parse("model: [1, 2", "b.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.yaml: not valid YAML at line").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RunConfig.parse("model: {input: [4], layers: [{lstm: {units: 3}}]}", "c.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("c.yaml: model.layers[0]: unknown layer kind 'lstm' (expected one of dense,");
        assertThatThrownBy(() -> RunConfig.parse("model: {input: [4], layers: [{dense: {units: 3, inputs: [nowhere]}}]}",
                "d.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("d.yaml: model: layer 'dense_1' reads 'nowhere', which is not an earlier layer");
        assertThatThrownBy(() -> TrainingRun.build(RunConfig.parse(
                "model: {input: [4], layers: [{conv2d: {filters: 2, kernel: 3}}]}", "e.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("model: conv layer 'conv2d_1': input of shape [4]");
        assertThatThrownBy(() -> Recipes.load("mnist-rnn", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("no recipe 'mnist-rnn' (recipes: digits, mnist-mlp, mnist-cnn, jet-tagging)");
    }

    @Test
    void digitsArePreparedWithTheConfiguredSplit() {
        DataConfig.Prepared p = RunConfig.parse(SMALL, "small.yaml").data().prepare(java.nio.file.Path.of("."));
        assertThat(p.train().count() + p.validation().count() + p.test().count()).isEqualTo(1797);
        assertThat(p.validation().count()).isBetween(358, 361);
        double mean = 0;
        double[] values = p.train().features().toArray();
        for (double v : values) {
            mean += v;
        }
        assertThat(mean / values.length).as("standard scaling of the training part").isCloseTo(0,
                org.assertj.core.data.Offset.offset(1e-9));
    }
}

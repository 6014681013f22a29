package io.hgq4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {

    @TempDir
    Path dir;

    @Test
    void readsMetricsConfigAndCheckpoints() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 5);
        RunHistory h = RunHistory.read(run);
        assertThat(h.name()).isEqualTo("jets");
        assertThat(h.mode()).isEqualTo("hgq");
        assertThat(h.isUniform()).isFalse();
        assertThat(h.epochs()).hasSize(5);
        assertThat(h.epochs().get(0).loss()).isEqualTo(2.0);
        assertThat(h.epochs().get(0).exactEbops()).isNaN();
        assertThat(h.epochs().get(1).checkpoint()).isEqualTo("epoch-0002.hgq");
        assertThat(h.checkpoints()).extracting(RunHistory.Checkpoint::name).containsExactly("epoch-0002", "epoch-0004");
        assertThat(h.checkpoints().get(1).metric()).isEqualTo(0.9);
    }

    @Test
    void choosesTheBestMetricOrTheNamedCheckpoint() throws IOException {
        RunHistory h = RunHistory.read(TinyRun.write(dir.resolve("run"), "jets", "uniform", 0, 4));
        assertThat(h.isUniform()).isTrue();
        assertThat(h.label()).isEqualTo("jets (uniform)");
        assertThat(h.choose(null)).get().extracting(RunHistory.Checkpoint::name).isEqualTo("epoch-0004");
        assertThat(h.choose("epoch-0002")).get().extracting(RunHistory.Checkpoint::epoch).isEqualTo(2);
        assertThat(h.choose("epoch-0002.hgq")).get().extracting(RunHistory.Checkpoint::epoch).isEqualTo(2);
        assertThatThrownBy(() -> h.choose("epoch-0009")).isInstanceOf(ReportException.class)
                .hasMessageContaining("no checkpoint 'epoch-0009'").hasMessageContaining("epoch-0002, epoch-0004");
    }

    @Test
    void checkpointFiguresFallBackToTheModelFile() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 4);
        // a metrics.csv from before the exact columns existed
        Files.writeString(run.resolve("metrics.csv"), "epoch,loss,metric,ebops,beta\n1,1,0.5,100,1e-6\n");
        RunHistory h = RunHistory.read(run);
        assertThat(h.checkpoints()).hasSize(2);
        assertThat(h.checkpoints().get(0).metric()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h.checkpoints().get(0).ebops()).isPositive();
    }

    @Test
    void missingMetricsFileIsNamed() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 2);
        Files.delete(run.resolve("metrics.csv"));
        assertThatThrownBy(() -> RunHistory.read(run)).isInstanceOf(ReportException.class)
                .hasMessageContaining("run").hasMessageContaining("no metrics.csv");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 2);
        Files.writeString(run.resolve("metrics.csv"), "epoch,loss,metric,ebops\n1,1,0.5,100\n");
        assertThatThrownBy(() -> RunHistory.read(run)).isInstanceOf(ReportException.class)
                .hasMessageContaining(run.resolve("metrics.csv").toString()).hasMessageContaining("missing column 'beta'");
    }

    @Test
    void corruptValuesAreNamedWithLineAndColumn() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 2);
        Path csv = run.resolve("metrics.csv");
        Files.writeString(csv, TinyRun.HEADER + "\n1,1,0.5,100,1e-6,0.1,5,,,\n2,oops,0.5,100,1e-6,0.1,5,,,\n");
        assertThatThrownBy(() -> RunHistory.read(run)).isInstanceOf(ReportException.class)
                .hasMessage(csv + " line 3, column 'loss': not a number: 'oops'");
        Files.writeString(csv, TinyRun.HEADER + "\n1,1,0.5\n");
        assertThatThrownBy(() -> RunHistory.read(run)).hasMessage(csv + " line 2: 3 fields, but the header has 10");
        Files.writeString(csv, "");
        assertThatThrownBy(() -> RunHistory.read(run)).hasMessageContaining(csv + ": empty");
        Files.write(csv, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThatThrownBy(() -> RunHistory.read(run)).isInstanceOf(ReportException.class)
                .hasMessage(csv + ": not a CSV text file (not UTF-8)");
    }

    @Test
    void badConfigIsNamed() throws IOException {
        Path run = TinyRun.write(dir.resolve("run"), "jets", "hgq", 0, 2);
        Files.writeString(run.resolve("config.yaml"), "name: [unclosed\n");
        assertThatThrownBy(() -> RunHistory.read(run)).isInstanceOf(ReportException.class)
                .hasMessageContaining(run.resolve("config.yaml") + ": not valid YAML");
    }
}

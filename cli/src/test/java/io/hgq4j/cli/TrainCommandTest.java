package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hgq4j train}, {@code calibrate} and {@code export} on the bundled digits. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsResumesCalibratesAndExportsBitExactly() throws Exception {
        Path run = dir.resolve("run");
        CliRun cli = new CliRun();
        assertThat(cli.run("train", "--recipe", "digits", "--epochs", "3", "-o", run.toString(), "--progress", "never"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("training digits: hgq, 1,258 training / 180 validation / 359 test samples")
                .contains("epoch     3").contains("Pareto front").contains("export one with: hgq4j export");
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(4);
        assertThat(run.resolve("config.yaml")).exists();
        assertThat(run.resolve("scaler.json")).exists();

        cli.clear();
        assertThat(cli.run("train", "--recipe", "digits", "-o", run.toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + run + " already holds a run; continue it with --resume or "
                + "choose another folder" + System.lineSeparator());

        cli.clear();
        assertThat(cli.run("train", "--resume", "--epochs", "5", "-o", run.toString(), "--progress", "never"))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("continuing after epoch 3 of 5").contains("epoch     5").doesNotContain("epoch     3 ");
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(6);

        Path best = paretoModels(run).get(paretoModels(run).size() - 1);
        Path model = dir.resolve("digits.hgq");
        cli.clear();
        assertThat(cli.run("export", best.toString(), "-o", model.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("test set: 359 samples, accuracy ")
                .contains("bit-exactness: 0 of 359 samples differ between the emulator and the quantizer");
        FirmwareModel exported = HgqFile.read(model);
        assertThat(exported.name()).isEqualTo("digits");

        cli.clear();
        assertThat(cli.run("pareto", run.toString())).as(cli.err()).isZero();
        List<String> front = cli.out().lines().skip(1).toList();
        assertThat(front).hasSize(paretoModels(run).size());
        assertThat(front.get(0)).as("the cheapest model is on the joint front").endsWith("*");
        assertThat(front).allMatch(row -> row.contains(" %"));

        cli.clear();
        assertThat(cli.run("calibrate", run.toString(), "--cover", "1,2")).as(cli.err()).isZero();
        List<String> rows = cli.out().lines().filter(l -> l.matches("\\s+[12]\\.000 .*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(ebops(rows.get(1))).as("a wider cover costs bits").isGreaterThan(ebops(rows.get(0)));
    }

    @Test
    void badConfigurationIsOneLineNamingTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "model: {input: [64], layers: [{dense: {units: 10}}]}\ntraining: {epochs: lots}\n");
        CliRun cli = new CliRun();
        assertThat(cli.run("train", config.toString(), "-o", dir.resolve("r").toString())).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("hgq4j: error: " + config + ": training.epochs: expected a number, got \"lots\""
                + System.lineSeparator());
        cli.clear();
        assertThat(cli.run("train", "-o", dir.resolve("r").toString())).isEqualTo(1);
        assertThat(cli.err()).startsWith("hgq4j: error: give either CONFIG.yaml or --recipe NAME");
        cli.clear();
        assertThat(cli.run("export", dir.resolve("nothing.ckpt").toString(), "-o", dir.resolve("m.hgq").toString()))
                .isEqualTo(1);
        assertThat(cli.err()).contains("nothing.ckpt: no such checkpoint").doesNotContain("at io.");
    }

    private static double ebops(String row) {
        return Double.parseDouble(row.trim().split("\\s+")[1].replace(",", ""));
    }

    private static List<Path> paretoModels(Path run) throws Exception {
        try (Stream<Path> files = Files.list(run.resolve("pareto"))) {
            return files.filter(p -> p.toString().endsWith(".hgq")).sorted().toList();
        }
    }
}

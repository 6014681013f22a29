package io.hgq4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hgq4j serve}'s mistakes are one line (serving itself is tested in the server module). */
class ServeCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void aRepositoryWithoutLoadableModelsIsOneLineAfterTheReasons() throws Exception {
        Files.createDirectories(dir.resolve("broken"));
        assertThat(cli.run("serve", dir.toString(), "--port", "0", "--binary-port", "0")).isEqualTo(1);
        assertThat(cli.out()).contains("model 'broken' skipped: ");
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .isEqualTo("hgq4j: error: " + dir + ": no model could be loaded (see the lines above)");
    }

    @Test
    void aMissingRepositoryOrBadOptionIsOneLine() {
        assertThat(cli.run("serve", dir.resolve("none").toString())).isEqualTo(1);
        assertThat(cli.err()).contains("none: not a folder");
        cli.clear();
        assertThat(cli.run("serve", dir.toString(), "--max-batch", "0")).isEqualTo(1);
        assertThat(cli.err().lines().toList()).singleElement().asString().contains("max batch 0: expected at least 1");
    }
}

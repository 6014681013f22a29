package io.hgq4j.testkit;

import io.hgq4j.model.testing.RandomModels;
import io.hgq4j.runtime.Builds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Build folders for the testkit's tests, compiled once per JVM into {@code target/testkit-builds/} (replacing what an
 * earlier run left there): the methods {@code @CompiledModel(method = "io.hgq4j.testkit.TestBuilds#jet")} points at.
 */
public final class TestBuilds {

    /** Where {@link #jet()} compiles the jet tagger, relative to the module folder. */
    public static final String JET = "target/testkit-builds/jet";

    private static Path jet;
    private static Path alveo;

    private TestBuilds() {
    }

    /** The HGQ jet tagger compiled for the PYNQ-Z2 (16 inputs, 5 outputs); skips the test without ../shared. */
    public static synchronized Path jet() throws IOException {
        if (jet == null) {
            Path dir = fresh(JET);
            Builds.compile(Builds.jet(), "pynq-z2", 64, dir);
            jet = dir;
        }
        return jet;
    }

    /** A small random MLP compiled as an Alveo kernel (no Zynq overlay: a Zynq device is never available for it). */
    public static synchronized Path alveo() throws IOException {
        if (alveo == null) {
            Path dir = fresh("target/testkit-builds/alveo");
            Builds.compile(RandomModels.model(0, 3), "alveo-u55c", 64, dir);
            alveo = dir;
        }
        return alveo;
    }

    private static Path fresh(String folder) throws IOException {
        Path dir = Path.of(folder);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}

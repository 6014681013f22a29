package io.hgq4j.server.binary;

import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.testing.RandomModels;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Builds;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.EmulatorDevice;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Build folders (compiled once per test JVM), services and servers for the binary protocol's tests. */
final class Fixtures {

    private static Artifact jet;
    private static Artifact mlp;
    private static Artifact wide;

    private Fixtures() {
    }

    /** The HGQ jet tagger, compiled for pynq-z2 (the calling test is skipped without the shared fixtures). */
    static synchronized Artifact jet() {
        if (jet == null) {
            try {
                jet = Builds.compile(Builds.jet(), "pynq-z2", 64, Files.createTempDirectory("binary-jet"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jet;
    }

    /** A random MLP, compiled for pynq-z2. */
    static synchronized Artifact mlp() {
        if (mlp == null) {
            try {
                FirmwareModel model = RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 11);
                mlp = Builds.compile(model, "pynq-z2", 32, Files.createTempDirectory("binary-mlp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mlp;
    }

    /** A random MLP with up to 32-bit types, whose outputs need FP64. */
    static synchronized Artifact wide() {
        if (wide == null) {
            try {
                FirmwareModel model = RandomModels.model(RandomModels.RECIPES.indexOf("mlp"), 2, 32);
                wide = Builds.compile(model, "pynq-z2", 64, Files.createTempDirectory("binary-wide"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return wide;
    }

    /** Ports 0 (the HTTP one is never bound: only the binary front end is started). */
    static ServerConfig config() {
        return ServerConfig.defaults().withPorts(0, 0).withNativeTransport(true);
    }

    /** A service of {@code jet}, {@code mlp} and {@code wide} on emulator devices. */
    static InferenceService service(ServerConfig config) {
        Map<String, Device> devices = new LinkedHashMap<>();
        devices.put("jet", new EmulatorDevice(jet()));
        devices.put("mlp", new EmulatorDevice(mlp()));
        devices.put("wide", new EmulatorDevice(wide()));
        return InferenceService.of(devices, config);
    }

    /** A server with the binary front end only. */
    static InferenceServer server(ServerConfig config) {
        return InferenceServer.start(service(config), List.of(new BinaryFrontEnd()), line -> { });
    }

    /** The emulator's output values for {@code count} samples, sample after sample. */
    static double[] expected(Artifact artifact, double[] inputs, int count) {
        Emulator.Result result = Emulator.of(artifact.model()).run(inputs, count, 1);
        int per = result.values(0).length;
        double[] all = new double[count * per];
        for (int s = 0; s < count; s++) {
            System.arraycopy(result.values(s), 0, all, s * per, per);
        }
        return all;
    }

    /** {@code float}s widened. */
    static double[] wide(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }
}

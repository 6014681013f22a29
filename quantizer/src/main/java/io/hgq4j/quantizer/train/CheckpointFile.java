package io.hgq4j.quantizer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.AtomicFiles;
import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.NpyArray;
import io.hgq4j.quantizer.nn.NdCopy;
import io.hgq4j.quantizer.nn.Network;
import io.hgq4j.quantizer.nn.Param;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training checkpoint ({@code .ckpt}): a zip holding {@code checkpoint.json} (format, the names and shapes of the
 * arrays, and the progress of the run when it is a resumable state) and one NPY file per array: the network's
 * {@link Network#state() state} under {@code arrays/}, and, for resumable states, the optimizer moments under
 * {@code adam/}. Values are stored as float64, which holds every float32 exactly.
 *
 * <p>A Pareto checkpoint keeps only the network, enough to calibrate and export it again; the run's {@code state.ckpt}
 * keeps everything {@code hgq4j train --resume} needs.
 */
public final class CheckpointFile {

    /** The {@code format} field. */
    public static final String FORMAT = "hgq4j-checkpoint";
    /** The {@code formatVersion} this version writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String MANIFEST = "checkpoint.json";
    private static final long MAX_ENTRY_BYTES = 1L << 31;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /** Writes the network alone (a Pareto checkpoint). */
    public static void writeNetwork(Path file, Network network) throws IOException {
        write(file, network, null, null);
    }

    /**
     * Writes the network and, when {@code progress} is not null, the run's progress and optimizer moments; Pareto
     * checkpoint files are recorded relative to {@code runDir}.
     */
    public static void write(Path file, Network network, TrainingProgress progress, Path runDir) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        ArrayNode arrays = manifest.putArray("arrays");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int index = 0;
        Map<String, Param> params = new HashMap<>();
        network.params().forEach(p -> params.put(p.name(), p));
        for (Map.Entry<String, INDArray> e : network.state().entrySet()) {
            ObjectNode a = arrays.addObject();
            a.put("name", e.getKey());
            entries.put("arrays/" + index + ".npy", npy(e.getValue()));
            Param p = params.get(e.getKey());
            if (progress != null && p != null) {
                INDArray[] moments = p.moments();
                entries.put("adam/" + index + ".m.npy", npy(moments[0]));
                entries.put("adam/" + index + ".v.npy", npy(moments[1]));
            }
            index++;
        }
        if (progress != null) {
            ObjectNode run = manifest.putObject("progress");
            run.put("epochsDone", progress.epochsDone());
            run.put("adamSteps", progress.adam().steps());
            run.put("beta", progress.beta());
            run.put("exactPerEstimated", progress.exactPerEstimated());
            if (progress.controller() != null) {
                ArrayNode c = run.putArray("controller");
                for (double v : progress.controller().state()) {
                    c.add(v);
                }
            }
            ArrayNode front = run.putArray("front");
            for (ParetoFront.Point<Path> p : progress.front().points()) {
                ObjectNode point = front.addObject();
                point.put("epoch", p.epoch());
                point.put("metric", p.metric());
                point.put("ebops", p.ebops());
                point.put("model", runDir.relativize(p.item()).toString().replace('\\', '/'));
            }
        }
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            put(zip, MANIFEST, json);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
            zip.finish();
        });
    }

    /** Restores the network's state from {@code file} (any checkpoint). */
    public static void readNetwork(Path file, Network network) throws IOException {
        Contents c = contents(file);
        restoreNetwork(file, c, network);
    }

    /**
     * Restores the network and returns the run's progress from a resumable state written by
     * {@link #write(Path, Network, TrainingProgress, Path)}.
     */
    public static TrainingProgress readProgress(Path file, Network network, TrainingOptions options, Path runDir)
            throws IOException {
        Contents c = contents(file);
        JsonNode run = c.manifest.get("progress");
        if (run == null || !run.isObject()) {
            throw problem(file, "progress", "an object (this checkpoint holds a network only; it cannot be resumed)");
        }
        restoreNetwork(file, c, network);
        TrainingProgress progress = TrainingProgress.start(options);
        try {
            progress.setEpochsDone(integer(file, run, "epochsDone"));
            progress.adam().setSteps(integer(file, run, "adamSteps"));
            progress.setBeta(number(file, run, "beta"));
            progress.setExactPerEstimated(number(file, run, "exactPerEstimated"));
            JsonNode controller = run.get("controller");
            if ((controller != null) != (progress.controller() != null)) {
                throw problem(file, "progress.controller", progress.controller() != null
                        ? "the state of the beta controller (the configuration sets target_ebops)"
                        : "absent (the configuration sets no target_ebops)");
            }
            if (controller != null) {
                progress.controller().restore(new double[] {controller.path(0).asDouble(Double.NaN),
                        controller.path(1).asDouble(Double.NaN)});
            }
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": progress: " + e.getMessage());
        }
        JsonNode front = run.get("front");
        if (front == null || !front.isArray()) {
            throw problem(file, "progress.front", "an array");
        }
        for (JsonNode p : front) {
            String model = p.path("model").asText("");
            if (model.isEmpty() || model.startsWith("/") || model.contains("..")) {
                throw problem(file, "progress.front[].model", "a file inside the run folder");
            }
            progress.front().offer(new ParetoFront.Point<>(integer(file, p, "epoch"), number(file, p, "metric"),
                    number(file, p, "ebops"), runDir.resolve(model)));
        }
        Map<String, Param> params = new HashMap<>();
        network.params().forEach(p -> params.put(p.name(), p));
        List<String> names = c.names;
        for (int i = 0; i < names.size(); i++) {
            Param p = params.get(names.get(i));
            if (p != null) {
                INDArray[] moments = p.moments();
                moments[0].assign(array(file, c, "adam/" + i + ".m.npy", moments[0]));
                moments[1].assign(array(file, c, "adam/" + i + ".v.npy", moments[1]));
            }
        }
        return progress;
    }

    private record Contents(JsonNode manifest, List<String> names, Map<String, byte[]> entries) {
    }

    private static Contents contents(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (entries.put(e.getName(), readEntry(file, e.getName(), zip)) != null) {
                    throw new CheckpointException(file + ": duplicate entry " + e.getName());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) { // the JDK reports a malformed entry name as the latter
            throw new CheckpointException(file + ": not a readable checkpoint (corrupt zip: " + e.getMessage() + ")");
        }
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) {
            throw new CheckpointException(file + ": not a checkpoint (no " + MANIFEST + ")");
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(new String(manifestBytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CheckpointException(file + ": " + MANIFEST + " is not valid JSON");
        }
        if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
            throw problem(file, "format", "\"" + FORMAT + "\"");
        }
        if (manifest.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            throw problem(file, "formatVersion", String.valueOf(FORMAT_VERSION));
        }
        JsonNode arrays = manifest.get("arrays");
        if (arrays == null || !arrays.isArray()) {
            throw problem(file, "arrays", "an array of {name}");
        }
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode a : arrays) {
            String name = a.path("name").asText("");
            if (name.isEmpty()) {
                throw problem(file, "arrays[" + names.size() + "].name", "a non-empty string");
            }
            names.add(name);
        }
        return new Contents(manifest, names, entries);
    }

    private static void restoreNetwork(Path file, Contents c, Network network) {
        Map<String, INDArray> state = network.state();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int i = 0; i < c.names.size(); i++) {
            String name = c.names.get(i);
            INDArray target = state.get(name);
            if (target == null) {
                throw new CheckpointException(file + ": array '" + name + "' is not part of this network (was the "
                        + "checkpoint written for another model configuration?)");
            }
            values.put(name, NdCopy.doubles(array(file, c, "arrays/" + i + ".npy", target)));
        }
        for (String name : state.keySet()) {
            if (!values.containsKey(name)) {
                throw new CheckpointException(file + ": no array '" + name + "' (was the checkpoint written for another "
                        + "model configuration?)");
            }
        }
        network.restore(values);
    }

    private static INDArray array(Path file, Contents c, String entry, INDArray like) {
        byte[] bytes = c.entries.get(entry);
        if (bytes == null) {
            throw new CheckpointException(file + ": missing entry " + entry);
        }
        NpyArray npy;
        try {
            npy = Npy.read(bytes);
        } catch (ArrayFormatException e) {
            throw new CheckpointException(file + ": " + entry + ": " + e.getMessage());
        }
        long[] expected = like.shape();
        int[] shape = npy.shape();
        boolean same = shape.length == expected.length;
        for (int i = 0; same && i < shape.length; i++) {
            same = shape[i] == expected[i];
        }
        if (!same || npy.fortranOrder()) {
            throw new CheckpointException(file + ": " + entry + " has shape " + java.util.Arrays.toString(shape)
                    + (npy.fortranOrder() ? " in Fortran order" : "") + "; expected " + java.util.Arrays.toString(expected)
                    + " in C order");
        }
        double[] values = npy.toDoubles();
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new CheckpointException(file + ": " + entry + " holds a non-finite value");
            }
        }
        return NdCopy.of(values, expected).castTo(like.dataType());
    }

    private static byte[] npy(INDArray array) {
        long[] shape = array.shape();
        int[] ints = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ints[i] = (int) shape[i];
        }
        return Npy.writeFloat64(ints, NdCopy.doubles(array));
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] readEntry(Path file, String name, InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_ENTRY_BYTES) {
                throw new CheckpointException(file + ": entry " + name + " is larger than 2 GiB");
            }
        }
        return out.toByteArray();
    }

    private static int integer(Path file, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw problem(file, field, "a non-negative integer");
        }
        return v.asInt();
    }

    private static double number(Path file, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw problem(file, field, "a finite number");
        }
        return v.asDouble();
    }

    private static CheckpointException problem(Path file, String field, String expected) {
        return new CheckpointException(file + ": field '" + field + "': expected " + expected);
    }
}

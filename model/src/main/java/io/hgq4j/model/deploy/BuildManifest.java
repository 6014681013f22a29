package io.hgq4j.model.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hgq4j.model.fixed.FixedType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The build manifest ({@value #FILE_NAME}) written next to a generated accelerator project: which model it was
 * generated from, for which board and clock, how the host must pack samples, and what the tools are expected to
 * report. The host runtime reads it to drive the accelerator without re-deriving anything.
 *
 * @param format       {@value #FORMAT}
 * @param version      the manifest version ({@value #VERSION})
 * @param project      the C++ project name (top function {@code project}, wrappers {@code project_axis},
 *                     {@code project_kernel})
 * @param model        the model name
 * @param modelSha256  SHA-256 of the model file the project was generated from (hex)
 * @param board        the board name
 * @param part         the FPGA part
 * @param target       {@code zynq-axi-stream} or {@code alveo-kernel}
 * @param clockPeriodNs the target clock period in ns
 * @param input        how an input sample is packed
 * @param output       how an output sample is packed
 * @param latencyCycles predicted latency of the core in cycles (the emulator's timing model)
 * @param initiationInterval predicted initiation interval of the core in cycles
 * @param estimate     predicted resources
 * @param artifacts    files by kind, as paths relative to the manifest's folder: the model copy ({@code model}) and
 *                     what the vendor flow produces ({@code bitstream}, {@code hwh}, {@code xclbin})
 */
public record BuildManifest(String format, int version, String project, String model, String modelSha256, String board,
                            String part, String target, double clockPeriodNs, Port input, Port output,
                            int latencyCycles, int initiationInterval, Estimate estimate, Map<String, String> artifacts) {

    /** The manifest's file name. */
    public static final String FILE_NAME = "hgq4j-build.json";
    /** The value of {@code format}. */
    public static final String FORMAT = "hgq4j-build";
    /** The current version. */
    public static final int VERSION = 1;
    /** The copy of the model file kept in every build folder (artifact kind {@code model}). */
    public static final String MODEL_FILE = "model.hgq";

    /**
     * Stores the model file's bytes as {@code folder/}{@value #MODEL_FILE}, so that the build folder alone can be run
     * (on the emulator, or to check a board's outputs), and returns their SHA-256 for {@code modelSha256}.
     */
    public static String storeModel(Path folder, byte[] modelFile) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(MODEL_FILE), modelFile);
        return sha256(modelFile);
    }

    /** The SHA-256 of {@code bytes} as lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * One port of the accelerator.
     *
     * @param layer           the model layer it carries
     * @param elements        elements per sample
     * @param storageType     the type every element is sent as ({@code fixed<W,I>} notation)
     * @param wordBits        bus word width
     * @param elementBits     bits per element on the bus
     * @param elementsPerWord elements per word, from bit 0 up
     * @param wordsPerSample  words per sample
     */
    public record Port(String layer, int elements, String storageType, int wordBits, int elementBits,
                       int elementsPerWord, int wordsPerSample) {

        /** The port of a tensor packed as {@code layout}. */
        public static Port of(String layer, PackedLayout layout) {
            return new Port(layer, layout.elements(), layout.elementType().toString(), layout.wordBits(),
                    layout.elementBits(), layout.elementsPerWord(), layout.wordsPerSample());
        }

        /**
         * The packing this port describes, checked against its own figures.
         *
         * @throws IllegalArgumentException if the figures contradict each other
         */
        public PackedLayout layout() {
            PackedLayout layout = new PackedLayout(elements, FixedType.parse(storageType), wordBits);
            if (layout.elementBits() != elementBits || layout.elementsPerWord() != elementsPerWord
                    || layout.wordsPerSample() != wordsPerSample) {
                throw new IllegalArgumentException("port '" + layer + "': elementBits, elementsPerWord and wordsPerSample"
                        + " do not follow from " + elements + " elements of " + storageType + " in " + wordBits + "-bit words");
            }
            return layout;
        }
    }

    /**
     * Predicted resources.
     *
     * @param ebops  exact EBOPs of the model
     * @param lut    look-up tables
     * @param ff     flip-flops
     * @param dsp    DSP slices
     * @param bram18 18 Kb block RAMs
     */
    public record Estimate(long ebops, long lut, long ff, long dsp, long bram18) {
    }

    /** Checks the required fields. */
    public BuildManifest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    }

    /** Writes the manifest as {@code folder/}{@value #FILE_NAME}. */
    public Path write(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        Files.writeString(file, json().writeValueAsString(this) + "\n");
        return file;
    }

    /**
     * Reads and checks a manifest (a file, or a folder holding {@value #FILE_NAME}).
     *
     * @throws IllegalArgumentException naming the file and the problem when it is missing, malformed or of another
     *                                  format or version
     */
    public static BuildManifest read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        BuildManifest m;
        try {
            m = json().readValue(Files.readAllBytes(file), BuildManifest.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no build manifest here (generate one with hgq4j compile)");
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(file + ": " + fieldPath(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a valid build manifest: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid build manifest: " + e.getMessage());
        }
        if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
            throw new IllegalArgumentException(file + ": format '" + m.format() + "' version " + m.version()
                    + "; expected '" + FORMAT + "' version " + VERSION);
        }
        try {
            m.input().layout();
            m.output().layout();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        return m;
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder s = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                s.append(s.length() > 0 ? "." : "").append(ref.getFieldName());
            } else {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.length() == 0 ? "(top level)" : s.toString();
    }

}

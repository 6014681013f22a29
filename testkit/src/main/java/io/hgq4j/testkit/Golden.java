package io.hgq4j.testkit;

import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.data.AtomicFiles;
import io.hgq4j.model.data.Npy;
import io.hgq4j.model.data.NpyArray;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.EmulatorDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A golden file: inputs and the exact output codes a compiled model gives for them, to pin its behaviour bit for bit
 * ({@link DeviceAssert#matchesGolden}).
 *
 * <p>A golden file is a folder of two NumPy files:
 * <ul>
 *   <li>{@value #INPUTS}: the real inputs, {@code <f8} (float64) of shape (N, ...input shape); anything
 *       {@link SampleArrays#read} reads works (f4, integers), as long as a sample has the model's input size;</li>
 *   <li>{@value #CODES}: the expected output codes, {@code <i8} (int64) of shape (N, outputs) (any integer dtype is
 *       read; a 1-D array of length N for a single output). A code is the output element's integer value at its
 *       fixed-point type's LSB: value = code × 2^lsb. Codes are integers, so they are exact at any width.</li>
 * </ul>
 * With NumPy: {@code np.load("golden/jet/codes.npy")}. Record one once from the emulator with
 * {@link #record(Path, SampleArray, Path)} (or from any device with {@link #record(Device, SampleArray, Path)}) and
 * commit the folder with the tests.
 */
public final class Golden {

    /** The inputs' file name inside a golden folder. */
    public static final String INPUTS = "inputs.npy";

    /** The expected output codes' file name inside a golden folder. */
    public static final String CODES = "codes.npy";

    private final Path folder;
    private final SampleArray inputs;
    private final long[] codes;
    private final int outputSize;

    private Golden(Path folder, SampleArray inputs, long[] codes, int outputSize) {
        this.folder = folder;
        this.inputs = inputs;
        this.codes = codes;
        this.outputSize = outputSize;
    }

    /**
     * Reads the golden folder {@code folder}.
     *
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming the file when one is missing, malformed, or the two disagree in sample
     *                                  count
     */
    public static Golden read(Path folder) throws IOException {
        Path inputFile = folder.resolve(INPUTS);
        Path codeFile = folder.resolve(CODES);
        for (Path f : new Path[] {inputFile, codeFile}) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, "no golden file here (a golden folder holds "
                        + INPUTS + " and " + CODES + "; write one with Golden.record)");
            }
        }
        SampleArray inputs;
        NpyArray array;
        long[] codes;
        try {
            inputs = SampleArrays.read(inputFile);
        } catch (ArrayFormatException e) {
            throw new IllegalArgumentException("golden inputs " + e.getMessage(), e);
        }
        try {
            array = Npy.read(Files.readAllBytes(codeFile));
            codes = array.toLongs();
        } catch (ArrayFormatException e) {
            throw new IllegalArgumentException("golden codes " + codeFile + ": " + e.getMessage(), e);
        }
        int[] shape = array.shape();
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException("golden codes " + codeFile + ": shape of " + shape.length
                    + " axes; expected (samples, outputs)");
        }
        if (shape[0] != inputs.count()) {
            throw new IllegalArgumentException("golden " + folder + ": " + CODES + " holds " + shape[0] + " samples, "
                    + INPUTS + " " + inputs.count());
        }
        int outputs = shape.length == 1 ? 1 : shape[1];
        return new Golden(folder, inputs, codes, outputs);
    }

    /**
     * Runs {@code inputs} on {@code device} and writes them and the output codes as the golden folder {@code folder}
     * (created if needed; the two files are replaced).
     *
     * @return the golden file written
     * @throws IllegalArgumentException if a sample's size is not the model's input size
     */
    public static Golden record(Device device, SampleArray inputs, Path folder) throws IOException {
        Objects.requireNonNull(device, "device");
        int inputSize = device.codec().inputSize();
        if (inputs.sampleSize() != inputSize) {
            throw new IllegalArgumentException("samples of " + inputs.sampleSize() + " values; model '"
                    + device.artifact().model().name() + "' takes " + inputSize);
        }
        int outputSize = device.codec().outputSize();
        long[] codes = new long[Math.multiplyExact(inputs.count(), outputSize)];
        if (inputs.count() > 0) {
            device.infer(inputs.toArray(), inputs.count(), codes);
        }
        Files.createDirectories(folder);
        SampleArrays.write(folder.resolve(INPUTS), inputs);
        byte[] npy = Npy.writeInt64(new int[] {inputs.count(), outputSize}, codes);
        AtomicFiles.write(folder.resolve(CODES), out -> out.write(npy));
        return new Golden(folder, inputs, codes, outputSize);
    }

    /** {@link #record(Device, SampleArray, Path)} for {@code count} samples of flat inputs (sample after sample). */
    public static Golden record(Device device, double[] inputs, int count, Path folder) throws IOException {
        return record(device, samples(inputs, count, device.codec().inputSize()), folder);
    }

    /** {@link #record(Device, SampleArray, Path)} for float inputs (widened exactly to float64). */
    public static Golden record(Device device, float[] inputs, int count, Path folder) throws IOException {
        double[] values = new double[inputs.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = inputs[i];
        }
        return record(device, values, count, folder);
    }

    /**
     * Records a golden folder from the emulator running the build folder {@code build}: how a golden file is made
     * once, e.g. from a {@code main} method or a test run by hand.
     */
    public static Golden record(Path build, SampleArray inputs, Path folder) throws IOException {
        try (Device emulator = new EmulatorDevice(Artifact.open(build))) {
            return record(emulator, inputs, folder);
        }
    }

    private static SampleArray samples(double[] inputs, int count, int inputSize) {
        if (count < 0 || (long) count * inputSize != inputs.length) {
            throw new IllegalArgumentException(inputs.length + " values are not " + count + " samples of "
                    + inputSize + " inputs");
        }
        return SampleArray.of(inputs, count, Shape.of(inputSize));
    }

    /** The folder it was read from or written to. */
    public Path folder() {
        return folder;
    }

    /** The inputs. */
    public SampleArray inputs() {
        return inputs;
    }

    /** The number of samples. */
    public int count() {
        return inputs.count();
    }

    /** The output codes per sample. */
    public int outputSize() {
        return outputSize;
    }

    /** The expected code of output {@code j} of {@code sample}. */
    public long code(int sample, int j) {
        return codes[sample * outputSize + j];
    }

    /** The expected codes, sample after sample (a copy). */
    public long[] codes() {
        return codes.clone();
    }
}

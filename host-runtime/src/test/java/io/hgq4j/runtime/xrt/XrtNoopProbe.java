package io.hgq4j.runtime.xrt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.EmulatedAccelerator;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.Outputs;
import io.hgq4j.runtime.SampleCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs the XRT binding against the real library, in a JVM of its own started by {@link XrtNoopTest} with
 * {@code XILINX_XRT} and {@code XCL_EMULATION_MODE=noop} set (XRT reads them from the process environment, and if
 * it aborts, only this JVM dies). Prints one line per step; exits 0 when every step checked out, 1 otherwise.
 *
 * <p>Arguments: a scratch folder for the device part (a build folder with a synthetic xclbin); then optionally
 * {@code --leave-open}, to open a device, run one batch and exit without closing it (XRT crashes the process at exit
 * if handles are left, unless hgq4j closes them first).
 */
public final class XrtNoopProbe {

    private static final int SIZE = 4096;

    private XrtNoopProbe() {
    }

    public static void main(String[] args) throws Exception {
        XrtLibrary xrt = XrtLibrary.load(XrtLocator.system());
        System.out.println("loaded " + xrt.path());
        if (args.length > 1 && args[1].equals("--leave-open")) {
            Device device = openDevice(Path.of(args[0]), line -> { });
            device.infer(new float[device.codec().inputSize()], 1);
            System.out.println("exiting with the device open");
            System.exit(0);
        }
        boolean ok = buffers(xrt) && device(Path.of(args[0]));
        System.exit(ok ? 0 : 1);
    }

    /** The binding alone: device open, buffer alloc, write, sync both ways, read back, map, free, close. */
    private static boolean buffers(XrtLibrary xrt) {
        XrtApi api = xrt.api;
        Pointer device = xrt.openDevice("0");
        System.out.println("device open");
        Pointer bo = api.xrtBOAlloc(device, SIZE, 0, 0);
        if (bo == null) {
            throw xrt.failure("xrtBOAlloc(" + SIZE + ")", "NULL", "noop shim refused");
        }
        long handle = Pointer.nativeValue(bo);
        System.out.println("buffer allocated, size " + api.xrtBOSize(bo));

        Memory src = new Memory(SIZE);
        for (int i = 0; i < SIZE; i++) {
            src.setByte(i, (byte) (i * 7 + 3));
        }
        xrt.check(XrtHotPath.xrtBOWrite(handle, Pointer.nativeValue(src), SIZE, 0), "xrtBOWrite", "");
        xrt.check(XrtHotPath.xrtBOSync(handle, XrtHotPath.TO_DEVICE, SIZE, 0), "xrtBOSync(TO_DEVICE)", "");
        xrt.check(XrtHotPath.xrtBOSync(handle, XrtHotPath.FROM_DEVICE, SIZE, 0), "xrtBOSync(FROM_DEVICE)", "");
        Memory dst = new Memory(SIZE);
        dst.clear();
        xrt.check(XrtHotPath.xrtBORead(handle, Pointer.nativeValue(dst), SIZE, 0), "xrtBORead", "");
        int mismatches = 0;
        for (int i = 0; i < SIZE; i++) {
            if (dst.getByte(i) != src.getByte(i)) {
                mismatches++;
            }
        }
        System.out.println("write, sync, read back: " + mismatches + " bytes differ");

        // The mapped view is the same backing store: a write through it is what xrtBORead returns.
        ByteBuffer view = api.xrtBOMap(bo).getByteBuffer(0, SIZE);
        int viewMismatches = 0;
        for (int i = 0; i < SIZE; i++) {
            if (view.get(i) != src.getByte(i)) {
                viewMismatches++;
            }
        }
        view.put(5, (byte) 42);
        xrt.check(XrtHotPath.xrtBORead(handle, Pointer.nativeValue(dst), 16, 0), "xrtBORead", "");
        System.out.println("mapped view: " + viewMismatches + " bytes differ, byte 5 written through it reads "
                + dst.getByte(5));

        String error;
        try {
            xrt.openDevice("0000:ff:1f.7");
            error = "none";
        } catch (DeviceException e) {
            error = e.getMessage();
        }
        System.out.println("bad BDF: " + error);

        xrt.check(api.xrtBOFree(bo), "xrtBOFree", "");
        System.out.println("buffer freed");
        xrt.check(api.xrtDeviceClose(device), "xrtDeviceClose", "");
        System.out.println("device closed");
        return mismatches == 0 && viewMismatches == 0 && dst.getByte(5) == 42;
    }

    /**
     * The whole device: the provider checks and loads a synthetic xclbin of the artifact's kernel; batches run through
     * the mapped buffers and the direct-mapped calls, including one larger than the first allocation. The noop driver
     * completes every run without computing anything, so the emulator stands in for the kernel: it computes the output
     * words of a batch, they are written into the output buffer beforehand (a batch that does not grow the buffers
     * keeps them), and the device must return exactly their codes, after putting exactly the encoded inputs into the
     * input buffer.
     */
    /** The artifact's device, with a synthetic xclbin of its kernel for the U55C written into {@code dir}. */
    private static XrtDevice openDevice(Path dir, Consumer<String> log) throws Exception {
        Artifact artifact = TestArtifacts.alveo(dir);
        XclbinWriter.hlsKernel(TestArtifacts.KERNEL).platform("xilinx_u55c_gen3x16_xdma_3_202210_1")
                .write(dir.resolve("alveo/tiny_mlp.xclbin"));
        return (XrtDevice) new XrtProvider(XrtLocator.system(), BoardCatalog.builtIn())
                .open(artifact, DeviceOptions.defaults().withLog(log));
    }

    private static boolean device(Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        XrtDevice device = openDevice(dir, log::add);
        Artifact artifact = device.artifact();
        System.out.println("xrt device " + device.info().name() + " running " + TestArtifacts.KERNEL);
        SampleCodec codec = device.codec();
        EmulatedAccelerator kernel = new EmulatedAccelerator(artifact, codec);
        Random random = new Random(7);
        boolean ok = true;
        int grown = XrtDevice.INITIAL_BATCH + 44;
        for (int count : new int[] {3, grown}) {
            device.infer(new float[count * codec.inputSize()], count);
            System.out.println("batch of " + count + ": completed");
        }
        // Growth doubles, so that a slowly rising batch size does not reallocate every time.
        ok &= device.mappedOutput().capacity() == codec.outputBytes(2 * XrtDevice.INITIAL_BATCH);
        int capacity = device.mappedOutput().capacity() / codec.outputLayout().bytesPerSample();
        System.out.println("buffers grown to " + capacity + " samples");
        for (int count : new int[] {grown, 1, 17}) {
            float[] inputs = new float[count * codec.inputSize()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = (float) (2 * random.nextGaussian());
            }
            ByteBuffer words = codec.newInputBuffer(count);
            codec.encode(inputs, 0, count, words);
            ByteBuffer expectedWords = codec.newOutputBuffer(count);
            kernel.process(words, 0, expectedWords, 0, count);
            long[] expected = new long[count * codec.outputSize()];
            codec.decode(expectedWords, count, expected, 0);
            device.mappedOutput().put(0, expectedWords, 0, codec.outputBytes(count));

            Outputs outputs = device.infer(inputs, count);
            // All-zero outputs would make the comparison too easy to pass.
            boolean outputsEqual = Arrays.equals(expected, outputs.codes())
                    && Arrays.stream(expected).anyMatch(c -> c != 0);
            boolean inputsEqual = device.mappedInput().slice(0, codec.inputBytes(count))
                    .equals(words.slice(0, codec.inputBytes(count)));
            ok &= outputsEqual && inputsEqual;
            System.out.println("batch of " + count + " with the emulator as kernel: input words on the card equal: "
                    + inputsEqual + ", outputs equal: " + outputsEqual);
        }
        ByteBuffer in = codec.newInputBuffer(5);
        ByteBuffer out = codec.newOutputBuffer(5);
        device.inferPacked(in, out, 5);
        System.out.println("packed batch of 5: completed");
        device.close();
        device.close();
        System.out.println("xrt device closed twice; release problems: " + log.stream()
                .filter(l -> l.contains("failed")).toList());
        return ok;
    }
}

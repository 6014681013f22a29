package io.hgq4j.runtime.xrt;

import com.sun.jna.Pointer;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.BufferedDevice;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceInfo;
import io.hgq4j.runtime.DeviceKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * An Alveo card running an artifact's HLS kernel through XRT.
 *
 * <p>The kernel is {@code extern "C" void <project>_kernel(const word_t *in, word_t *out, int batch)}
 * ({@code FirmwareEmitter}): argument 0 is the input buffer, 1 the output buffer, 2 the sample count. Everything that
 * can be prepared is prepared once: the device is opened, the xclbin loaded, the kernel opened, one input and one
 * output buffer object allocated in the banks the kernel's ports are wired to and mapped into the JVM, and one run
 * handle created with both buffers bound. A batch then only copies into the mapped input, syncs it to the card,
 * updates the count if it changed, starts the run, waits for it (bounded by the options' timeout), syncs the output
 * back and copies it out. These calls are direct-mapped ({@link XrtHotPath}), so a batch allocates nothing; the
 * buffers are reallocated only when a larger batch than ever before arrives.
 */
public final class XrtDevice extends BufferedDevice {

    /** Samples the buffers hold at first; they grow to the largest batch seen. */
    static final int INITIAL_BATCH = 256;

    private static final int ARG_IN = 0;
    private static final int ARG_OUT = 1;
    private static final int ARG_BATCH = 2;

    private final XrtLibrary xrt;
    private final DeviceInfo info;
    private final String kernelName;
    private final int timeoutMs;
    private final Duration timeout;
    private final Consumer<String> log;

    private Pointer device;
    private Pointer xclbin;
    private Pointer kernel;
    private Pointer run;
    private long runHandle;
    private int inGroup;
    private int outGroup;
    private Pointer inBo;
    private Pointer outBo;
    private long inHandle;
    private long outHandle;
    private ByteBuffer inMap;
    private ByteBuffer outMap;
    private int capacity;
    private int boundCount;

    /**
     * Opens XRT device {@code deviceSpec}, loads {@code xclbinFile} (already checked as {@code image}) and prepares the
     * kernel of {@code artifact}. On failure, everything acquired so far is released.
     *
     * @throws DeviceException naming the failing call, errno and a hint
     */
    XrtDevice(XrtLibrary xrt, Artifact artifact, Path xclbinFile, Xclbin image, String deviceSpec, Duration timeout,
              Consumer<String> log) {
        super(artifact);
        this.xrt = xrt;
        this.kernelName = artifact.manifest().project() + "_kernel";
        this.timeout = timeout;
        // xrtRunWaitFor takes unsigned milliseconds; 0 would mean "no timeout", so at least 1 ms.
        this.timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.log = log;
        this.info = new DeviceInfo(DeviceKind.XRT, "xrt:" + deviceSpec, artifact.manifest().board(),
                artifact.clockMhz(), artifact.manifest().latencyCycles(), "platform " + image.platform() + ", xclbin "
                + image.uuid() + ", " + xrt.path());
        try {
            open(deviceSpec, xclbinFile);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        xrt.opened(this);
    }

    private void open(String deviceSpec, Path xclbinFile) {
        XrtApi api = xrt.api;
        device = xrt.openDevice(deviceSpec);
        xrt.clearErrno();
        xclbin = api.xrtXclbinAllocFilename(xclbinFile.toString());
        if (xclbin == null) {
            throw xrt.failure("xrtXclbinAllocFilename(\"" + xclbinFile + "\")", "NULL",
                    "XRT could not read the xclbin; rebuild it with make xclbin");
        }
        byte[] uuid = new byte[16];
        xrt.clearErrno();
        xrt.check(api.xrtXclbinGetUUID(xclbin, uuid), "xrtXclbinGetUUID", "the xclbin has no uuid; rebuild it");
        xrt.clearErrno();
        xrt.check(api.xrtDeviceLoadXclbinHandle(device, xclbin), "xrtDeviceLoadXclbinHandle(" + xclbinFile + ")",
                "the card's shell may not match the xclbin's platform (compare xbutil examine; dmesg shows the"
                        + " driver's reason)");
        xrt.clearErrno();
        kernel = api.xrtPLKernelOpen(device, uuid, kernelName);
        if (kernel == null) {
            throw xrt.failure("xrtPLKernelOpen(" + kernelName + ", xclbin " + HexFormat.of().formatHex(uuid) + ")",
                    "NULL", "the xclbin lacks this kernel, or another process reprogrammed the card");
        }
        inGroup = groupOf(ARG_IN);
        outGroup = groupOf(ARG_OUT);
        xrt.clearErrno();
        run = api.xrtRunOpen(kernel);
        if (run == null) {
            throw xrt.failure("xrtRunOpen(" + kernelName + ")", "NULL", "the kernel cannot be run on this device");
        }
        runHandle = Pointer.nativeValue(run);
        allocate(INITIAL_BATCH);
    }

    private int groupOf(int arg) {
        xrt.clearErrno();
        int group = xrt.api.xrtKernelArgGroupId(kernel, arg);
        if (group < 0) {
            throw xrt.failure("xrtKernelArgGroupId(" + kernelName + ", " + arg + ")", Integer.toString(group),
                    "the argument is not a buffer, or its memory connectivity is ambiguous (check link.cfg)");
        }
        return group;
    }

    /** Replaces the buffers with ones for {@code samples} samples and binds them to the run. */
    private void allocate(int samples) {
        freeBuffers();
        XrtApi api = xrt.api;
        int inBytes = codec().inputBytes(samples);
        int outBytes = codec().outputBytes(samples);
        xrt.clearErrno();
        inBo = api.xrtBOAlloc(device, inBytes, 0, inGroup);
        if (inBo == null) {
            throw xrt.failure("xrtBOAlloc(" + inBytes + " bytes, bank " + inGroup + ")", "NULL",
                    "device memory is exhausted or the bank is wrong");
        }
        xrt.clearErrno();
        outBo = api.xrtBOAlloc(device, outBytes, 0, outGroup);
        if (outBo == null) {
            throw xrt.failure("xrtBOAlloc(" + outBytes + " bytes, bank " + outGroup + ")", "NULL",
                    "device memory is exhausted or the bank is wrong");
        }
        inHandle = Pointer.nativeValue(inBo);
        outHandle = Pointer.nativeValue(outBo);
        inMap = map(inBo, inBytes);
        outMap = map(outBo, outBytes);
        xrt.clearErrno();
        xrt.check(api.xrtRunSetArg(run, ARG_IN, inBo), "xrtRunSetArg(" + kernelName + ", 0, input buffer)",
                "the kernel's argument 0 is not the input buffer; rebuild the xclbin from this artifact");
        xrt.clearErrno();
        xrt.check(api.xrtRunSetArg(run, ARG_OUT, outBo), "xrtRunSetArg(" + kernelName + ", 1, output buffer)",
                "the kernel's argument 1 is not the output buffer; rebuild the xclbin from this artifact");
        capacity = samples;
        boundCount = 0;
    }

    private ByteBuffer map(Pointer bo, int bytes) {
        xrt.clearErrno();
        Pointer host = xrt.api.xrtBOMap(bo);
        if (host == null) {
            throw xrt.failure("xrtBOMap(" + bytes + " bytes)", "NULL", "the buffer has no host backing store");
        }
        // The bus words are little-endian; so are the hosts XRT runs on, but say it rather than rely on it.
        return host.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A view of the mapped input buffer (the host side of what the kernel reads). For tests under XRT's noop driver,
     * where no kernel runs: they check what a batch put there.
     */
    ByteBuffer mappedInput() {
        return inMap.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A view of the mapped output buffer. For tests under XRT's noop driver: they write what the kernel would, and
     * check that a batch of at most the current capacity returns it.
     */
    ByteBuffer mappedOutput() {
        return outMap.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    protected void run(ByteBuffer input, ByteBuffer output, int count) {
        if (count > capacity) {
            allocate(Math.max(count, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity)));
        }
        int inBytes = codec().inputBytes(count);
        int outBytes = codec().outputBytes(count);
        inMap.put(0, input, 0, inBytes);
        int status = XrtHotPath.xrtBOSync(inHandle, XrtHotPath.TO_DEVICE, inBytes, 0);
        if (status != 0) {
            throw xrt.failure("xrtBOSync(input, TO_DEVICE, " + inBytes + " bytes)", Integer.toString(status),
                    "the DMA to the card failed; see dmesg");
        }
        if (count != boundCount) {
            // Variadic, so not on the direct-mapped path; only batches of a new size pay for it.
            xrt.clearErrno();
            xrt.check(xrt.api.xrtRunSetArg(run, ARG_BATCH, count),
                    "xrtRunSetArg(" + kernelName + ", " + ARG_BATCH + ", " + count + ")",
                    "the kernel's argument 2 is not the int sample count; rebuild the xclbin");
            boundCount = count;
        }
        status = XrtHotPath.xrtRunStart(runHandle);
        if (status != 0) {
            throw xrt.failure("xrtRunStart(" + kernelName + ")", Integer.toString(status),
                    "the compute unit did not accept the run; xbutil examine shows its state");
        }
        int state = XrtHotPath.xrtRunWaitFor(runHandle, timeoutMs);
        if (state != XrtLibrary.STATE_COMPLETED) {
            throw stuck(state, count);
        }
        status = XrtHotPath.xrtBOSync(outHandle, XrtHotPath.FROM_DEVICE, outBytes, 0);
        if (status != 0) {
            throw xrt.failure("xrtBOSync(output, FROM_DEVICE, " + outBytes + " bytes)", Integer.toString(status),
                    "the DMA from the card failed; see dmesg");
        }
        output.put(0, outMap, 0, outBytes);
    }

    private DeviceException stuck(int state, int count) {
        String name = XrtLibrary.stateName(state);
        boolean pending = state == 1 || state == 2 || state == 3 || state == 7;
        if (pending) {
            return new DeviceException("xrtRunWaitFor(" + kernelName + ", " + timeoutMs + " ms) returned " + name
                    + ": a batch of " + count + " samples did not finish within " + timeout + "; raise the timeout,"
                    + " or reset the card (xbutil reset) if it hangs");
        }
        return xrt.failure("xrtRunWaitFor(" + kernelName + ", " + timeoutMs + " ms)", name,
                "the run ended without completing; dmesg and xbutil examine show the compute unit's error");
    }

    @Override
    protected void release() {
        xrt.released(this);
        // Reverse order of acquisition: XRT refuses to free a kernel with open runs, or a device with open buffers.
        if (run != null) {
            report(xrt.api.xrtRunClose(run), "xrtRunClose");
            run = null;
            runHandle = 0;
        }
        freeBuffers();
        if (kernel != null) {
            report(xrt.api.xrtKernelClose(kernel), "xrtKernelClose");
            kernel = null;
        }
        if (xclbin != null) {
            report(xrt.api.xrtXclbinFreeHandle(xclbin), "xrtXclbinFreeHandle");
            xclbin = null;
        }
        if (device != null) {
            report(xrt.api.xrtDeviceClose(device), "xrtDeviceClose");
            device = null;
        }
    }

    private void freeBuffers() {
        // The mapped views die with their buffers; drop them first so nothing can touch freed memory.
        inMap = null;
        outMap = null;
        capacity = 0;
        if (inBo != null) {
            report(xrt.api.xrtBOFree(inBo), "xrtBOFree(input)");
            inBo = null;
            inHandle = 0;
        }
        if (outBo != null) {
            report(xrt.api.xrtBOFree(outBo), "xrtBOFree(output)");
            outBo = null;
            outHandle = 0;
        }
    }

    /** A failure while releasing cannot be acted on, but must not pass silently. */
    private void report(int status, String call) {
        if (status != 0) {
            log.accept(xrt.failure(call + " on " + info.name(), Integer.toString(status), "ignored while closing")
                    .getMessage());
        }
    }
}

package io.hgq4j.runtime.xrt;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceUnavailableException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * XRT's {@code libxrt_coreutil} loaded into this JVM: the setup calls ({@link XrtApi}, interface-mapped) and the
 * per-batch calls ({@link XrtHotPath}, direct-mapped), plus the error reporting both share.
 *
 * <p>XRT keeps process-wide state, and direct mapping binds a class once, so the library is loaded at most once per
 * JVM ({@link #load}); later loads return the same instance.
 */
public final class XrtLibrary {

    /** {@code ERT_CMD_STATE_COMPLETED}: the only state in which a run's outputs are valid. */
    public static final int STATE_COMPLETED = 4;

    private static final String[] STATES = {"0", "NEW", "QUEUED", "RUNNING", "COMPLETED", "ERROR", "ABORT",
        "SUBMITTED", "TIMEOUT", "NORESPONSE", "SKERROR", "SKCRASHED"};

    private static final Map<Integer, String> ERRNO = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
            Map.entry(5, "EIO"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(62, "ETIME"), Map.entry(95, "EOPNOTSUPP"),
            Map.entry(110, "ETIMEDOUT"), Map.entry(125, "ECANCELED"));

    private static XrtLibrary loaded;

    private final Path path;
    final XrtApi api;
    private final Set<XrtDevice> open = ConcurrentHashMap.newKeySet();

    private XrtLibrary(Path path, XrtApi api) {
        this.path = path;
        this.api = api;
        // XRT's static destructors crash the process (SIGSEGV in libstdc++) when it exits with handles still open,
        // e.g. after an uncaught exception. Shutdown hooks run before them, so close what is left there.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (XrtDevice device : open) {
                device.close();
            }
        }, "hgq4j-xrt-shutdown"));
    }

    /** Tracks an opened device, to be closed at JVM exit if its owner does not. */
    void opened(XrtDevice device) {
        open.add(device);
    }

    /** Stops tracking a released device. */
    void released(XrtDevice device) {
        open.remove(device);
    }

    /**
     * Loads XRT from where {@code locator} finds it (once per JVM).
     *
     * @throws DeviceUnavailableException when the locator finds no usable library, the JVM is not 64-bit, the library
     *                                    cannot be loaded, or it lacks a function hgq4j needs (XRT older than 2.8)
     */
    public static synchronized XrtLibrary load(XrtLocator locator) throws DeviceUnavailableException {
        Path path = locator.locate();
        if (loaded != null) {
            return loaded;
        }
        if (Native.SIZE_T_SIZE != 8) {
            // size_t is mapped to long; on a 32-bit JVM that would shift every later argument.
            throw new DeviceUnavailableException("the XRT binding needs a 64-bit JVM; this one has a "
                    + Native.SIZE_T_SIZE * 8 + "-bit size_t");
        }
        try {
            NativeLibrary library = NativeLibrary.getInstance(path.toString());
            XrtApi api = Native.load(path.toString(), XrtApi.class);
            // Direct registration resolves every symbol now, so an old XRT fails here, not in the middle of a batch.
            XrtHotPath.register(library);
            loaded = new XrtLibrary(path, api);
            return loaded;
        } catch (UnsatisfiedLinkError e) {
            throw new DeviceUnavailableException("cannot load XRT from " + path + " (" + e.getMessage()
                    + "); XRT 2.8 or newer is needed", e);
        }
    }

    /** The library file loaded. */
    public Path path() {
        return path;
    }

    /**
     * Opens an XRT device by index ({@code 0}) or PCIe BDF ({@code 0000:65:00.1}).
     *
     * @throws DeviceException naming the call, errno and a hint when XRT cannot open it
     */
    Pointer openDevice(String spec) {
        clearErrno();
        if (spec.matches("\\d{1,9}")) {
            Pointer device = api.xrtDeviceOpen(Integer.parseInt(spec));
            if (device == null) {
                throw failure("xrtDeviceOpen(" + spec + ")", "NULL", "no card with this index: check xbutil examine"
                        + " lists it and the xocl driver is loaded");
            }
            return device;
        }
        Pointer device = api.xrtDeviceOpenByBDF(spec);
        if (device == null) {
            throw failure("xrtDeviceOpenByBDF(\"" + spec + "\")", "NULL", "no card at this PCIe address (xbutil"
                    + " examine lists the BDFs; the user function is usually .1)");
        }
        return device;
    }

    /**
     * Sets errno to 0 before a setup call, so that the errno reported for its failure is its own: XRT sets errno
     * only for some failures, and earlier successful calls may leave one behind (a library search, a probe).
     */
    void clearErrno() {
        Native.setLastError(0);
    }

    /** Checks an {@code int} status: 0 is success, anything else becomes a {@link DeviceException}. */
    void check(int status, String call, String hint) {
        if (status != 0) {
            throw failure(call, Integer.toString(status), hint);
        }
    }

    /**
     * The exception for a failed call, with the errno XRT left (XRT stores its error code there for its own
     * exceptions, sometimes negated; a plain C++ exception leaves it unchanged, then XRT's log line is the detail).
     * Must be called right after the failing call: JNA keeps errno per thread but the next native call replaces it.
     */
    DeviceException failure(String call, String returned, String hint) {
        int errno = Math.abs(Native.getLastError());
        String code = errno == 0 ? "no errno" : "errno " + errno + " (" + ERRNO.getOrDefault(errno, "?") + ")";
        return new DeviceException(call + " failed: returned " + returned + ", " + code + "; " + hint
                + " (XRT logs the reason on stderr)");
    }

    /** The name of an {@code ert_cmd_state} value ({@code COMPLETED}, {@code TIMEOUT}, ...). */
    public static String stateName(int state) {
        return state >= 0 && state < STATES.length ? STATES[state] : "state " + state;
    }

    @Override
    public String toString() {
        return "XRT " + path;
    }
}

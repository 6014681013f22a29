package io.hgq4j.runtime.xrt;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The per-batch half of XRT's C API, direct-mapped ({@link Native#register}): fixed arity, primitive arguments only,
 * so a call costs a JNI transition and allocates nothing. Handles and host addresses are passed as their raw value
 * ({@code Pointer.nativeValue}); {@code size_t} as {@code long} (64-bit JVMs only, checked by {@link XrtLibrary}).
 *
 * <p>Registration binds these methods once per JVM; {@link XrtLibrary} does it together with loading the library.
 */
final class XrtHotPath {

    /** {@code XCL_BO_SYNC_BO_TO_DEVICE}. */
    static final int TO_DEVICE = 0;
    /** {@code XCL_BO_SYNC_BO_FROM_DEVICE}. */
    static final int FROM_DEVICE = 1;

    private XrtHotPath() {
    }

    static void register(NativeLibrary library) {
        Native.register(XrtHotPath.class, library);
    }

    /** {@code int xrtBOSync(xrtBufferHandle, enum xclBOSyncDirection, size_t size, size_t offset)}. */
    static native int xrtBOSync(long bo, int direction, long size, long offset);

    /** {@code int xrtBOWrite(xrtBufferHandle, const void *src, size_t size, size_t seek)}: host copy only. */
    static native int xrtBOWrite(long bo, long src, long size, long seek);

    /** {@code int xrtBORead(xrtBufferHandle, void *dst, size_t size, size_t skip)}: host copy only. */
    static native int xrtBORead(long bo, long dst, long size, long skip);

    /** {@code int xrtRunStart(xrtRunHandle)}. */
    static native int xrtRunStart(long run);

    /** {@code enum ert_cmd_state xrtRunWaitFor(xrtRunHandle, unsigned int timeout_ms)}: the state when it returns. */
    static native int xrtRunWaitFor(long run, int timeoutMs);

    /** {@code enum ert_cmd_state xrtRunState(xrtRunHandle)}: non-blocking. */
    static native int xrtRunState(long run);
}

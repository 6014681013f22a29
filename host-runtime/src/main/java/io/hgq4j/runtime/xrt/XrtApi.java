package io.hgq4j.runtime.xrt;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The setup half of XRT's C API ({@code libxrt_coreutil}), interface-mapped: called a few times per device, so
 * JNA's reflective dispatch and the variadic {@code xrtRunSetArg} are fine here. The per-batch calls are in
 * {@link XrtHotPath}.
 *
 * <p>Handles are opaque {@code void*}: {@link Pointer}, null on failure with {@code errno} set (read it with
 * {@code Native.getLastError()} right after the call). {@code size_t} is mapped to {@code long}, which
 * {@link XrtLibrary} only allows on a 64-bit JVM. Only the {@code xrt*} functions are bound; the {@code xcl*} HAL is
 * deprecated and gone from current XRT. Signatures follow {@code xrt_device.h}, {@code xrt_bo.h}, {@code xrt_kernel.h}
 * and {@code experimental/xrt_xclbin.h} of XRT 2.13.
 */
interface XrtApi extends Library {

    /** {@code xrtDeviceHandle xrtDeviceOpen(unsigned int index)}. */
    Pointer xrtDeviceOpen(int index);

    /** {@code xrtDeviceHandle xrtDeviceOpenByBDF(const char *bdf)}, e.g. {@code 0000:65:00.1}. */
    Pointer xrtDeviceOpenByBDF(String bdf);

    /** {@code int xrtDeviceClose(xrtDeviceHandle)}. */
    int xrtDeviceClose(Pointer device);

    /** {@code int xrtDeviceLoadXclbinFile(xrtDeviceHandle, const char *path)}. */
    int xrtDeviceLoadXclbinFile(Pointer device, String path);

    /** {@code int xrtDeviceLoadXclbinHandle(xrtDeviceHandle, xrtXclbinHandle)}. */
    int xrtDeviceLoadXclbinHandle(Pointer device, Pointer xclbin);

    /** {@code int xrtDeviceGetXclbinUUID(xrtDeviceHandle, xuid_t out)}: the uuid now on the device. */
    int xrtDeviceGetXclbinUUID(Pointer device, byte[] uuidOut);

    /** {@code xrtXclbinHandle xrtXclbinAllocFilename(const char *filename)}. */
    Pointer xrtXclbinAllocFilename(String path);

    /** {@code int xrtXclbinFreeHandle(xrtXclbinHandle)}. */
    int xrtXclbinFreeHandle(Pointer xclbin);

    /** {@code int xrtXclbinGetUUID(xrtXclbinHandle, xuid_t out)}. */
    int xrtXclbinGetUUID(Pointer xclbin, byte[] uuidOut);

    /** {@code xrtKernelHandle xrtPLKernelOpen(xrtDeviceHandle, const xuid_t xclbinId, const char *name)}. */
    Pointer xrtPLKernelOpen(Pointer device, byte[] xclbinUuid, String name);

    /** {@code int xrtKernelClose(xrtKernelHandle)}. */
    int xrtKernelClose(Pointer kernel);

    /** {@code int xrtKernelArgGroupId(xrtKernelHandle, int argno)}: the memory bank of a buffer argument. */
    int xrtKernelArgGroupId(Pointer kernel, int argno);

    /** {@code xrtBufferHandle xrtBOAlloc(xrtDeviceHandle, size_t size, xrtBufferFlags flags, xrtMemoryGroup grp)}. */
    Pointer xrtBOAlloc(Pointer device, long size, long flags, int group);

    /** {@code int xrtBOFree(xrtBufferHandle)}; also unmaps. */
    int xrtBOFree(Pointer bo);

    /** {@code void *xrtBOMap(xrtBufferHandle)}: the host backing store, valid until {@link #xrtBOFree}. */
    Pointer xrtBOMap(Pointer bo);

    /** {@code size_t xrtBOSize(xrtBufferHandle)}. */
    long xrtBOSize(Pointer bo);

    /** {@code xrtRunHandle xrtRunOpen(xrtKernelHandle)}: a reusable run, not started. */
    Pointer xrtRunOpen(Pointer kernel);

    /**
     * {@code int xrtRunSetArg(xrtRunHandle, int index, ...)}: one value, a buffer handle ({@link Pointer}) or a
     * scalar of the argument's declared type ({@link Integer} for {@code int}).
     */
    int xrtRunSetArg(Pointer run, int index, Object... value);

    /** {@code int xrtRunClose(xrtRunHandle)}. */
    int xrtRunClose(Pointer run);
}

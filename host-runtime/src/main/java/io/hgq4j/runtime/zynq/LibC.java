package io.hgq4j.runtime.zynq;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * The few libc calls the Zynq driver needs, through JNA: Java cannot map {@code /dev/mem} or {@code /dev/udmabufN}
 * ({@code FileChannel.map} insists on a file size, which device files do not have).
 */
final class LibC {

    /** Linux {@code O_RDWR}. */
    static final int O_RDWR = 2;
    /** Linux {@code O_SYNC} (same value on x86, x86-64, ARM and AArch64): uncached device mappings of /dev/mem. */
    static final int O_SYNC = 0x101000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;

    /** The raw binding; {@code size_t} is a {@link NativeLong} (same width on Linux ILP32 and LP64). */
    interface C extends Library {
        int open(String path, int flags);

        int close(int fd);

        Pointer mmap(Pointer addr, NativeLong length, int prot, int flags, int fd, long offset);

        /** 32-bit Linux: the 64-bit-offset variant, because PL addresses from 0x80000000 overflow a 32-bit off_t. */
        Pointer mmap64(Pointer addr, NativeLong length, int prot, int flags, int fd, long offset);

        int munmap(Pointer addr, NativeLong length);

        int getpagesize();

        String strerror(int errnum);
    }

    private static final class Holder {
        // Loaded on first use only, so that the emulated board and the parsers work where libc cannot be loaded.
        static final C C = Native.load(Platform.C_LIBRARY_NAME, C.class);
    }

    private LibC() {
    }

    /** The bound libc. */
    static C c() {
        return Holder.C;
    }

    /** A mapping of part of a file: where it is, its length, the page-aligned start, and the offset into it. */
    record Mapping(Pointer base, long length, Pointer start) {
    }

    /**
     * Maps {@code length} bytes of {@code file} from byte {@code offset} shared and read-write (mmap needs a page
     * aligned offset, so the mapping starts at the page boundary below and {@link Mapping#start} points at
     * {@code offset}).
     *
     * @param sync open with O_SYNC (uncached on /dev/mem)
     * @throws java.io.IOException naming the file, the call and errno's text
     */
    static Mapping map(Path file, long offset, long length, boolean sync) throws java.io.IOException {
        C c = c();
        long page = c.getpagesize();
        long aligned = offset & -page;
        long mapLength = (offset - aligned + length + page - 1) & -page;
        int fd = c.open(file.toString(), O_RDWR | (sync ? O_SYNC : 0));
        if (fd < 0) {
            throw error(file, "open", Native.getLastError());
        }
        try {
            Pointer base = Native.LONG_SIZE == 4
                    ? c.mmap64(null, new NativeLong(mapLength), PROT_READ | PROT_WRITE, MAP_SHARED, fd, aligned)
                    : c.mmap(null, new NativeLong(mapLength), PROT_READ | PROT_WRITE, MAP_SHARED, fd, aligned);
            if (base == null || Pointer.nativeValue(base) == -1L) {
                throw error(file, String.format("mmap of %d bytes at 0x%x", mapLength, aligned), Native.getLastError());
            }
            return new Mapping(base, mapLength, base.share(offset - aligned));
        } finally {
            // The mapping stays valid after the descriptor is closed.
            c.close(fd);
        }
    }

    /** Unmaps a mapping from {@link #map}. */
    static void unmap(Mapping m) {
        c().munmap(m.base(), new NativeLong(m.length()));
    }

    private static java.io.IOException error(Path file, String call, int errno) {
        String hint = errno == 13 || errno == 1 ? " (needs root or CAP_SYS_RAWIO)" : "";
        return new java.io.IOException(file + ": " + call + " failed: errno " + errno + " (" + c().strerror(errno) + ")"
                + hint);
    }
}

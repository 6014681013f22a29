package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.DeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A contiguous buffer of the u-dma-buf kernel module (ikwzm/udmabuf, {@code u-dma-buf.ko}): {@code <root>/dev/NAME}
 * mapped shared and cached, its bus address from {@code <root>/sys/class/u-dma-buf/NAME/phys_addr}, and cache
 * maintenance through the module's sysfs attributes ({@code sync_offset}, {@code sync_size}, {@code sync_direction},
 * then {@code sync_for_device} or {@code sync_for_cpu}). Cached with explicit syncs rather than O_SYNC (uncached)
 * because the CPU reads the outputs back, which is slow on uncached memory.
 */
public final class UdmaBuffer implements DmaBuffer {

    /** u-dma-buf's {@code sync_direction}: DMA_TO_DEVICE. */
    static final int TO_DEVICE = 1;
    /** u-dma-buf's {@code sync_direction}: DMA_FROM_DEVICE. */
    static final int FROM_DEVICE = 2;

    private final String name;
    private final Path sysfs;
    private final long physicalAddress;
    private final int size;
    private LibC.Mapping mapping;
    private final ByteBuffer view;

    private UdmaBuffer(String name, Path sysfs, long physicalAddress, int size, LibC.Mapping mapping) {
        this.name = name;
        this.sysfs = sysfs;
        this.physicalAddress = physicalAddress;
        this.size = size;
        this.mapping = mapping;
        this.view = mapping.start().getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code <root>/sys/class/u-dma-buf}. */
    public static Path classFolder(Path systemRoot) {
        return systemRoot.resolve("sys/class/u-dma-buf");
    }

    /** The first u-dma-buf device under {@code systemRoot} by name ({@code udmabuf0} before {@code udmabuf1}). */
    public static Optional<String> firstDevice(Path systemRoot) throws IOException {
        Path folder = classFolder(systemRoot);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<String> names = s.filter(p -> Files.exists(p.resolve("phys_addr"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
            return names.stream().findFirst();
        }
    }

    /**
     * Opens and maps the u-dma-buf device {@code name} under {@code systemRoot}.
     *
     * @throws IOException              naming the file when an attribute cannot be read or the device not mapped
     * @throws IllegalArgumentException when an attribute does not parse, or the buffer is 2 GiB or larger
     */
    public static UdmaBuffer open(Path systemRoot, String name) throws IOException {
        Path sysfs = classFolder(systemRoot).resolve(name);
        long phys = parseNumber(sysfs.resolve("phys_addr"));
        long size = parseNumber(sysfs.resolve("size"));
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(sysfs.resolve("size") + ": " + size
                    + " bytes; expected 1 byte to 2 GiB - 1");
        }
        LibC.Mapping mapping = LibC.map(systemRoot.resolve("dev").resolve(name), 0, size, false);
        return new UdmaBuffer(name, sysfs, phys, (int) size, mapping);
    }

    private static long parseNumber(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + text + "' is not a number");
        }
    }

    /** The device's name ({@code udmabuf0}). */
    public String name() {
        return name;
    }

    @Override
    public long physicalAddress() {
        return physicalAddress;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ByteBuffer view() {
        if (mapping == null) {
            throw new IllegalStateException("u-dma-buf " + name + " is closed");
        }
        return view;
    }

    @Override
    public void flush(int offset, int length) {
        sync(offset, length, TO_DEVICE, "sync_for_device");
    }

    @Override
    public void invalidate(int offset, int length) {
        sync(offset, length, FROM_DEVICE, "sync_for_cpu");
    }

    private void sync(int offset, int length, int direction, String trigger) {
        DmaBuffer.checkRange(offset, length, size);
        write("sync_offset", Integer.toString(offset));
        write("sync_size", Integer.toString(length));
        write("sync_direction", Integer.toString(direction));
        write(trigger, "1");
    }

    private void write(String attribute, String value) {
        Path file = sysfs.resolve(attribute);
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new DeviceException("u-dma-buf " + name + ": cannot write '" + value + "' to " + file + ": " + e
                    + "; the cache sync needs u-dma-buf 3.x or later and write access to its sysfs folder", e);
        }
    }

    @Override
    public void close() {
        if (mapping != null) {
            LibC.unmap(mapping);
            mapping = null;
        }
    }

    @Override
    public String toString() {
        return String.format("u-dma-buf %s (%d bytes at 0x%x)", name, size, physicalAddress);
    }
}

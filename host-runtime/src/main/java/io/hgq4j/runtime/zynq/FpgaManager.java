package io.hgq4j.runtime.zynq;

import io.hgq4j.runtime.DeviceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Programs the programmable logic through the Linux FPGA manager the way PYNQ does: the {@code .bin} goes to
 * {@code <root>/lib/firmware} (the firmware loader's search folder), {@code 0} (full reconfiguration) to
 * {@code <root>/sys/class/fpga_manager/fpga0/flags}, then the file's name to {@code .../fpga0/firmware}, whose write
 * returns when programming is done; {@code .../fpga0/state} must then read {@code operating}. The {@code firmware}
 * attribute is a Xilinx kernel addition (linux-xlnx), present on PYNQ and PetaLinux images.
 */
public final class FpgaManager {

    /** The expected state after a successful load. */
    public static final String OPERATING = "operating";

    private final Path directory;
    private final Path firmwareFolder;

    /** The FPGA manager {@code fpga0} under {@code systemRoot} ({@code /} on a board). */
    public FpgaManager(Path systemRoot) {
        this.directory = systemRoot.resolve("sys/class/fpga_manager/fpga0");
        this.firmwareFolder = systemRoot.resolve("lib/firmware");
    }

    /** {@code <root>/sys/class/fpga_manager/fpga0}. */
    public Path directory() {
        return directory;
    }

    /** {@code <root>/lib/firmware}. */
    public Path firmwareFolder() {
        return firmwareFolder;
    }

    /** Whether the manager exists and can load firmware by name (PYNQ's probe: the {@code firmware} attribute). */
    public boolean present() {
        return Files.isDirectory(directory) && Files.exists(directory.resolve("firmware"));
    }

    /**
     * The manager's state ({@code operating}, {@code unknown}, {@code write error}, ...).
     *
     * @throws DeviceException if it cannot be read
     */
    public String state() {
        Path file = directory.resolve("state");
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw failure("read " + file, e);
        }
    }

    /**
     * Loads a full bitstream: writes {@code bin} as {@code <root>/lib/firmware/<name>}, sets full reconfiguration and
     * asks the manager to load it.
     *
     * @param name the firmware file name ({@code <stem>.bin}); no folder part
     * @throws IllegalArgumentException if the name has a folder part
     * @throws DeviceException          if a file cannot be written or the state is not {@code operating} afterwards
     */
    public void program(String name, byte[] bin) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("firmware name '" + name + "' must be a plain file name");
        }
        Path target = firmwareFolder.resolve(name);
        try {
            Files.createDirectories(firmwareFolder);
            Files.write(target, bin);
        } catch (IOException e) {
            throw failure("write " + target, e);
        }
        write("flags", "0");
        write("firmware", name);
        String state = state();
        if (!OPERATING.equals(state)) {
            throw new DeviceException("loading " + name + " through " + directory + " left the FPGA manager in state '"
                    + state + "', expected '" + OPERATING + "'; see dmesg, and check that the bitstream was built for"
                    + " this board's part");
        }
    }

    private void write(String attribute, String value) {
        Path file = directory.resolve(attribute);
        try {
            // sysfs attributes exist already; never create one (a missing one means another kernel interface).
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw failure("write '" + value + "' to " + file, e);
        }
    }

    private static DeviceException failure(String operation, IOException e) {
        String hint = e instanceof AccessDeniedException ? "; run as root"
                : e instanceof NoSuchFileException ? "; this kernel's FPGA manager has no such attribute (a linux-xlnx"
                        + " kernel, as on PYNQ or PetaLinux images, is needed)"
                        : "; see dmesg";
        return new DeviceException("FPGA manager: cannot " + operation + ": " + e + hint, e);
    }
}

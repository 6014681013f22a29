package io.hgq4j.runtime.xrt;

import io.hgq4j.runtime.DeviceUnavailableException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds XRT's {@code libxrt_coreutil} and checks that loading it cannot kill the JVM.
 *
 * <p>XRT's core library throws an uncaught C++ exception, which aborts the whole process, on its first call when
 * {@code XILINX_XRT} is unset, or when {@code $XILINX_XRT/lib} lacks the driver "shim" library it is about to load
 * ({@code libxrt_core.so.2} for a card; {@code libxrt_noop.so.2}, {@code libxrt_swemu.so.2} or
 * {@code libxrt_hwemu.so.2} when {@code XCL_EMULATION_MODE} is {@code noop}, {@code sw_emu} or {@code hw_emu}; an
 * empty or other mode aborts too). {@link #locate()} checks exactly these conditions first and reports them as a
 * {@link DeviceUnavailableException}, so that hgq4j can fall back to another device instead of dying.
 *
 * <p>The environment and the folders searched are given to the constructor, so tests can use fake ones;
 * {@link #system()} uses the real environment. XRT itself reads the process environment, which Java cannot change,
 * so an injected environment must describe the one XRT will see (tests that load XRT start a JVM with it).
 */
public final class XrtLocator {

    /** The library file names tried in each folder, best first (the soname, then the development link). */
    public static final List<String> LIBRARY_NAMES = List.of("libxrt_coreutil.so.2", "libxrt_coreutil.so");

    /** Where XRT is usually installed: Xilinx's packages, then distribution packages (Debian, PetaLinux, PYNQ). */
    public static final List<Path> DEFAULT_FOLDERS = List.of(Path.of("/opt/xilinx/xrt/lib"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib"), Path.of("/usr/lib/aarch64-linux-gnu"));

    private static final Map<String, String> SHIMS = Map.of("noop", "libxrt_noop.so.2", "sw_emu", "libxrt_swemu.so.2",
            "hw_emu", "libxrt_hwemu.so.2");
    private static final String HARDWARE_SHIM = "libxrt_core.so.2";

    private final Map<String, String> env;
    private final List<Path> defaultFolders;
    private final String jnaLibraryPath;

    /**
     * A locator over an explicit environment.
     *
     * @param env            the environment XRT will see ({@code XILINX_XRT}, {@code XCL_EMULATION_MODE})
     * @param defaultFolders the install folders to search after {@code $XILINX_XRT/lib} and {@code jna.library.path}
     * @param jnaLibraryPath the value of the {@code jna.library.path} property (path-separator list), or null
     */
    public XrtLocator(Map<String, String> env, List<Path> defaultFolders, String jnaLibraryPath) {
        this.env = Map.copyOf(env);
        this.defaultFolders = List.copyOf(defaultFolders);
        this.jnaLibraryPath = jnaLibraryPath;
    }

    /** The locator of this process: its environment, {@link #DEFAULT_FOLDERS} and the {@code jna.library.path}. */
    public static XrtLocator system() {
        return new XrtLocator(System.getenv(), DEFAULT_FOLDERS, System.getProperty("jna.library.path"));
    }

    /**
     * The folders searched, in order: {@code $XILINX_XRT/lib} (what {@code setup.sh} selects), then
     * {@code jna.library.path} (an explicit choice beats a guess), then the default install folders.
     */
    public List<Path> folders() {
        Set<Path> folders = new LinkedHashSet<>();
        String home = env.get("XILINX_XRT");
        if (home != null && !home.isBlank()) {
            folders.add(Path.of(home, "lib"));
        }
        if (jnaLibraryPath != null) {
            for (String entry : jnaLibraryPath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    folders.add(Path.of(entry));
                }
            }
        }
        folders.addAll(defaultFolders);
        return List.copyOf(folders);
    }

    /**
     * The absolute path of the XRT library to load, after checking that XRT will find its driver library.
     *
     * @throws DeviceUnavailableException when no library is found, or when loading it would abort the JVM (the
     *                                    message says which variable or file is missing and how to fix it)
     */
    public Path locate() throws DeviceUnavailableException {
        Path library = find();
        String home = env.get("XILINX_XRT");
        if (home == null || home.isBlank()) {
            throw new DeviceUnavailableException("XRT found at " + library + " but XILINX_XRT is not set (XRT would "
                    + "abort the JVM); source /opt/xilinx/xrt/setup.sh, or for a distribution package point XILINX_XRT"
                    + " at a folder whose lib/ links to " + library.getParent() + "/libxrt_*.so.2");
        }
        String mode = env.get("XCL_EMULATION_MODE");
        String shim;
        if (mode == null) {
            shim = HARDWARE_SHIM;
        } else {
            shim = SHIMS.get(mode);
            if (shim == null) {
                throw new DeviceUnavailableException("XCL_EMULATION_MODE is '" + mode + "' (XRT would abort the JVM);"
                        + " expected noop, sw_emu or hw_emu, or unset it to use a card");
            }
        }
        Path shimFile = Path.of(home, "lib", shim);
        if (!Files.exists(shimFile)) {
            throw new DeviceUnavailableException("XILINX_XRT=" + home + " has no lib/" + shim + " (XRT would abort the"
                    + " JVM); point XILINX_XRT at the XRT install (source /opt/xilinx/xrt/setup.sh)");
        }
        return library.toAbsolutePath();
    }

    private Path find() throws DeviceUnavailableException {
        List<Path> folders = folders();
        for (Path folder : folders) {
            for (String name : LIBRARY_NAMES) {
                Path candidate = folder.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        List<String> shown = new ArrayList<>();
        String home = env.get("XILINX_XRT");
        shown.add(home == null || home.isBlank() ? "XILINX_XRT (unset)" : "XILINX_XRT/lib (" + home + "/lib)");
        shown.addAll(folders.stream().filter(f -> home == null || home.isBlank() || !f.equals(Path.of(home, "lib")))
                .map(Path::toString).collect(Collectors.toList()));
        throw new DeviceUnavailableException("no XRT library (" + LIBRARY_NAMES.get(0) + ") in "
                + String.join(", ", shown) + "; install XRT or set XILINX_XRT");
    }

    /** {@code XCL_EMULATION_MODE} of the environment, when set. */
    public Optional<String> emulationMode() {
        return Optional.ofNullable(env.get("XCL_EMULATION_MODE"));
    }

    @Override
    public String toString() {
        return "XrtLocator" + folders();
    }
}

package io.hgq4j.runtime.xrt;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceProvider;
import io.hgq4j.runtime.DeviceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens {@link XrtDevice}s. Everything that can be checked without XRT is checked first, in pure Java, so that the
 * reason a card cannot be used is one clear line: the artifact must be an Alveo kernel with a built xclbin, the
 * xclbin must be valid, built for the board's platform and contain the artifact's kernel. Only then is XRT loaded
 * (where {@link XrtLocator} finds it, and only if that cannot abort the JVM) and the card opened.
 */
public final class XrtProvider implements DeviceProvider {

    private final XrtLocator locator;
    private final BoardCatalog boards;

    /** The provider of this process: the real environment and the built-in boards. */
    public XrtProvider() {
        this(XrtLocator.system(), BoardCatalog.builtIn());
    }

    /**
     * A provider that finds XRT with {@code locator} and learns each board's XRT platform from {@code boards}.
     */
    public XrtProvider(XrtLocator locator, BoardCatalog boards) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.boards = Objects.requireNonNull(boards, "boards");
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.XRT;
    }

    @Override
    public Device open(Artifact artifact, DeviceOptions options) throws DeviceUnavailableException {
        Path file = xclbinFile(artifact);
        Xclbin image = check(artifact, file);
        XrtLibrary xrt = XrtLibrary.load(locator);
        try {
            return new XrtDevice(xrt, artifact, file, image, options.xrtDevice(), options.timeout(), options.log());
        } catch (DeviceException e) {
            // No card, or a card that refuses this xclbin: another device may still serve, so it is "unavailable".
            throw new DeviceUnavailableException(e.getMessage(), e);
        }
    }

    /** The artifact's xclbin file, which must exist. */
    static Path xclbinFile(Artifact artifact) throws DeviceUnavailableException {
        if (!artifact.isAlveoKernel()) {
            throw new DeviceUnavailableException("artifact has no xclbin (target " + artifact.manifest().target()
                    + ")");
        }
        Optional<Path> listed = artifact.file("xclbin");
        if (listed.isEmpty()) {
            throw new DeviceUnavailableException("artifact has no xclbin (target " + artifact.manifest().target()
                    + ", but the manifest lists no xclbin file)");
        }
        Path file = listed.get();
        if (!Files.isRegularFile(file)) {
            throw new DeviceUnavailableException("xclbin not built: run make -C " + artifact.folder()
                    + " xclbin on a machine with Vitis (expected " + file + ")");
        }
        return file;
    }

    /**
     * Reads {@code file} and checks it against the artifact: its platform against the board's (when the catalogue
     * knows the board), its kernels against the artifact's kernel name, its mode against the emulation setting.
     */
    Xclbin check(Artifact artifact, Path file) throws DeviceUnavailableException {
        Xclbin image;
        try {
            image = Xclbin.read(file);
        } catch (IllegalArgumentException e) {
            throw new DeviceUnavailableException(e.getMessage(), e);
        } catch (IOException e) {
            throw new DeviceUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String board = artifact.manifest().board();
        Optional<String> expected = boards.find(board).flatMap(Board::xrtPlatform);
        if (expected.isPresent() && !expected.get().equals(image.platform())) {
            throw new DeviceUnavailableException(file + " is linked for platform " + image.platform() + ", but board "
                    + board + " has platform " + expected.get() + "; rebuild with make xclbin (without PLATFORM=)");
        }
        String kernel = artifact.manifest().project() + "_kernel";
        if (!image.kernels().isEmpty() && !image.kernels().contains(kernel)) {
            throw new DeviceUnavailableException(file + " has kernels " + image.kernels() + " but not " + kernel
                    + "; it belongs to another build");
        }
        boolean emulating = locator.emulationMode().isPresent();
        if (image.isEmulation() && !emulating) {
            throw new DeviceUnavailableException(file + " is an emulation image (mode " + image.mode()
                    + "); set XCL_EMULATION_MODE to run it, or build for hardware");
        }
        return image;
    }
}

package io.hgq4j.runtime.xrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hgq4j.runtime.DeviceUnavailableException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library lookup and the checks that keep XRT from aborting the JVM, on fake install folders. */
class XrtLocatorTest {

    @TempDir
    Path dir;

    private Path touch(String relative) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    private String message(XrtLocator locator) {
        return assertThrows(DeviceUnavailableException.class, locator::locate).getMessage();
    }

    @Test
    void nothingFoundListsEveryPlaceSearched() {
        XrtLocator locator = new XrtLocator(Map.of(), List.of(dir.resolve("opt"), dir.resolve("usr")), null);
        assertEquals("no XRT library (libxrt_coreutil.so.2) in XILINX_XRT (unset), " + dir.resolve("opt") + ", "
                + dir.resolve("usr") + "; install XRT or set XILINX_XRT", message(locator));

        XrtLocator withHome = new XrtLocator(Map.of("XILINX_XRT", dir.resolve("xrt").toString()),
                List.of(dir.resolve("opt")), dir.resolve("jna").toString());
        assertEquals("no XRT library (libxrt_coreutil.so.2) in XILINX_XRT/lib (" + dir.resolve("xrt") + "/lib), "
                + dir.resolve("jna") + ", " + dir.resolve("opt") + "; install XRT or set XILINX_XRT",
                message(withHome));
    }

    @Test
    void aLibraryWithoutXilinxXrtIsRefusedBeforeItCanAbortTheJvm() throws Exception {
        Path lib = touch("usr/lib/libxrt_coreutil.so.2");
        XrtLocator locator = new XrtLocator(Map.of(), List.of(dir.resolve("usr/lib")), null);
        assertEquals("XRT found at " + lib + " but XILINX_XRT is not set (XRT would abort the JVM); source"
                + " /opt/xilinx/xrt/setup.sh, or for a distribution package point XILINX_XRT at a folder whose lib/"
                + " links to " + dir.resolve("usr/lib") + "/libxrt_*.so.2", message(locator));
        // A blank value is as good as none to XRT.
        XrtLocator blank = new XrtLocator(Map.of("XILINX_XRT", " "), List.of(dir.resolve("usr/lib")), null);
        assertEquals(message(locator), message(blank));
    }

    @Test
    void theDriverLibraryXrtWillLoadMustBeInXilinxXrt() throws Exception {
        touch("xrt/lib/libxrt_coreutil.so.2");
        String home = dir.resolve("xrt").toString();
        XrtLocator hardware = new XrtLocator(Map.of("XILINX_XRT", home), List.of(), null);
        assertEquals("XILINX_XRT=" + home + " has no lib/libxrt_core.so.2 (XRT would abort the JVM); point XILINX_XRT"
                + " at the XRT install (source /opt/xilinx/xrt/setup.sh)", message(hardware));

        touch("xrt/lib/libxrt_core.so.2");
        assertEquals(dir.resolve("xrt/lib/libxrt_coreutil.so.2"), hardware.locate());

        XrtLocator noop = new XrtLocator(Map.of("XILINX_XRT", home, "XCL_EMULATION_MODE", "noop"), List.of(), null);
        assertEquals("XILINX_XRT=" + home + " has no lib/libxrt_noop.so.2 (XRT would abort the JVM); point XILINX_XRT"
                + " at the XRT install (source /opt/xilinx/xrt/setup.sh)", message(noop));
        touch("xrt/lib/libxrt_noop.so.2");
        assertEquals(dir.resolve("xrt/lib/libxrt_coreutil.so.2"), noop.locate());

        // XRT treats any set value as emulation and aborts on one it does not know, the empty string included.
        for (String mode : List.of("", "hw")) {
            XrtLocator odd = new XrtLocator(Map.of("XILINX_XRT", home, "XCL_EMULATION_MODE", mode), List.of(), null);
            assertEquals("XCL_EMULATION_MODE is '" + mode + "' (XRT would abort the JVM); expected noop, sw_emu or"
                    + " hw_emu, or unset it to use a card", message(odd));
        }
    }

    @Test
    void searchOrderIsXilinxXrtThenJnaLibraryPathThenInstallFolders() throws Exception {
        touch("home/lib/libxrt_core.so.2");
        touch("jna2/libxrt_coreutil.so");
        touch("jna2/libxrt_coreutil.so.2");
        touch("opt/libxrt_coreutil.so.2");
        Map<String, String> env = Map.of("XILINX_XRT", dir.resolve("home").toString());
        String jna = dir.resolve("jna1") + File.pathSeparator + dir.resolve("jna2");
        XrtLocator locator = new XrtLocator(env, List.of(dir.resolve("opt")), jna);
        assertEquals(List.of(dir.resolve("home/lib"), dir.resolve("jna1"), dir.resolve("jna2"), dir.resolve("opt")),
                locator.folders());
        // The soname is preferred to the development link in the same folder.
        assertEquals(dir.resolve("jna2/libxrt_coreutil.so.2"), locator.locate());

        touch("home/lib/libxrt_coreutil.so");
        assertEquals(dir.resolve("home/lib/libxrt_coreutil.so"), locator.locate());
    }
}

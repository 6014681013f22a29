package io.hgq4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection order, forced kinds, requireHardware and the log line, with providers that are never available. */
class DevicesTest {

    @TempDir
    static Path dir;

    static Artifact artifact;

    @BeforeAll
    static void build() throws Exception {
        artifact = Builds.compile(io.hgq4j.model.testing.RandomModels.model(0, 3), "pynq-z2", 32, dir);
    }

    private static DeviceProvider unavailable(DeviceKind kind, String reason) {
        return new DeviceProvider() {
            @Override
            public DeviceKind kind() {
                return kind;
            }

            @Override
            public Device open(Artifact a, DeviceOptions o) throws DeviceUnavailableException {
                throw new DeviceUnavailableException(reason);
            }
        };
    }

    private final Devices devices = new Devices(List.of(unavailable(DeviceKind.XRT, "no XRT library"),
            unavailable(DeviceKind.ZYNQ, "no FPGA manager"), unavailable(DeviceKind.ZYNQ_EMULATED, "never asked"),
            EmulatorDevice.PROVIDER));

    @Test
    void theLogLineNamesTheChoiceAndEveryReasonInOrder() {
        List<String> log = new ArrayList<>();
        try (Device d = devices.open(artifact, DeviceOptions.defaults().withLog(log::add))) {
            assertThat(d.info().kind()).isEqualTo(DeviceKind.EMULATOR);
        }
        assertThat(log).singleElement().asString()
                .startsWith("device emulator (emulator, board pynq-z2")
                .endsWith("; skipped xrt: no XRT library; zynq: no FPGA manager");
    }

    @Test
    void requiringHardwareFailsWithTheReasonsInsteadOfFallingBack() {
        assertThatThrownBy(() -> devices.open(artifact, DeviceOptions.defaults().withRequireHardware(true)))
                .isInstanceOf(DeviceException.class)
                .hasMessage("no hardware device available: xrt: no XRT library; zynq: no FPGA manager");
    }

    @Test
    void aForcedKindIsTheOnlyOneTried() {
        assertThatThrownBy(() -> devices.open(artifact, DeviceOptions.defaults().withKind(DeviceKind.ZYNQ)))
                .hasMessage("device zynq unavailable: zynq: no FPGA manager");
        try (Device d = devices.open(artifact, DeviceOptions.defaults().withKind(DeviceKind.EMULATOR).withLog(l -> { }))) {
            assertThat(d.info().kind()).isEqualTo(DeviceKind.EMULATOR);
        }
    }

    @Test
    void optionsRefuseContradictions() {
        assertThatThrownBy(() -> DeviceOptions.defaults().withKind(DeviceKind.EMULATOR).withRequireHardware(true))
                .hasMessage("requireHardware with device emulator, which is not hardware");
        assertThatThrownBy(() -> DeviceKind.parse("fpga")).hasMessage(
                "unknown device 'fpga'; expected auto, xrt, zynq, zynq-emulated, emulator");
        assertThat(DeviceKind.parse("Zynq-Emulated")).isEqualTo(DeviceKind.ZYNQ_EMULATED);
    }
}

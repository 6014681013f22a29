package io.hgq4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.TestExecutionResult.Status.ABORTED;
import static org.junit.platform.engine.TestExecutionResult.Status.FAILED;
import static org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceKind;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceProvider;
import io.hgq4j.runtime.DeviceUnavailableException;
import io.hgq4j.runtime.EmulatorDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The extension as users meet it: fixture classes (static nested, so Surefire does not run them itself) are run
 * through a launcher, and their outcome (passed, aborted with the reason, failed with the reason), report entries
 * and the devices they were given (closed afterwards) are checked.
 */
class CompiledModelExtensionTest {

    static final String JET = "io.hgq4j.testkit.TestBuilds#jet";
    static final String ALVEO = "io.hgq4j.testkit.TestBuilds#alveo";

    /** Devices the fixtures were given, in order. */
    static final List<Device> seen = new ArrayList<>();

    // ---- on the emulator: fields and parameters ----

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class EmulatorFixture {
        @CompiledModel(method = JET)
        static Device shared;

        @CompiledModel(method = JET)
        Device perClass;

        @CompiledModel(method = JET)
        Artifact artifact;

        @Test
        @org.junit.jupiter.api.Order(1)
        void first(@CompiledModel(method = JET) Device parameter) {
            seen.add(shared);
            seen.add(perClass);
            seen.add(parameter);
            assertThat(shared.info().kind()).isEqualTo(DeviceKind.EMULATOR);
            assertThat(parameter).isNotSameAs(shared);
            assertThat(artifact.manifest().board()).isEqualTo("pynq-z2");
            parameter.infer(new float[16], 1);
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void second() {
            // fields are one device per class, kept between tests; the first test's parameter is closed already
            assertThat(perClass).isSameAs(seen.get(1));
            assertThatThrownBy(() -> seen.get(2).infer(new float[16], 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            shared.infer(new float[16], 1);
        }
    }

    @Test
    void fieldsAndParametersGetEmulatorDevicesClosedAfterTheClassOrTest() {
        seen.clear();
        Fixtures.Run run = Fixtures.run(EmulatorFixture.class);

        assertThat(run.status("first(Device)")).as(run.message("first(Device)")).isEqualTo(SUCCESSFUL);
        assertThat(run.status("second()")).as(run.message("second()")).isEqualTo(SUCCESSFUL);
        assertThat(seen).hasSize(3);
        for (Device device : seen) {
            assertThatThrownBy(() -> device.infer(new float[16], 1))
                    .isInstanceOf(IllegalStateException.class).hasMessage("the emulator device is closed");
        }
        // the runtime's one line per opened device goes to the report, not to standard error
        assertThat(run.reports()).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains(CompiledModelExtension.REPORT_KEY + "=device emulator (emulator, board pynq-z2"));
    }

    static class PathFixture {
        @CompiledModel(TestBuilds.JET)
        static Device device;

        @Test
        void test(@CompiledModel(TestBuilds.JET) Artifact artifact) {
            seen.add(device);
            assertThat(device.artifact().folder()).isEqualTo(artifact.folder());
            assertThat(artifact.folder().toString()).endsWith("testkit-builds/jet");
        }
    }

    @Test
    void aBuildFolderIsFoundRelativeToTheWorkingDirectory() throws Exception {
        seen.clear();
        TestBuilds.jet(); // compiles into the fixed folder the annotations name
        Fixtures.Run run = Fixtures.run(PathFixture.class);
        assertThat(run.status("test(Artifact)")).as(run.message("test(Artifact)")).isEqualTo(SUCCESSFUL);
        assertThat(seen).singleElement().satisfies(device -> assertThatThrownBy(() -> device.infer(new float[16], 1))
                .isInstanceOf(IllegalStateException.class));
        assertThat(run.reports()).singleElement().asString().startsWith("PathFixture hgq4j.device=device emulator");
    }

    // ---- a board asked for but absent ----

    static class ZynqAbsentFixture {
        @Test
        void onZynq(@CompiledModel(method = ALVEO, device = ModelDevice.ZYNQ) Device device) {
            seen.add(device);
        }

        @Test
        void onZynqRequired(@CompiledModel(method = ALVEO, device = ModelDevice.ZYNQ, requireHardware = true)
                            Device device) {
            seen.add(device);
        }

        @Test
        void onTheEmulator(@CompiledModel(method = ALVEO) Device device) {
            seen.add(device);
        }
    }

    @Test
    void anAbsentBoardAbortsTheTestWithTheReasonOrFailsItWhenRequired() {
        seen.clear();
        Fixtures.Run run = Fixtures.run(ZynqAbsentFixture.class);

        String where = "@CompiledModel parameter device of ZynqAbsentFixture.";
        assertThat(run.status("onZynq(Device)")).as(run.message("onZynq(Device)")).isEqualTo(ABORTED);
        assertThat(run.thrown("onZynq(Device)")).isEqualTo(TestAbortedException.class);
        assertThat(run.message("onZynq(Device)")).isEqualTo(where + "onZynq: device zynq unavailable: zynq: "
                + "the artifact is an Alveo kernel, not a Zynq overlay; the test is aborted (with requireHardware = "
                + "true it would fail)");

        assertThat(run.status("onZynqRequired(Device)")).as(run.message("onZynqRequired(Device)")).isEqualTo(FAILED);
        assertThat(run.thrown("onZynqRequired(Device)")).isEqualTo(AssertionFailedError.class);
        assertThat(run.message("onZynqRequired(Device)")).isEqualTo(where + "onZynqRequired requires hardware: device "
                + "zynq unavailable: zynq: the artifact is an Alveo kernel, not a Zynq overlay");

        assertThat(run.status("onTheEmulator(Device)")).as(run.message("onTheEmulator(Device)")).isEqualTo(SUCCESSFUL);
        assertThat(seen).hasSize(1);
    }

    // ---- programmatic: providers of our own, so the outcome does not depend on the machine ----

    static DeviceProvider absent(DeviceKind kind, String reason) {
        return new DeviceProvider() {
            @Override
            public DeviceKind kind() {
                return kind;
            }

            @Override
            public Device open(Artifact artifact, DeviceOptions options) throws DeviceUnavailableException {
                throw new DeviceUnavailableException(reason);
            }
        };
    }

    static final List<DeviceProvider> NO_XRT = List.of(absent(DeviceKind.XRT, "libxrt_coreutil.so not found"),
            EmulatorDevice.PROVIDER);

    static class XrtAbsentFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).on(ModelDevice.XRT)
                .withProviders(NO_XRT);

        @Test
        void test() {
            seen.add(jet.device());
        }
    }

    static class XrtRequiredFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).on(ModelDevice.XRT)
                .requireHardware(true).withProviders(NO_XRT);

        @Test
        void test() {
            seen.add(jet.device());
        }
    }

    static class AutoFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).on(ModelDevice.AUTO)
                .withProviders(NO_XRT);

        @Test
        void test() {
            seen.add(jet.device());
            assertThat(jet.device().info().kind()).isEqualTo(DeviceKind.EMULATOR);
        }
    }

    static class AutoRequiredFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).on(ModelDevice.AUTO)
                .requireHardware(true).withProviders(NO_XRT);

        @Test
        void test() {
            seen.add(jet.device());
        }
    }

    @Test
    void programmaticExtensionsAbortOrFailTheClassWhenTheBoardIsAbsent() {
        seen.clear();
        Fixtures.Run absent = Fixtures.run(XrtAbsentFixture.class);
        assertThat(absent.status("XrtAbsentFixture")).as(absent.message("XrtAbsentFixture")).isEqualTo(ABORTED);
        assertThat(absent.message("XrtAbsentFixture")).isEqualTo("the extension forBuild(...): device xrt "
                + "unavailable: xrt: libxrt_coreutil.so not found; the test is aborted (with requireHardware = true it"
                + " would fail)");

        Fixtures.Run required = Fixtures.run(XrtRequiredFixture.class);
        assertThat(required.status("XrtRequiredFixture")).as(required.message("XrtRequiredFixture")).isEqualTo(FAILED);
        assertThat(required.thrown("XrtRequiredFixture")).isEqualTo(AssertionFailedError.class);
        assertThat(required.message("XrtRequiredFixture")).isEqualTo("the extension forBuild(...) requires hardware: "
                + "device xrt unavailable: xrt: libxrt_coreutil.so not found");

        Fixtures.Run autoRequired = Fixtures.run(AutoRequiredFixture.class);
        assertThat(autoRequired.status("AutoRequiredFixture")).as(autoRequired.message("AutoRequiredFixture")).isEqualTo(FAILED);
        assertThat(autoRequired.message("AutoRequiredFixture")).isEqualTo("the extension forBuild(...) requires hardware: no "
                + "hardware device available: xrt: libxrt_coreutil.so not found");
        assertThat(seen).isEmpty();

        Fixtures.Run auto = Fixtures.run(AutoFixture.class);
        assertThat(auto.status("test()")).as(auto.message("test()")).isEqualTo(SUCCESSFUL);
        assertThat(auto.reports()).singleElement().asString()
                .startsWith("AutoFixture hgq4j.device=device emulator (emulator")
                .endsWith("; skipped xrt: libxrt_coreutil.so not found");
        assertThat(seen).singleElement().satisfies(device -> assertThatThrownBy(() -> device.infer(new float[16], 1))
                .isInstanceOf(IllegalStateException.class));
    }

    static class DefaultDeviceFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).withProviders(NO_XRT);

        @Test
        void test() {
            seen.add(jet.device());
        }
    }

    @Test
    void theSystemPropertyChoosesTheDefaultDevice() {
        seen.clear();
        String before = System.getProperty(ModelDevice.PROPERTY);
        try {
            System.setProperty(ModelDevice.PROPERTY, "xrt");
            Fixtures.Run run = Fixtures.run(DefaultDeviceFixture.class);
            assertThat(run.status("DefaultDeviceFixture")).as(run.message("DefaultDeviceFixture")).isEqualTo(ABORTED);
            assertThat(run.message("DefaultDeviceFixture")).contains("forBuild(...): device xrt unavailable");

            System.setProperty(ModelDevice.PROPERTY, "board");
            run = Fixtures.run(DefaultDeviceFixture.class);
            assertThat(run.status("DefaultDeviceFixture")).as(run.message("DefaultDeviceFixture")).isEqualTo(FAILED);
            assertThat(run.message("DefaultDeviceFixture")).isEqualTo("the extension forBuild(...): system property "
                    + "hgq4j.testkit.device: unknown device 'board'; expected one of emulator, auto, xrt, zynq, "
                    + "zynq-emulated");

            System.clearProperty(ModelDevice.PROPERTY);
            run = Fixtures.run(DefaultDeviceFixture.class);
            assertThat(run.status("test()")).as(run.message("test()")).isEqualTo(SUCCESSFUL);
            assertThat(seen).singleElement().satisfies(d -> assertThat(d.info().kind()).isEqualTo(DeviceKind.EMULATOR));
        } finally {
            if (before == null) {
                System.clearProperty(ModelDevice.PROPERTY);
            } else {
                System.setProperty(ModelDevice.PROPERTY, before);
            }
        }
    }

    // ---- mistakes ----

    static class InstanceExtensionFixture {
        @RegisterExtension
        CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet);

        @Test
        void one() {
            seen.add(jet.device());
        }

        @Test
        void two() {
            seen.add(jet.device());
        }
    }

    @Test
    void anInstanceFieldExtensionOpensADevicePerTest() {
        seen.clear();
        Fixtures.Run run = Fixtures.run(InstanceExtensionFixture.class);
        assertThat(run.status("one()")).as(run.message("one()")).isEqualTo(SUCCESSFUL);
        assertThat(run.status("two()")).as(run.message("two()")).isEqualTo(SUCCESSFUL);
        assertThat(seen).hasSize(2).doesNotHaveDuplicates();
        assertThat(run.reports()).hasSize(2);
    }

    static class BrokenDeviceFixture {
        @RegisterExtension
        static CompiledModelExtension jet = CompiledModelExtension.forBuild(TestBuilds::jet).on(ModelDevice.XRT)
                .withProviders(List.of(new DeviceProvider() {
                    @Override
                    public DeviceKind kind() {
                        return DeviceKind.XRT;
                    }

                    @Override
                    public Device open(Artifact artifact, DeviceOptions options) {
                        throw new DeviceException("xclbin load failed: error -22");
                    }
                }));

        @Test
        void test() {
        }
    }

    static class MissingBuildFixture {
        @CompiledModel("no/such/build")
        Device device;

        @Test
        void test() {
        }
    }

    static class WrongTypeFixture {
        @Test
        void test(@CompiledModel(method = JET) String device) {
        }
    }

    static class NoBuildFixture {
        @Test
        void test(@CompiledModel Device device) {
        }
    }

    @Test
    void mistakesFailWithMessagesNamingTheFieldOrParameter() {
        Fixtures.Run broken = Fixtures.run(BrokenDeviceFixture.class);
        assertThat(broken.status("BrokenDeviceFixture")).as(broken.message("BrokenDeviceFixture")).isEqualTo(FAILED); // a board that fails is not "absent"
        assertThat(broken.thrown("BrokenDeviceFixture")).isEqualTo(DeviceException.class);
        assertThat(broken.message("BrokenDeviceFixture")).isEqualTo("xclbin load failed: error -22");

        Fixtures.Run missing = Fixtures.run(MissingBuildFixture.class);
        assertThat(missing.status("test()")).as(missing.message("test()")).isEqualTo(FAILED);
        assertThat(missing.thrown("test()")).isEqualTo(ExtensionConfigurationException.class);
        assertThat(missing.message("test()")).startsWith("@CompiledModel field MissingBuildFixture.device: "
                + "no/such/build: no such build folder or manifest (working directory ");

        Fixtures.Run wrongType = Fixtures.run(WrongTypeFixture.class);
        assertThat(wrongType.status("test(String)")).as(wrongType.message("test(String)")).isEqualTo(FAILED);
        assertThat(wrongType.thrown("test(String)")).isEqualTo(ParameterResolutionException.class);
        assertThat(wrongType.message("test(String)")).endsWith("@CompiledModel parameter device of WrongTypeFixture."
                + "test has type java.lang.String; @CompiledModel injects io.hgq4j.runtime.Device or "
                + "io.hgq4j.runtime.Artifact");

        Fixtures.Run noBuild = Fixtures.run(NoBuildFixture.class);
        assertThat(noBuild.status("test(Device)")).as(noBuild.message("test(Device)")).isEqualTo(FAILED);
        assertThat(noBuild.message("test(Device)")).isEqualTo("@CompiledModel parameter device of NoBuildFixture.test:"
                + " give either a build folder (value) or a method, got neither");
    }
}

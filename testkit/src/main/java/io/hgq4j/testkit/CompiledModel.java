package io.hgq4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a compiled model (a build folder written by {@code hgq4j compile}) into a test, opened on a device: put it
 * on a field or a test-method parameter of type {@link io.hgq4j.runtime.Device} or {@link io.hgq4j.runtime.Artifact}.
 * It registers {@link CompiledModelExtension} itself.
 *
 * <pre>{@code
 * class JetTaggerTest {
 *     @CompiledModel("build/jet") static Device jet;           // opened once for the class, closed after it
 *
 *     @Test
 *     void matchesGolden() throws IOException {
 *         assertThatDevice(jet).matchesGolden(Path.of("src/test/golden/jet")).hasLatencyAtMost(40);
 *     }
 * }
 * }</pre>
 *
 * <p>The build folder is {@link #value()}, relative to the working directory (the module folder under Maven), or what
 * the static method {@link #method()} of the test class returns. Fields (static or not) get one device per test
 * class, closed after the class; a parameter gets its own device, closed after that test (or after the class for a
 * {@code @BeforeAll} parameter).
 *
 * <p>By default the model runs on the emulator ({@link ModelDevice#DEFAULT}). When {@link #device()} asks for a board
 * that is not there, the test is <em>aborted</em> (skipped) with the reason, unless {@link #requireHardware()} is set:
 * then it fails with the reason. The line the runtime logs on opening the device (which device, and why others were
 * skipped) is published as the test's report entry {@code hgq4j.device}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(CompiledModelExtension.class)
public @interface CompiledModel {

    /** The build folder (or its manifest file), relative to the working directory; empty when {@link #method()} is used. */
    String value() default "";

    /**
     * The name of a static method of the test class (or, as {@code com.example.Builds#jet}, of another class) without
     * parameters that returns the build folder as a {@link java.nio.file.Path}, a {@link String} or an
     * {@link io.hgq4j.runtime.Artifact}, e.g. one that compiles a model into a temporary folder. Called once per test
     * class and cached for it.
     */
    String method() default "";

    /** The device to open; {@link ModelDevice#DEFAULT} is the emulator unless {@code -Dhgq4j.testkit.device} says otherwise. */
    ModelDevice device() default ModelDevice.DEFAULT;

    /**
     * Fail, rather than abort, the test when the board asked for is not present; with {@link ModelDevice#AUTO} it
     * also forbids falling back to the emulator. Not allowed with the emulator devices.
     */
    boolean requireHardware() default false;
}

package io.hgq4j.testkit;

import io.hgq4j.runtime.Artifact;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceException;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.DeviceProvider;
import io.hgq4j.runtime.DeviceUnavailableException;
import io.hgq4j.runtime.Devices;
import io.hgq4j.runtime.EmulatorDevice;
import io.hgq4j.runtime.xrt.XrtProvider;
import io.hgq4j.runtime.zynq.ZynqDevice;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * Opens compiled models (build folders of {@code hgq4j compile}) for JUnit 5 tests, on the emulator by default.
 *
 * <p><b>Declaratively</b>, through {@link CompiledModel} on fields and parameters (the annotation registers this
 * extension; {@code @ExtendWith(CompiledModelExtension.class)} on the class works too).
 *
 * <p><b>Programmatically</b>, when the build folder is only known at run time, e.g. made by the test itself:
 * <pre>{@code
 * @RegisterExtension
 * static CompiledModelExtension jet = CompiledModelExtension.forBuild(() -> compileJetInto(Path.of("target/jet")));
 *
 * @Test
 * void latency() {
 *     assertThatDevice(jet.device()).hasLatencyAtMost(40);
 * }
 * }</pre>
 * A static {@code @RegisterExtension} field opens the device before all tests of the class and closes it after them;
 * an instance field opens one per test. Such an instance handles only its own build, never annotated fields.
 *
 * <p>Devices are closed through the {@link ExtensionContext.Store} (values that are {@link AutoCloseable} are closed
 * when their context ends; JUnit Jupiter 5.13 or later). When a board asked for is absent the test is aborted
 * ({@link Assumptions#abort}) with the reason, or fails with it when hardware is required. The runtime's line saying
 * which device was opened is published as the report entry {@value #REPORT_KEY}.
 */
public final class CompiledModelExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** The key of the report entry holding the runtime's line about the device it opened. */
    public static final String REPORT_KEY = "hgq4j.device";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CompiledModelExtension.class);

    private final Callable<?> build;
    private final ModelDevice device;
    private final boolean requireHardware;
    private final List<DeviceProvider> providers;
    private volatile Opened opened;

    /** The declarative extension, handling {@link CompiledModel} fields and parameters. */
    public CompiledModelExtension() {
        this(null, ModelDevice.DEFAULT, false, standardProviders());
    }

    private CompiledModelExtension(Callable<?> build, ModelDevice device, boolean requireHardware,
                                   List<DeviceProvider> providers) {
        this.build = build;
        this.device = Objects.requireNonNull(device, "device");
        this.requireHardware = requireHardware;
        this.providers = List.copyOf(providers);
    }

    /** The device kinds of {@link Devices#standard()}, in its order: XRT, Zynq, emulated Zynq, emulator. */
    private static List<DeviceProvider> standardProviders() {
        return List.of(new XrtProvider(), ZynqDevice.PROVIDER, ZynqDevice.EMULATED_PROVIDER, EmulatorDevice.PROVIDER);
    }

    /** An extension for the build folder {@code folder} (relative to the working directory), on the default device. */
    public static CompiledModelExtension forBuild(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return forBuild(() -> folder);
    }

    /**
     * An extension for the build that {@code build} returns when the extension first opens it: a {@link Path} or
     * {@link String} naming the build folder, or an {@link Artifact}. It may compile the model, e.g. into a folder
     * under {@code target/}; it is called once per open (once per class for a static field).
     */
    public static CompiledModelExtension forBuild(Callable<?> build) {
        return new CompiledModelExtension(Objects.requireNonNull(build, "build"), ModelDevice.DEFAULT, false,
                standardProviders());
    }

    /** This extension on {@code target} instead of {@link ModelDevice#DEFAULT}. */
    public CompiledModelExtension on(ModelDevice target) {
        checkProgrammatic();
        return new CompiledModelExtension(build, target, requireHardware, providers);
    }

    /** This extension failing, instead of aborting, tests when the board asked for is absent. */
    public CompiledModelExtension requireHardware(boolean required) {
        checkProgrammatic();
        return new CompiledModelExtension(build, device, required, providers);
    }

    /**
     * This extension choosing among {@code deviceProviders} (in detection order) instead of the standard devices; for
     * tests of code that handles devices, with providers of your own.
     */
    public CompiledModelExtension withProviders(List<DeviceProvider> deviceProviders) {
        checkProgrammatic();
        return new CompiledModelExtension(build, device, requireHardware, deviceProviders);
    }

    private void checkProgrammatic() {
        if (build == null) {
            throw new IllegalStateException("configure an extension made by CompiledModelExtension.forBuild");
        }
    }

    /**
     * The device opened for the current test (programmatic use).
     *
     * @throws IllegalStateException outside a test of the class that registered this extension
     */
    public Device device() {
        Opened o = current();
        if (o.device == null) {
            throw new IllegalStateException("no device was opened");
        }
        return o.device;
    }

    /** The artifact opened for the current test (programmatic use). */
    public Artifact artifact() {
        return current().artifact;
    }

    private Opened current() {
        Opened o = opened;
        if (build == null || o == null) {
            throw new IllegalStateException(build == null
                    ? "a declarative CompiledModelExtension injects @CompiledModel fields and parameters; use "
                    + "CompiledModelExtension.forBuild(...) with @RegisterExtension to call device()"
                    : "no device is open: device() works inside tests of the class that registers this extension with"
                    + " @RegisterExtension");
        }
        return o;
    }

    // ---- callbacks ----

    @Override
    public void beforeAll(ExtensionContext context) {
        if (build != null) {
            opened = context.getStore(NAMESPACE).getOrComputeIfAbsent(this,
                    key -> open(context, "the extension forBuild(...)", this::artifactFromBuild, device,
                            requireHardware, true), Opened.class);
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : annotatedFields(testClass)) {
            if (Modifier.isStatic(field.getModifiers())) {
                inject(context, field, null);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (build != null) {
            // an instance @RegisterExtension field gets no beforeAll: open one device for this test
            if (!openedForClass(context)) {
                opened = context.getStore(NAMESPACE).getOrComputeIfAbsent(this,
                        key -> open(context, "the extension forBuild(...)", this::artifactFromBuild, device,
                                requireHardware, true), Opened.class);
            }
            return;
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : annotatedFields(instance.getClass())) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    inject(context, field, instance);
                }
            }
        }
        Method test = context.getRequiredTestMethod();
        Parameter[] parameters = test.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getType();
            if (parameters[i].isAnnotationPresent(CompiledModel.class) && (type == Device.class || type == Artifact.class)) {
                openParameter(context, test, i);
            }
        }
    }

    private boolean openedForClass(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getStore(NAMESPACE).get(this) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (build != null || !parameterContext.isAnnotated(CompiledModel.class)) {
            return false;
        }
        Class<?> type = parameterContext.getParameter().getType();
        if (type != Device.class && type != Artifact.class) {
            throw new ParameterResolutionException(describe(parameterContext) + " has type " + type.getName()
                    + "; @CompiledModel injects io.hgq4j.runtime.Device or io.hgq4j.runtime.Artifact");
        }
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return openParameter(context, parameterContext.getDeclaringExecutable(), parameterContext.getIndex());
    }

    /**
     * The device or artifact of a parameter, opened into {@code context}'s store. Test methods' parameters are opened
     * in {@link #beforeEach}, where an absent board can abort the test (JUnit turns any exception of a parameter
     * resolver into a failure); parameters of other methods are opened when resolved.
     */
    private Object openParameter(ExtensionContext context, Executable executable, int index) {
        Parameter parameter = executable.getParameters()[index];
        CompiledModel annotation = parameter.getAnnotation(CompiledModel.class);
        boolean wantsDevice = parameter.getType() == Device.class;
        String where = "@CompiledModel parameter " + parameter.getName() + " of "
                + executable.getDeclaringClass().getSimpleName() + "." + executable.getName();
        Class<?> testClass = context.getRequiredTestClass();
        Opened o = context.getStore(NAMESPACE).getOrComputeIfAbsent(List.of("parameter", executable, index),
                key -> open(context, where, () -> artifactOf(context, testClass, annotation, where),
                        annotation.device(), annotation.requireHardware(), wantsDevice), Opened.class);
        return wantsDevice ? o.device : o.artifact;
    }

    // ---- injection ----

    private static List<Field> annotatedFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(CompiledModel.class)) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private void inject(ExtensionContext context, Field field, Object instance) {
        String where = "@CompiledModel field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
        Class<?> type = field.getType();
        if (type != Device.class && type != Artifact.class) {
            throw new ExtensionConfigurationException(where + " has type " + type.getName()
                    + "; @CompiledModel injects io.hgq4j.runtime.Device or io.hgq4j.runtime.Artifact");
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException(where + " is final; it must be assignable");
        }
        CompiledModel annotation = field.getAnnotation(CompiledModel.class);
        boolean wantsDevice = type == Device.class;
        // one device per field and test class, closed when the class's context ends
        ExtensionContext classContext = classContext(context);
        Opened o = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(List.of("field", field),
                key -> open(classContext, where, () -> artifactOf(context, field.getDeclaringClass(), annotation, where),
                        annotation.device(), annotation.requireHardware(), wantsDevice), Opened.class);
        try {
            field.setAccessible(true);
            field.set(instance, wantsDevice ? o.device : o.artifact);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException(where + ": cannot be set (" + e + ")", e);
        }
    }

    /** The context of the test class around {@code context} (itself when it is one). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static String describe(ParameterContext p) {
        Parameter parameter = p.getParameter();
        return "@CompiledModel parameter " + parameter.getName() + " of "
                + p.getDeclaringExecutable().getDeclaringClass().getSimpleName() + "." + p.getDeclaringExecutable().getName();
    }

    // ---- finding the build ----

    private Artifact artifactFromBuild() throws Exception {
        return toArtifact(build.call(), "the build given to CompiledModelExtension.forBuild");
    }

    /** The artifact an annotation names; from a method, cached per test class so the method runs once. */
    private static Artifact artifactOf(ExtensionContext context, Class<?> testClass, CompiledModel annotation,
                                       String where) throws Exception {
        boolean hasPath = !annotation.value().isEmpty();
        boolean hasMethod = !annotation.method().isEmpty();
        if (hasPath == hasMethod) {
            throw new ExtensionConfigurationException(where + ": give either a build folder (value) or a method, "
                    + (hasPath ? "not both" : "got neither"));
        }
        if (hasPath) {
            return toArtifact(annotation.value(), where);
        }
        Method method = findMethod(testClass, annotation.method(), where);
        Object key = List.of("method", method);
        ExtensionContext classContext = classContext(context);
        Artifact cached = classContext.getStore(NAMESPACE).get(key, Artifact.class);
        if (cached != null) {
            return cached;
        }
        Object result;
        try {
            method.setAccessible(true);
            result = method.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
        Artifact artifact = toArtifact(result, where + " (method " + method.getName() + ")");
        classContext.getStore(NAMESPACE).put(key, artifact);
        return artifact;
    }

    private static Method findMethod(Class<?> testClass, String name, String where) {
        Class<?> owner = testClass;
        String methodName = name;
        int hash = name.indexOf('#');
        if (hash >= 0) {
            try {
                owner = Class.forName(name.substring(0, hash), true, testClass.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ExtensionConfigurationException(where + ": no class " + name.substring(0, hash), e);
            }
            methodName = name.substring(hash + 1);
        }
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(methodName) && m.getParameterCount() == 0) {
                    if (!Modifier.isStatic(m.getModifiers())) {
                        throw new ExtensionConfigurationException(where + ": method " + methodName + " must be static");
                    }
                    return m;
                }
            }
        }
        throw new ExtensionConfigurationException(where + ": no method " + methodName + "() without parameters in "
                + owner.getName());
    }

    private static Artifact toArtifact(Object source, String where) throws IOException {
        Path path;
        if (source instanceof Artifact a) {
            return a;
        } else if (source instanceof Path p) {
            path = p;
        } else if (source instanceof String s) {
            path = Path.of(s);
        } else if (source instanceof File f) {
            path = f.toPath();
        } else {
            throw new ExtensionConfigurationException(where + ": expected a Path, String or Artifact for the build, got "
                    + (source == null ? "null" : source.getClass().getName()));
        }
        try {
            return Artifact.open(path);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage() + " (working directory "
                    + Path.of("").toAbsolutePath() + ")", e);
        }
    }

    // ---- opening ----

    /** What was opened for one field, parameter or extension: closed with its context. */
    private static final class Opened implements AutoCloseable {
        final Artifact artifact;
        final Device device;

        Opened(Artifact artifact, Device device) {
            this.artifact = artifact;
            this.device = device;
        }

        @Override
        public void close() {
            if (device != null) {
                device.close();
            }
        }
    }

    private Opened open(ExtensionContext context, String where, Callable<Artifact> source, ModelDevice requested,
                        boolean required, boolean wantsDevice) {
        ModelDevice target;
        try {
            target = requested.resolve();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
        if (required && !target.hardware() && target != ModelDevice.AUTO) {
            throw new ExtensionConfigurationException(where + ": requireHardware = true needs device XRT, ZYNQ or AUTO, "
                    + "not " + target);
        }
        Artifact artifact;
        try {
            artifact = source.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionConfigurationException(where + ": cannot open the build: " + e, e);
        }
        if (!wantsDevice) {
            return new Opened(artifact, null);
        }
        DeviceOptions options = DeviceOptions.defaults().withKind(target.kind()).withRequireHardware(required)
                .withLog(line -> context.publishReportEntry(REPORT_KEY, line));
        RuntimeException[] providerFailure = new RuntimeException[1];
        List<DeviceProvider> watched = new ArrayList<>();
        for (DeviceProvider p : providers) {
            watched.add(new DeviceProvider() {
                @Override
                public io.hgq4j.runtime.DeviceKind kind() {
                    return p.kind();
                }

                @Override
                public Device open(Artifact a, DeviceOptions o) throws DeviceUnavailableException {
                    try {
                        return p.open(a, o);
                    } catch (RuntimeException e) {
                        providerFailure[0] = e;
                        throw e;
                    }
                }
            });
        }
        try {
            return new Opened(artifact, new Devices(watched).open(artifact, options));
        } catch (DeviceException e) {
            if (e == providerFailure[0]) {
                throw e; // the device is there but failed: a real error
            }
            if (required) {
                throw new AssertionFailedError(where + " requires hardware: " + e.getMessage());
            }
            return Assumptions.abort(where + ": " + e.getMessage()
                    + "; the test is aborted (with requireHardware = true it would fail)");
        }
    }
}

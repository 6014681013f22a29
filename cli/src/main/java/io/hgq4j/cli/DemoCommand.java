package io.hgq4j.cli;

import io.hgq4j.quantizer.nn.NativeThreads;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hgq4j demo}: the whole tool chain on the bundled digits, in a few minutes, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole tool chain on the bundled 8x8 digits, offline: HGQ training with a beta ramp,",
            "export, HLS C++ and Verilog generation, their verification against the emulator (g++ and Verilator",
            "when installed), the host runtime, the inference server, and a report."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "hgq4j-demo",
            description = "Where everything goes (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "200",
            description = "Training epochs; beta ramps from 1e-6 to 2e-4 over them (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    BoardOptions boards;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epochs < 2) {
            throw new IllegalArgumentException("--epochs " + epochs + ": expected at least 2");
        }
        NativeThreads.defaultToOne();
        return new Demo(spec.commandLine().getOut(), dir, boards.resolve(), boards.catalog(), epochs).run();
    }
}

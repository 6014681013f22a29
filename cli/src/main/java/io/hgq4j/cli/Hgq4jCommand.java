package io.hgq4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hgq4j} command: the entry point of the toolkit. Subcommands do the work; this class only assembles
 * them and turns failures into one-line messages (with the stack trace under {@code --verbose}).
 */
@Command(name = "hgq4j",
        mixinStandardHelpOptions = true,
        versionProvider = Hgq4jCommand.Version.class,
        description = "Quantized neural networks from training to FPGA: HGQ training, bit-exact emulation, "
                + "HLS/Verilog generation, board runtimes and serving.",
        subcommands = {TrainCommand.class, CalibrateCommand.class, ExportCommand.class, ParetoCommand.class, ImportCommand.class, InspectCommand.class,
            EmulateCommand.class, BoardsCommand.class, CompileCommand.class, RunCommand.class, ServeCommand.class,
            DemoCommand.class, ReportCommand.class, ExportKerasCommand.class, CommandLine.HelpCommand.class})
public final class Hgq4jCommand implements Runnable {

    /** Exit code for a failure caused by the input (bad file, bad model, missing file). */
    public static final int EXIT_FAILURE = 1;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors, exit codes, the verbose switch. */
    public static CommandLine commandLine() {
        Hgq4jCommand root = new Hgq4jCommand();
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("hgq4j: error: " + Failures.describe(error));
            if (root.verbose) {
                error.printStackTrace(err);
            } else if (!Failures.isUserError(error)) {
                err.println("hgq4j: this looks like a bug in hgq4j; run again with --verbose and report the output");
            }
            err.flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** Reads the version the build wrote into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Hgq4jCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"hgq4j " + p.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

package io.hgq4j.codegen.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs yosys's {@code synth_xilinx} on Verilog sources and reads back the cell counts of the top and of chosen
 * modules (the layers). Immutable: the {@code with...} methods return a modified copy.
 *
 * <p>The generated script ({@link #script}) reads the sources, runs {@code synth_xilinx -family xcup -noiopad -top
 * TOP} without {@code -flatten} (yosys 0.23 keeps the hierarchy unless asked to flatten), so every module is
 * synthesised on its own and keeps its own cells, and writes {@code stat -json} to {@code stat.json}. The counts are
 * yosys's mapping onto the family's primitives: an estimate, not what Vivado would report (yosys 0.23, for instance,
 * builds carry chains from CARRY4 cells even on UltraScale+, and does not pack registers into DSP slices).
 *
 * <p>Files in the work folder: {@code synth.ys} (the script), {@code yosys.log} (the full log), {@code yosys.out}
 * (warnings and errors), {@code stat.json}. Without {@link #withWorkDirectory} a temporary folder is used and
 * deleted after a successful run; after a failure it is kept and named in the message.
 */
public final class YosysSynthesis {

    /** Verilog simple identifiers; escaped identifiers would need quoting that yosys scripts do not offer. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    /** One word of a yosys command line: nothing that yosys's script parser would split or treat as a comment. */
    private static final Pattern OPTION_WORD = Pattern.compile("[A-Za-z0-9_:.,+=/-]+");
    private static final Set<String> RESERVED_OPTIONS = Set.of("-flatten", "-top", "-family", "-edif", "-blif");
    private static final int LOG_TAIL_LINES = 20;

    private final String executable;
    private final String family;
    private final Duration timeout;
    private final List<String> synthOptions;
    private final Path workDirectory;
    private final boolean flatten;

    private YosysSynthesis(String executable, String family, Duration timeout, List<String> synthOptions,
            Path workDirectory) {
        this(executable, family, timeout, synthOptions, workDirectory, false);
    }

    private YosysSynthesis(String executable, String family, Duration timeout, List<String> synthOptions,
            Path workDirectory, boolean flatten) {
        this.executable = executable;
        this.family = family;
        this.timeout = timeout;
        this.synthOptions = synthOptions;
        this.workDirectory = workDirectory;
        this.flatten = flatten;
    }

    /**
     * A copy that flattens the design before mapping ({@code -flatten}), as the vendor tools do by default: logic of
     * neighbouring modules can then share LUTs, so the total is the more realistic figure, but no module can be
     * reported on its own (run with no reported modules).
     */
    public YosysSynthesis flattened() {
        return new YosysSynthesis(executable, family, timeout, synthOptions, workDirectory, true);
    }

    /** {@code yosys} from the PATH, family {@code xcup}, a 30-minute timeout, no extra options, a temporary folder. */
    public static YosysSynthesis defaults() {
        return new YosysSynthesis("yosys", "xcup", Duration.ofMinutes(30), List.of(), null);
    }

    /** The yosys executable: a name looked up on the PATH, or a path. */
    public YosysSynthesis withExecutable(String executable) {
        Objects.requireNonNull(executable, "executable");
        return new YosysSynthesis(executable, family, timeout, synthOptions, workDirectory, flatten);
    }

    /** The {@code synth_xilinx -family} value, e.g. {@code xcup} (UltraScale+) or {@code xc7} (7 series). */
    public YosysSynthesis withFamily(String family) {
        if (!family.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("not a synth_xilinx family: '" + family + "' (e.g. xcup, xcu, xc7)");
        }
        return new YosysSynthesis(executable, family, timeout, synthOptions, workDirectory, flatten);
    }

    /** How long yosys may run before it is stopped (and the run fails). */
    public YosysSynthesis withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new YosysSynthesis(executable, family, timeout, synthOptions, workDirectory, flatten);
    }

    /**
     * Extra {@code synth_xilinx} options, one word per element (e.g. {@code -nowidelut}, or {@code -widemux} and
     * {@code 5}). {@code -flatten} is refused because it would merge the modules whose counts are asked for;
     * {@code -top} and {@code -family} are set by this class.
     */
    public YosysSynthesis withSynthOptions(List<String> options) {
        for (String o : options) {
            if (!OPTION_WORD.matcher(o).matches()) {
                throw new IllegalArgumentException("synth_xilinx option '" + o + "' must be one word without quotes, "
                        + "spaces, ';' or '#'");
            }
            if (RESERVED_OPTIONS.contains(o)) {
                throw new IllegalArgumentException("synth_xilinx option " + o + " is not allowed here: "
                        + (o.equals("-flatten") ? "it removes the modules whose counts are reported"
                                : "it is set by YosysSynthesis (top module, withFamily) or writes files of its own"));
            }
        }
        return new YosysSynthesis(executable, family, timeout, List.copyOf(options), workDirectory, flatten);
    }

    /** A folder for the script, the log and the statistics, kept after the run (created if missing). */
    public YosysSynthesis withWorkDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new YosysSynthesis(executable, family, timeout, synthOptions, directory, flatten);
    }

    /** The timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The synthesis command the script runs, e.g. {@code synth_xilinx -family xcup -noiopad -top top}. */
    public String command(String top) {
        requireIdentifier(top, "top module");
        StringBuilder s = new StringBuilder("synth_xilinx -family ").append(family).append(" -noiopad -top ").append(top);
        synthOptions.forEach(o -> s.append(' ').append(o));
        if (flatten) {
            s.append(" -flatten");
        }
        return s.toString();
    }

    /**
     * The yosys script for {@code sources} and {@code top}. Files named {@code .sv} are read as SystemVerilog,
     * others as Verilog-2005 (so that Verilog names which are SystemVerilog keywords stay legal).
     */
    public String script(List<Path> sources, String top) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no Verilog sources");
        }
        StringBuilder s = new StringBuilder("# generated by hgq4j (io.hgq4j.codegen.synth.YosysSynthesis)\n");
        for (Path p : sources) {
            String path = p.toAbsolutePath().normalize().toString();
            if (path.contains("\"") || path.contains("\n") || path.contains("\r")) {
                throw new IllegalArgumentException("a yosys script cannot name the file " + path
                        + " (quote or line break in the path)");
            }
            boolean sv = path.toLowerCase(Locale.ROOT).endsWith(".sv");
            s.append("read_verilog ").append(sv ? "-sv " : "").append('"').append(path).append("\"\n");
        }
        s.append(command(top)).append('\n');
        // yosys 0.23 writes the hierarchy as text lines into stat -json when a top is set and the hierarchy is
        // deeper than one level; without the top attribute the JSON is clean and YosysStat sums the hierarchy
        s.append("setattr -mod -unset top\n");
        s.append("tee -q -o stat.json stat -json\n");
        return s.toString();
    }

    /**
     * Synthesises the design and returns the counts of the top and of each of {@code reportedModules}.
     *
     * @param sources         the Verilog files (all modules under the top must be defined in them)
     * @param top             the top module
     * @param reportedModules the modules (e.g. layers) to report individually; each must occur under the top
     * @throws SynthesisException   if yosys is not installed, fails, exceeds the timeout, or writes unreadable
     *                              statistics
     * @throws IOException          if the work folder cannot be written or read
     * @throws InterruptedException if interrupted while waiting for yosys (which is then stopped)
     */
    public SynthesisResult run(List<Path> sources, String top, List<String> reportedModules)
            throws IOException, InterruptedException {
        for (Path p : sources) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such Verilog file: " + p);
            }
        }
        reportedModules.forEach(m -> requireIdentifier(m, "reported module"));
        if (flatten && !reportedModules.isEmpty()) {
            throw new IllegalArgumentException("a flattened design has no modules to report: " + reportedModules);
        }
        String script = script(sources, top);
        Path dir = workDirectory != null ? Files.createDirectories(workDirectory)
                : Files.createTempDirectory("hgq4j-yosys-");
        Files.writeString(dir.resolve("synth.ys"), script, StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("stat.json"));
        Files.deleteIfExists(dir.resolve("yosys.log"));
        List<String> commandLine = List.of(executable, "-q", "-l", "yosys.log", "-s", "synth.ys");
        long start = System.nanoTime();
        Process yosys;
        try {
            yosys = new ProcessBuilder(commandLine).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("yosys.out").toFile()).start();
        } catch (IOException e) {
            if (workDirectory == null) {
                deleteTree(dir);
            }
            throw new SynthesisException(SynthesisException.Kind.NOT_INSTALLED, executable + " could not be started ("
                    + e.getMessage() + "): install Debian's yosys package (apt-get install yosys)", e);
        }
        boolean finished;
        try {
            finished = yosys.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stop(yosys);
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            stop(yosys);
            throw new SynthesisException(SynthesisException.Kind.TIMEOUT, String.format(Locale.ROOT,
                    "yosys did not finish %s within %s and was stopped; work folder %s", command(top),
                    human(timeout), dir));
        }
        if (yosys.exitValue() != 0) {
            throw new SynthesisException(SynthesisException.Kind.FAILED, String.format(Locale.ROOT,
                    "yosys failed (exit status %d) on %s; work folder %s; last lines of its log:%n%s",
                    yosys.exitValue(), command(top), dir, logTail(dir)));
        }
        Path statFile = dir.resolve("stat.json");
        if (!Files.isRegularFile(statFile)) {
            throw new SynthesisException(SynthesisException.Kind.BAD_OUTPUT, "yosys finished but wrote no " + statFile);
        }
        SynthesisResult result;
        try {
            result = SynthesisResult.of(YosysStat.parse(Files.readString(statFile, StandardCharsets.UTF_8)), top,
                    reportedModules, command(top), seconds);
        } catch (SynthesisException e) {
            throw new SynthesisException(e.kind(), e.getMessage() + " (" + statFile + ")", e);
        }
        if (workDirectory == null) {
            deleteTree(dir);
        }
        return result;
    }

    private static void requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a simple Verilog identifier");
        }
    }

    /** Yosys runs ABC as a child process, which would outlive yosys if only yosys were stopped. */
    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String logTail(Path dir) throws IOException {
        Path log = dir.resolve("yosys.log");
        if (!Files.isRegularFile(log) || Files.size(log) == 0) {
            log = dir.resolve("yosys.out");
        }
        if (!Files.isRegularFile(log)) {
            return "(no log)";
        }
        List<String> lines = new ArrayList<>();
        // the log of a large design runs to many megabytes; only its end says why yosys stopped
        try (Stream<String> all = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            // the hundreds of lines for the vendor cell library read before the sources would push the context of
            // an early error (a syntax error, a missing module) out of the tail
            all.filter(l -> !l.isBlank() && !l.startsWith("Generating RTLIL representation for module")).forEach(l -> {
                lines.add(l);
                if (lines.size() > LOG_TAIL_LINES) {
                    lines.remove(0);
                }
            });
        }
        return String.join("\n", lines);
    }

    private static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

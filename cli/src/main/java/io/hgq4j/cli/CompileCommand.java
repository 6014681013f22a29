package io.hgq4j.cli;

import io.hgq4j.boards.Board;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.codegen.CodegenException;
import io.hgq4j.codegen.hls.HlsOptions;
import io.hgq4j.codegen.verilog.RtlBuild;
import io.hgq4j.codegen.verilog.RtlOptions;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.data.SampleArray;
import io.hgq4j.model.data.SampleArrays;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hgq4j compile MODEL.hgq --board B -o OUT}: an HLS accelerator project with its build scripts. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Generate an accelerator project for a board.",
            "--target hls (default): a Vitis HLS project: firmware C++, testbench and data, hgq4j's C simulation headers,",
            "Vitis HLS / Vivado / v++ scripts and a Makefile, the build manifest (hgq4j-build.json) and a resource and",
            "latency report (report.txt).",
            "--target verilog: synthesizable Verilog (shift-add constant multiplication, no multipliers), an AXI-Stream",
            "wrapper with the same packed words, a Verilator testbench and data, a file list, a Vivado TCL, a Makefile",
            "(make sim | lint | synth) and the manifest; --synth also runs yosys and reports its cell counts."})
final class CompileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL.hgq", description = "The model file.")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The project folder to write.")
    Path out;

    @Mixin
    BoardOptions boards;

    @Option(names = "--clock-ns", paramLabel = "T", description = "Target clock period in ns (default: the board's default clock).")
    Double clockNs;

    @Option(names = "--target", paramLabel = "BACKEND", defaultValue = "hls",
            description = "hls or verilog (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--pipeline-every", paramLabel = "N", defaultValue = "2",
            description = "Verilog: pipeline registers every N adder levels (default: ${DEFAULT-VALUE}).")
    int pipelineEvery;

    @Option(names = "--synth", description = "Verilog: run yosys synth_xilinx -family xcup and report LUT, FF, CARRY and DSP per layer.")
    boolean synth;

    @Option(names = "--io", paramLabel = "STYLE", defaultValue = "parallel",
            description = "Interface style of the core: parallel (whole tensors as registers, II = 1; the only one so far).")
    String io;

    @Option(names = "--word-bits", paramLabel = "B", defaultValue = "64",
            description = "Bus word width samples are packed into: 8, 16, 32 or 64 (default: ${DEFAULT-VALUE}).")
    int wordBits;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "4096",
            description = "Largest batch the host sends in one transfer; sizes the DMA length register (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--tb-data", paramLabel = "X",
            description = "Testbench inputs (.npy, .csv or IDX); default: random values over the input types' ranges.")
    Path tbData;

    @Option(names = "--tb-scale", paramLabel = "S", defaultValue = "1",
            description = "Multiply testbench inputs by S first, e.g. 0.00390625 for pixel/256 (default: ${DEFAULT-VALUE}).")
    double tbScale;

    @Option(names = "--tb-samples", paramLabel = "N", defaultValue = "1000",
            description = "How many testbench samples to write (default: ${DEFAULT-VALUE}).")
    int tbSamples;

    @Option(names = "--name", paramLabel = "NAME", description = "C++ project name (default: from the model name).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!io.equals("parallel")) {
            throw new CodegenException("--io " + io + ": only 'parallel' is supported (whole tensors, II = 1)");
        }
        if (tbSamples < 1) {
            throw new CodegenException("--tb-samples " + tbSamples + ": expected at least 1");
        }
        Board board = boards.resolve();
        byte[] bytes = Files.readAllBytes(modelFile);
        FirmwareModel model = HgqFile.fromBytes(bytes, modelFile.toString());
        String project = name != null ? name : HlsOptions.projectName(model.name());
        double period = clockNs != null ? clockNs : board.defaultClockPeriodNs();
        double[][] samples = tbData != null ? read(model) : random(model);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CodegenException(out + ": exists and is not a folder");
        }
        if (target.equals("verilog")) {
            return verilog(model, board, project, period, samples, bytes);
        } else if (!target.equals("hls")) {
            throw new CodegenException("--target " + target + ": expected hls or verilog");
        }
        if (synth) {
            throw new CodegenException("--synth runs yosys on Verilog: add --target verilog");
        }
        AcceleratorProject.Written written = new AcceleratorProject(model, board, boards.catalog().memoryBank(board),
                new AcceleratorProject.Settings(project, period, wordBits, maxBatch))
                .write(out, samples, bytes);
        PrintWriter o = spec.commandLine().getOut();
        o.print(written.report().toText());
        o.printf(Locale.ROOT, "wrote %d files to %s (testbench: %d samples); next: make -C %s help%n",
                written.files().size(), out, samples.length, out);
        o.flush();
        return 0;
    }

    private int verilog(FirmwareModel model, Board board, String project, double period, double[][] samples,
                        byte[] modelFile)
            throws IOException {
        RtlBuild.Written written = new RtlBuild(model, board, new RtlOptions(project, pipelineEvery, wordBits,
                CmvmOptions.defaults()), period).write(out, samples, modelFile, synth);
        PrintWriter o = spec.commandLine().getOut();
        o.print(written.report());
        o.printf(Locale.ROOT, "wrote %d files to %s (testbench: %d samples); next: make -C %s sim%n",
                written.files().size(), out, samples.length, out);
        o.flush();
        return 0;
    }

    private double[][] read(FirmwareModel model) throws IOException {
        SampleArray data = SampleArrays.read(tbData, tbScale);
        Input input = model.inputs().get(0);
        if (data.sampleSize() != input.type().size()) {
            throw new IllegalArgumentException(tbData + ": samples have shape " + data.sampleShape() + " ("
                    + data.sampleSize() + " values); model '" + model.name() + "' takes " + input.type().shape());
        }
        int count = Math.min(tbSamples, data.count());
        double[][] samples = new double[count][];
        for (int s = 0; s < count; s++) {
            samples[s] = data.samples(s, s + 1).toArray();
        }
        return samples;
    }

    /** Values over each input element's range, a quarter wider on each side so that overflow is exercised too. */
    private double[][] random(FirmwareModel model) {
        if (model.inputs().size() != 1) {
            throw new CodegenException("model '" + model.name() + "' has " + model.inputs().size()
                    + " inputs; the accelerator backends stream one input");
        }
        Input input = model.inputs().get(0);
        SplittableRandom random = new SplittableRandom(1);
        double[][] samples = new double[tbSamples][input.type().size()];
        for (double[] sample : samples) {
            for (int e = 0; e < sample.length; e++) {
                FixedType t = input.type().typeAt(e);
                double lo = t.isZero() ? -1 : Math.scalb(t.minRaw().doubleValue(), t.lsbExponent());
                double hi = t.isZero() ? 1 : Math.scalb(t.maxRaw().doubleValue(), t.lsbExponent());
                double margin = (hi - lo) / 4;
                sample[e] = random.nextDouble(lo - margin, hi + margin + Double.MIN_VALUE);
            }
        }
        return samples;
    }
}

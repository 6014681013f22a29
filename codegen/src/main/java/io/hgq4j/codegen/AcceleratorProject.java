package io.hgq4j.codegen;

import io.hgq4j.boards.Board;
import io.hgq4j.codegen.hls.HlsOptions;
import io.hgq4j.codegen.hls.HlsProject;
import io.hgq4j.codegen.report.CompileReport;
import io.hgq4j.codegen.report.LayerEstimate;
import io.hgq4j.codegen.report.ResourceEstimator;
import io.hgq4j.codegen.scripts.BuildScripts;
import io.hgq4j.codegen.scripts.BuildSpec;
import io.hgq4j.emulator.timing.Clock;
import io.hgq4j.emulator.timing.TimingModel;
import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.ir.FirmwareModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete accelerator project for one model and board, as {@code hgq4j compile} writes it: the HLS sources and
 * testbench ({@link HlsProject}), the vendor build scripts ({@link BuildScripts}), the build manifest
 * ({@link BuildManifest}) and the resource and latency report ({@link CompileReport}).
 *
 * @param model      the model
 * @param board      the target board
 * @param memoryBank the Alveo memory bank for the kernel's buffers (from the board's file), or empty for the card's
 *                   default
 * @param settings   clock, bus and batch settings
 */
public record AcceleratorProject(FirmwareModel model, Board board, Optional<String> memoryBank, Settings settings) {

    /** The report's file name. */
    public static final String REPORT_FILE = "report.txt";

    /**
     * Settings of a build.
     *
     * @param project       the C++ project name
     * @param clockPeriodNs the target clock period
     * @param wordBits      the bus word width samples are packed into
     * @param maxBatch      the largest batch the host sends in one transfer (sizes the DMA length register)
     */
    public record Settings(String project, double clockPeriodNs, int wordBits, int maxBatch) {

        /** Validates the numbers. */
        public Settings {
            if (!(clockPeriodNs > 0 && clockPeriodNs <= 1000)) {
                throw new CodegenException("clock period " + clockPeriodNs + " ns: expected a period in (0, 1000] ns");
            }
            if (maxBatch < 1) {
                throw new CodegenException("largest batch " + maxBatch + ": expected at least 1");
            }
        }
    }

    /** What was written. */
    public record Written(Path folder, BuildManifest manifest, CompileReport report, List<Path> files) {
    }

    /**
     * Writes the project into {@code out} (created if needed), with testbench data from {@code samples}.
     *
     * @param modelFile the model file's bytes: stored as {@value BuildManifest#MODEL_FILE}, their SHA-256 recorded in
     *                  the manifest
     * @throws CodegenException if the model, board or settings cannot be built
     */
    public Written write(Path out, double[][] samples, byte[] modelFile) throws IOException {
        HlsOptions.Target target = board.isZynq() ? HlsOptions.Target.ZYNQ_AXI_STREAM : HlsOptions.Target.ALVEO_KERNEL;
        HlsProject hls = HlsProject.generate(model, new HlsOptions(settings.project(), target, settings.wordBits()));
        Clock clock = new Clock(settings.clockPeriodNs(), BuildSpec.DEFAULT_CLOCK_UNCERTAINTY);
        TimingModel timing = new TimingModel(clock);
        CompileReport report = new CompileReport(model.name(), board, timing.estimate(model),
                ResourceEstimator.estimate(model, timing));
        long transfer = (long) settings.maxBatch() * Math.max(hls.inputLayout().bytesPerSample(),
                hls.outputLayout().bytesPerSample());
        BuildSpec spec;
        try {
            spec = new BuildSpec(settings.project(), board, settings.clockPeriodNs(), clock.uncertainty(),
                    hls.firmwareFiles(), hls.testbenchFile(), hls.testbenchDataFiles(), settings.wordBits(), transfer,
                    false);
        } catch (IllegalArgumentException e) {
            throw new CodegenException(e.getMessage());
        }
        String modelSha256 = BuildManifest.storeModel(out, modelFile);
        List<Path> files = new java.util.ArrayList<>(hls.write(out.resolve("hls"), samples));
        files.add(out.resolve(BuildManifest.MODEL_FILE));
        BuildScripts.write(spec, out, memoryBank);
        LayerEstimate total = report.total();
        Map<String, String> artifacts = new LinkedHashMap<>();
        artifacts.put("model", BuildManifest.MODEL_FILE);
        if (board.isZynq()) {
            artifacts.put("bitstream", "zynq/overlay/" + settings.project() + ".bit");
            artifacts.put("hwh", "zynq/overlay/" + settings.project() + ".hwh");
        } else {
            artifacts.put("xclbin", "alveo/" + settings.project() + ".xclbin");
        }
        BuildManifest manifest = new BuildManifest(BuildManifest.FORMAT, BuildManifest.VERSION, settings.project(),
                model.name(), modelSha256, board.name(), board.part(),
                board.isZynq() ? "zynq-axi-stream" : "alveo-kernel", settings.clockPeriodNs(),
                BuildManifest.Port.of(hls.inputLayers(), hls.inputLayout()),
                BuildManifest.Port.of(hls.outputLayers(), hls.outputLayout()),
                report.timing().latencyCycles(), report.timing().initiationInterval(),
                new BuildManifest.Estimate(total.ebops(), total.lut(), total.ff(), total.dsp(), 0), artifacts);
        files.add(manifest.write(out));
        Path reportFile = out.resolve(REPORT_FILE);
        Files.writeString(reportFile, report.toText());
        files.add(reportFile);
        return new Written(out, manifest, report, files);
    }
}

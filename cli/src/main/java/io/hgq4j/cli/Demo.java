package io.hgq4j.cli;

import io.hgq4j.boards.Board;
import io.hgq4j.boards.BoardCatalog;
import io.hgq4j.codegen.AcceleratorProject;
import io.hgq4j.codegen.verilog.RtlBuild;
import io.hgq4j.codegen.verilog.RtlOptions;
import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.cmvm.CmvmOptions;
import io.hgq4j.model.deploy.BuildManifest;
import io.hgq4j.model.format.HgqFile;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.quantizer.data.Dataset;
import io.hgq4j.quantizer.run.CheckpointExport;
import io.hgq4j.quantizer.run.Recipes;
import io.hgq4j.quantizer.run.TrainingRun;
import io.hgq4j.quantizer.train.ParetoFront;
import io.hgq4j.quantizer.train.Trainer;
import io.hgq4j.report.ReportGenerator;
import io.hgq4j.report.ReportOptions;
import io.hgq4j.runtime.Device;
import io.hgq4j.runtime.DeviceOptions;
import io.hgq4j.runtime.Devices;
import io.hgq4j.server.InferenceServer;
import io.hgq4j.server.InferenceService;
import io.hgq4j.server.ServerConfig;
import io.hgq4j.server.binary.BinaryClient;
import io.hgq4j.server.binary.BinaryResponse;
import io.hgq4j.server.binary.BinaryFrontEnd;
import io.hgq4j.server.http.OipFrontEnd;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of {@code hgq4j demo}, each printed as it starts and finishes with its time. Verification steps that need
 * a tool this machine lacks (g++, Verilator) say so and are skipped alone; a mismatch anywhere stops the demo.
 */
final class Demo {

    private static final int STEPS = 7;

    private final PrintWriter out;
    private final Path dir;
    private final Board board;
    private final BoardCatalog catalog;
    private final int epochs;
    private final long started = System.nanoTime();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private long stepStarted;

    Demo(PrintWriter out, Path dir, Board board, BoardCatalog catalog, int epochs) {
        this.out = out;
        this.dir = dir.toAbsolutePath().normalize();
        this.board = board;
        this.catalog = catalog;
        this.epochs = epochs;
    }

    int run() throws Exception {
        if (Files.exists(dir.resolve("run"))) {
            throw new IllegalArgumentException(dir + " already holds a demo; remove it or pass -o ANOTHER_DIR");
        }
        Files.createDirectories(dir);
        out.printf("hgq4j demo: the bundled 8x8 digits (10 classes) to board %s; everything goes to %s%n%n", board.name(),
                dir);
        TrainingRun run = train();
        Exported exported = export(run);
        Builds builds = compile(exported);
        verify(builds);
        runOnDevice(builds, exported.test());
        serve(exported.test());
        report(run, exported);
        printSummary();
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------- 1. train

    private TrainingRun train() throws IOException {
        begin(1, "train HGQ: an MLP 64-32-10 on the bundled digits, " + epochs + " epochs, beta ramp 1e-6 -> 2e-4");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("training.epochs", String.valueOf(epochs));
        overrides.put("training.beta.points", "[[0, 1e-6], [" + epochs + ", 2e-4]]");
        TrainingRun run = TrainingRun.start(Recipes.load("digits", overrides), dir.resolve("run"),
                Path.of("").toAbsolutePath());
        int every = Math.max(1, epochs / 4);
        run.train(new Trainer.Listener() {
            @Override
            public void epochDone(Trainer.EpochReport r) {
                if (r.epoch() % every == 0 || r.epoch() == epochs) {
                    out.printf(Locale.ROOT, "      epoch %3d/%d  validation %.2f %%  EBOPs %,.0f  beta %.1e%n", r.epoch(),
                            epochs, 100 * r.metric(), r.ebops(), r.beta());
                    out.flush();
                }
            }
        }, () -> false);
        List<ParetoFront.Point<Path>> front = run.progress().front().points();
        out.printf("      %d models on the accuracy/EBOPs Pareto front in %s%n", front.size(),
                dir.relativize(run.dir().resolve(Trainer.PARETO)));
        end();
        return run;
    }

    // --------------------------------------------------------------------------------------------------- 2. export

    /** The exported model, its file's bytes, the checkpoint it came from and the run's test set. */
    private record Exported(FirmwareModel model, byte[] file, Path path, String checkpoint, Dataset test,
                            double accuracy, double ebops) {
    }

    private Exported export(TrainingRun run) throws IOException {
        List<ParetoFront.Point<Path>> front = run.progress().front().points();
        double best = front.stream().mapToDouble(ParetoFront.Point::metric).max().orElseThrow();
        // the cheapest model within 1.5 points of the best validation accuracy (the validation set is 180 images)
        ParetoFront.Point<Path> pick = front.stream().filter(p -> p.metric() >= best - 0.015)
                .min((a, b) -> Double.compare(a.ebops(), b.ebops())).orElseThrow();
        begin(2, String.format(Locale.ROOT, "pick epoch %d (validation %.2f %%, %,.0f EBOPs), calibrate, export",
                pick.epoch(), 100 * pick.metric(), pick.ebops()));
        CheckpointExport checkpoint = CheckpointExport.open(pick.item());
        CheckpointExport.Exported exported = checkpoint.calibrate(null, null);
        Path file = dir.resolve("digits.hgq");
        HgqFile.write(exported.model(), file);
        Dataset test = checkpoint.data().test();
        ExportCommand.Verification v = ExportCommand.Verification.of(exported, test,
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "      %s: %,.0f EBOPs; test set %,d images, %s; emulator vs quantizer: %d of %d differ%n",
                dir.relativize(file), exported.ebops(), test.count(), v.metricText(test), v.mismatches(), test.count());
        if (v.mismatches() > 0) {
            throw new IllegalStateException("the exported model differs from the quantizer on " + v.mismatches()
                    + " test images");
        }
        summary.put("accuracy", String.format(Locale.ROOT, "%.2f %% on the %d test images", 100 * v.metric(),
                test.count()));
        summary.put("EBOPs", String.format(Locale.ROOT, "%,.0f", exported.ebops()));
        end();
        String name = pick.item().getFileName().toString();
        return new Exported(exported.model(), Files.readAllBytes(file), file, name.substring(0, name.lastIndexOf('.')),
                test, v.metric(), exported.ebops());
    }

    // -------------------------------------------------------------------------------------------------- 3. compile

    /** The HLS build folder (also the server's model repository entry) and the Verilog one. */
    private record Builds(Path hls, Path rtl, BuildManifest hlsManifest, BuildManifest rtlManifest) {
    }

    private Builds compile(Exported model) throws IOException {
        begin(3, "generate the HLS C++ project and the Verilog for " + board.name());
        double[][] samples = rows(model.test());
        Path hls = dir.resolve("models/digits");
        double period = board.defaultClockPeriodNs();
        AcceleratorProject.Written h = new AcceleratorProject(model.model(), board, catalog.memoryBank(board),
                new AcceleratorProject.Settings("digits", period, 64, 4096)).write(hls, samples, model.file());
        Path rtl = dir.resolve("rtl");
        RtlBuild.Written r = new RtlBuild(model.model(), board, new RtlOptions("digits", 2, 64, CmvmOptions.defaults()),
                period).write(rtl, samples, model.file(), false);
        BuildManifest hm = h.manifest();
        BuildManifest rm = r.manifest();
        out.printf(Locale.ROOT, "      HLS:     %s (Vitis HLS / Vivado scripts, testbench); estimate %,d LUT, %,d FF, %d DSP;"
                + " latency %d cycles%n", dir.relativize(hls), hm.estimate().lut(), hm.estimate().ff(),
                hm.estimate().dsp(), hm.latencyCycles());
        out.printf(Locale.ROOT, "      Verilog: %s (%d modules, shift-add constant multiplication); latency %d cycles%n",
                dir.relativize(rtl), r.project().sourceFiles().size(), rm.latencyCycles());
        summary.put("LUT estimate", String.format(Locale.ROOT, "%,d (HLS design, from EBOPs; %,d FF, %d DSP) of %,d on %s",
                hm.estimate().lut(), hm.estimate().ff(), hm.estimate().dsp(), board.resources().lut(), board.name()));
        summary.put("latency", String.format(Locale.ROOT, "%d cycles = %.0f ns (HLS, estimate), %d cycles = %.0f ns (Verilog"
                        + " core, exact) at %.0f MHz; a new image every cycle", hm.latencyCycles(),
                hm.latencyCycles() * period, rm.latencyCycles(), rm.latencyCycles() * period, 1000 / period));
        end();
        return new Builds(hls, rtl, hm, rm);
    }

    // --------------------------------------------------------------------------------------------------- 4. verify

    private void verify(Builds builds) throws IOException, InterruptedException {
        begin(4, "verify both against the emulator on the test set");
        List<String> results = new ArrayList<>();
        if (onPath("g++") && onPath("make")) {
            String line = make(builds.hls(), "csim-gcc", "csim: ");
            out.println("      HLS C++ (g++, hgq4j's ap_fixed headers): " + line);
            results.add("HLS C++");
        } else {
            out.println("      HLS C++: skipped, g++ or make is not installed (Debian: apt-get install g++ make)");
        }
        if (onPath("verilator") && onPath("make")) {
            String line = make(builds.rtl(), "sim", "rtl: ");
            out.println("      Verilog (Verilator, through the AXI-Stream wrapper): " + line);
            results.add("Verilog");
        } else {
            out.println("      Verilog: skipped, Verilator is not installed (Debian: apt-get install verilator)");
        }
        summary.put("bit-exact", "quantizer = emulator" + (results.isEmpty() ? "" : " = " + String.join(" = ", results))
                + " on every test image");
        end();
    }

    /** Runs {@code make -C folder target} and returns its line starting with {@code prefix}; fails on a mismatch. */
    private static String make(Path folder, String target, String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("make", "-s", "-C", folder.toString(), target).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        String line = output.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(null);
        if (code != 0 || line == null) {
            throw new IllegalStateException("make -C " + folder + " " + target + " failed (exit " + code + "): "
                    + (line != null ? line : output.strip().lines().reduce((a, b) -> b).orElse("no output")));
        }
        return line;
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
    }

    // ---------------------------------------------------------------------------------------------- 5. host runtime

    private void runOnDevice(Builds builds, Dataset test) throws IOException {
        begin(5, "run the test set through the host runtime");
        DeviceOptions options = DeviceOptions.defaults().withLog(line -> out.println("      " + line));
        double[] inputs = test.features().toArray();
        try (Device device = Devices.open(builds.hls(), options)) {
            long[] codes = new long[test.count() * device.codec().outputSize()];
            device.infer(inputs, test.count(), codes); // warm-up
            long t0 = System.nanoTime();
            int rounds = 20;
            for (int i = 0; i < rounds; i++) {
                device.infer(inputs, test.count(), codes);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] expected = Emulator.of(device.artifact().model()).run(inputs, test.count(), 1).codes();
            long differ = 0;
            for (int i = 0; i < codes.length; i++) {
                differ += codes[i] == expected[i] ? 0 : 1;
            }
            int correct = 0;
            var outputs = new io.hgq4j.runtime.Outputs(device.codec(), test.count(), codes);
            for (int s = 0; s < test.count(); s++) {
                correct += outputs.argmax(s) == test.label(s) ? 1 : 0;
            }
            double rate = rounds * test.count() / seconds;
            out.printf(Locale.ROOT, "      %d of %d correct; %d of %d output codes differ from the emulator; %,.0f images/s"
                    + " on the %s (batches of %d)%n", correct, test.count(), differ, codes.length, rate,
                    device.info().kind(), test.count());
            if (differ > 0) {
                throw new IllegalStateException(differ + " output codes of the device differ from the emulator's");
            }
            summary.put("throughput", String.format(Locale.ROOT, "%,.0f images/s on the %s through the host runtime;"
                    + " %.0f million/s on the FPGA (II 1 at %.0f MHz)", rate, device.info().kind(),
                    device.info().clockMhz(), device.info().clockMhz()));
        }
        end();
    }

    // ---------------------------------------------------------------------------------------------------- 6. serve

    private void serve(Dataset test) throws Exception {
        begin(6, "serve it: Open Inference Protocol (HTTP) and the binary protocol on loopback");
        ServerConfig config = ServerConfig.defaults().withPorts(0, 0)
                .withDevice(DeviceOptions.defaults().withLog(line -> { }));
        InferenceService service = InferenceService.load(dir.resolve("models"), config, line -> { });
        try (InferenceServer server = InferenceServer.start(service, List.of(new OipFrontEnd(), new BinaryFrontEnd()),
                line -> out.println("      " + line))) {
            int n = test.features().sampleSize();
            String inputName = service.model("digits").orElseThrow().input().name();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI infer = URI.create("http://127.0.0.1:" + server.port("http") + "/v2/models/digits/infer");
            for (int s = -1; s < 3; s++) { // sample -1: a first request that warms the JIT up, not shown
                double[] x = test.features().samples(Math.max(0, s), Math.max(0, s) + 1).toArray();
                StringBuilder body = new StringBuilder("{\"inputs\":[{\"name\":\"" + inputName + "\",\"shape\":[1," + n
                        + "],\"datatype\":\"FP64\",\"data\":[");
                for (int i = 0; i < x.length; i++) {
                    body.append(i == 0 ? "" : ",").append(x[i]);
                }
                body.append("]}]}");
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(infer)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                long us = (System.nanoTime() - t0) / 1000;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("the server answered " + r.statusCode() + ": " + r.body());
                }
                if (s >= 0) {
                    out.printf(Locale.ROOT, "      HTTP   POST /v2/models/digits/infer, image %d (label %d): %d in %,d µs%n",
                            s, test.label(s), r.statusCode(), us);
                }
            }
            try (BinaryClient client = BinaryClient.connect("127.0.0.1", server.port("binary"))) {
                client.infer("digits", test.features().samples(0, 1).toArray(), 1).get(); // warm-up, not shown
                for (int s = 3; s < 6; s++) {
                    double[] x = test.features().samples(s, s + 1).toArray();
                    long t0 = System.nanoTime();
                    BinaryResponse r = client.infer("digits", x, 1).get();
                    long us = (System.nanoTime() - t0) / 1000;
                    out.printf(Locale.ROOT, "      binary infer, image %d (label %d): predicted %d in %,d µs%n", s,
                            test.label(s), argmax(r), us);
                }
            }
            String metrics = new String(service.metrics().scrape(), StandardCharsets.UTF_8);
            long ok = metrics.lines().filter(l -> l.startsWith("hgq4j_requests_total{") && l.contains("status=\"ok\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            out.printf("      /metrics: %d requests served (2 of them warm-ups)%n", ok);
        }
        end();
    }

    private static int argmax(BinaryResponse r) {
        int best = 0;
        for (int j = 1; j < r.valuesPerSample(); j++) {
            if (r.value(0, j) > r.value(0, best)) {
                best = j;
            }
        }
        return best;
    }

    // --------------------------------------------------------------------------------------------------- 7. report

    private void report(TrainingRun run, Exported exported) throws IOException {
        begin(7, "write the report: Pareto front, training curves, bit widths, resources, fit on " + board.name());
        Path page = dir.resolve("report.html");
        ReportGenerator.Summary written = ReportGenerator.write(run.dir(), page,
                new ReportOptions(board, null, List.of(), exported.checkpoint()));
        out.printf("      %s: %d figures for %s%n", dir.relativize(page), written.figures(), written.checkpoint());
        summary.put("report", page.toString());
        end();
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private void printSummary() {
        out.printf(Locale.ROOT, "%nsummary (%.0f s in all)%n", (System.nanoTime() - started) / 1e9);
        summary.forEach((k, v) -> out.printf(Locale.ROOT, "  %-13s %s%n", k, v));
        out.printf("  %-13s %s%n", "everything", dir);
        out.flush();
    }

    private void begin(int step, String what) {
        stepStarted = System.nanoTime();
        out.printf("[%d/%d] %s%n", step, STEPS, what);
        out.flush();
    }

    private void end() {
        out.printf(Locale.ROOT, "      done in %.1f s%n", (System.nanoTime() - stepStarted) / 1e9);
        out.flush();
    }

    private static double[][] rows(Dataset data) {
        double[][] rows = new double[data.count()][];
        for (int s = 0; s < rows.length; s++) {
            rows[s] = data.features().samples(s, s + 1).toArray();
        }
        return rows;
    }
}

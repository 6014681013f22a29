package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.synth.CellCounts;
import io.hgq4j.codegen.synth.SynthesisResult;
import io.hgq4j.codegen.synth.YosysSynthesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Yosys on a generated design: {@code synth_xilinx -family xcup -noiopad} on the core, cell counts per layer module
 * and in total, next to each layer's EBOPs. Yosys's mapping is an estimate, not what Vivado reports.
 *
 * <p>Two runs: one keeping the hierarchy, for the cells of each layer; one flattened, as the vendor tools synthesize
 * by default, for the total (logic of neighbouring layers, a ReLU's AND gates and the next layer's adders, then
 * shares LUTs, so the flattened total is smaller than the sum of the layers).
 *
 * @param result the hierarchical yosys result
 * @param flat   the flattened yosys result (the total)
 * @param text   the report section
 * @param files  the files written under {@code synth/}
 */
record Synthesis(SynthesisResult result, SynthesisResult flat, String text, List<Path> files) {

    static Synthesis run(RtlProject project, Path out, List<RtlBuild.LayerFigures> figures) throws IOException {
        Path work = Files.createDirectories(out.resolve("synth"));
        List<Path> sources = project.sourceFiles().stream().filter(f -> !f.equals(project.wrapper() + ".v"))
                .map(f -> out.resolve("rtl").resolve(f)).toList();
        // yosys's count of a module includes the modules it instantiates (the shift-add graphs of a layer)
        List<String> modules = new ArrayList<>(project.layerModules().values());
        SynthesisResult result;
        SynthesisResult flat;
        try {
            result = YosysSynthesis.defaults().withWorkDirectory(work.resolve("hierarchy")).run(sources, project.core(),
                    modules);
            flat = YosysSynthesis.defaults().flattened().withWorkDirectory(work.resolve("flat")).run(sources,
                    project.core(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while yosys was running", e);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%nyosys %s, synth_xilinx -family xcup -noiopad on %s (%.1f s; estimates, not "
                + "vendor figures):%n", result.yosysVersion(), project.core(), result.elapsedSeconds()));
        int nameWidth = Math.max(5, figures.stream().mapToInt(f -> f.layer().length()).max().orElse(5));
        String format = "%-" + nameWidth + "s %10s %10s %10s %8s %6s %12s%n";
        s.append(String.format(Locale.ROOT, format, "layer", "EBOPs", "LUT", "FF", "CARRY", "DSP", "LUT/EBOPs"));
        for (RtlBuild.LayerFigures f : figures) {
            CellCounts c = result.module(project.layerModules().get(f.layer())).cells();
            s.append(String.format(Locale.ROOT, format, f.layer(), RtlBuild.group(f.ebops()), RtlBuild.group(c.lut()),
                    RtlBuild.group(c.ff()), RtlBuild.group(c.carry()), RtlBuild.group(c.dsp()),
                    f.ebops() == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) c.lut() / f.ebops())));
        }
        long ebops = figures.stream().mapToLong(RtlBuild.LayerFigures::ebops).sum();
        CellCounts sum = result.total();
        s.append(String.format(Locale.ROOT, format, "sum", RtlBuild.group(ebops), RtlBuild.group(sum.lut()),
                RtlBuild.group(sum.ff()), RtlBuild.group(sum.carry()), RtlBuild.group(sum.dsp()),
                ebops == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) sum.lut() / ebops)));
        CellCounts total = flat.total();
        s.append(String.format(Locale.ROOT, format, "flattened", RtlBuild.group(ebops), RtlBuild.group(total.lut()),
                RtlBuild.group(total.ff()), RtlBuild.group(total.carry()), RtlBuild.group(total.dsp()),
                ebops == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) total.lut() / ebops)));
        s.append(String.format(Locale.ROOT, "(%.1f s; the flattened run is the design's total: layers share LUTs there)%n",
                flat.elapsedSeconds()));
        Path json = work.resolve("resources.json");
        Files.writeString(json, result.toJson());
        Path flatJson = work.resolve("resources-flattened.json");
        Files.writeString(flatJson, flat.toJson());
        return new Synthesis(result, flat, s.toString(), List.of(json, flatJson));
    }

    long lut() {
        return flat.total().lut();
    }

    long ff() {
        return flat.total().ff();
    }

    long dsp() {
        return flat.total().dsp();
    }
}

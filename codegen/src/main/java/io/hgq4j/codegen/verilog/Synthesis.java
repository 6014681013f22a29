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
 * @param result the yosys result
 * @param text   the report section
 * @param files  the files written under {@code synth/}
 */
record Synthesis(SynthesisResult result, String text, List<Path> files) {

    static Synthesis run(RtlProject project, Path out, List<RtlBuild.LayerFigures> figures) throws IOException {
        Path work = Files.createDirectories(out.resolve("synth"));
        List<Path> sources = project.sourceFiles().stream().filter(f -> !f.equals(project.wrapper() + ".v"))
                .map(f -> out.resolve("rtl").resolve(f)).toList();
        List<String> modules = new ArrayList<>();
        project.layerModules().keySet().forEach(layer -> modules.addAll(project.modulesOf(layer)));
        SynthesisResult result;
        try {
            result = YosysSynthesis.defaults().withWorkDirectory(work).run(sources, project.core(), modules);
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
            CellCounts c = CellCounts.NONE;
            for (String module : project.modulesOf(f.layer())) {
                c = c.plus(result.module(module).cells());
            }
            s.append(String.format(Locale.ROOT, format, f.layer(), RtlBuild.group(f.ebops()), RtlBuild.group(c.lut()),
                    RtlBuild.group(c.ff()), RtlBuild.group(c.carry()), RtlBuild.group(c.dsp()),
                    f.ebops() == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) c.lut() / f.ebops())));
        }
        CellCounts total = result.total();
        long ebops = figures.stream().mapToLong(RtlBuild.LayerFigures::ebops).sum();
        s.append(String.format(Locale.ROOT, format, "total", RtlBuild.group(ebops), RtlBuild.group(total.lut()),
                RtlBuild.group(total.ff()), RtlBuild.group(total.carry()), RtlBuild.group(total.dsp()),
                ebops == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) total.lut() / ebops)));
        Path json = work.resolve("resources.json");
        Files.writeString(json, result.toJson());
        return new Synthesis(result, s.toString(), List.of(json, work.resolve("stat.json")));
    }

    long lut() {
        return result.total().lut();
    }

    long ff() {
        return result.total().ff();
    }

    long dsp() {
        return result.total().dsp();
    }
}

package io.hgq4j.codegen.report;

import io.hgq4j.boards.Board;
import io.hgq4j.emulator.timing.ModelTiming;
import java.util.List;
import java.util.Locale;

/**
 * What {@code hgq4j compile} predicts for a design: per layer EBOPs, LUT, FF, DSP, latency and II, the totals, and
 * whether the design fits the board.
 *
 * @param model  the model name
 * @param board  the board
 * @param timing the model's timing at the target clock
 * @param layers per-layer estimates
 */
public record CompileReport(String model, Board board, ModelTiming timing, List<LayerEstimate> layers) {

    /** Copies the list. */
    public CompileReport {
        layers = List.copyOf(layers);
    }

    /** Σ over the layers. */
    public LayerEstimate total() {
        return new LayerEstimate("total", "", layers.stream().mapToLong(LayerEstimate::ebops).sum(),
                layers.stream().mapToLong(LayerEstimate::lut).sum(), layers.stream().mapToLong(LayerEstimate::ff).sum(),
                layers.stream().mapToLong(LayerEstimate::dsp).sum(), timing.latencyCycles(), timing.initiationInterval());
    }

    /** The highest fraction of a board resource the design uses (LUT, FF or DSP). */
    public double utilisation() {
        LayerEstimate t = total();
        Board.Resources r = board.resources();
        return Math.max(fraction(t.lut(), r.lut()), Math.max(fraction(t.ff(), r.ff()), fraction(t.dsp(), r.dsp())));
    }

    private static double fraction(long used, long available) {
        return available == 0 ? (used == 0 ? 0 : Double.POSITIVE_INFINITY) : (double) used / available;
    }

    /** Whether the estimate fits the board. */
    public boolean fits() {
        return utilisation() <= 1.0;
    }

    /** The report as text: a table per layer, the totals and the fit. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "model %s on %s (%s) at %.3f ns (%.1f MHz), %.0f %% clock uncertainty%n",
                model, board.name(), board.part(), timing.clock().periodNs(), timing.clock().frequencyMhz(),
                timing.clock().uncertainty() * 100));
        int nameWidth = Math.max(5, layers.stream().mapToInt(l -> l.layer().length()).max().orElse(5));
        String format = "%-" + nameWidth + "s %-12s %12s %10s %10s %6s %8s %4s%n";
        s.append(String.format(Locale.ROOT, format, "layer", "op", "EBOPs", "LUT", "FF", "DSP", "latency", "II"));
        for (LayerEstimate l : layers) {
            s.append(String.format(Locale.ROOT, format, l.layer(), l.op(), group(l.ebops()), group(l.lut()),
                    group(l.ff()), group(l.dsp()), l.latency(), l.ii()));
        }
        LayerEstimate t = total();
        s.append(String.format(Locale.ROOT, format, "total", "", group(t.ebops()), group(t.lut()), group(t.ff()),
                group(t.dsp()), t.latency(), t.ii()));
        Board.Resources r = board.resources();
        s.append(String.format(Locale.ROOT, "latency %d cycles = %.1f ns, II %d (a new sample every %.1f ns)%n",
                timing.latencyCycles(), timing.latencyNs(), timing.initiationInterval(),
                timing.initiationInterval() * timing.clock().periodNs()));
        s.append(String.format(Locale.ROOT, "board %s: LUT %s of %s (%.1f %%), FF %s of %s (%.1f %%), DSP %s of %s (%.1f %%)%n",
                board.name(), group(t.lut()), group(r.lut()), 100 * fraction(t.lut(), r.lut()), group(t.ff()),
                group(r.ff()), 100 * fraction(t.ff(), r.ff()), group(t.dsp()), group(r.dsp()),
                100 * fraction(t.dsp(), r.dsp())));
        s.append(fits()
                ? String.format(Locale.ROOT, "fits: yes, with a margin of %.1f %% of the scarcest resource%n",
                        100 * (1 - utilisation()))
                : String.format(Locale.ROOT, "fits: NO, the design needs %.0f %% of the scarcest resource%n",
                        100 * utilisation()));
        s.append("(estimates: LUT from EBOPs ≈ LUT + 55·DSP, see ResourceEstimator; latency from the emulator's timing model)\n");
        return s.toString();
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}

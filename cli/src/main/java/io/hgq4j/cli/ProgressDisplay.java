package io.hgq4j.cli;

import io.hgq4j.quantizer.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code hgq4j train} prints: one line per epoch, and on a terminal a progress line rewritten in place (epoch,
 * share of the epoch done, running loss, ETA).
 */
final class ProgressDisplay implements Trainer.Listener {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 16;

    private final PrintWriter out;
    private final int epochs;
    private final boolean classification;
    private final boolean live;
    private final long started = System.nanoTime();
    private final int firstEpoch;
    private long lastDraw;
    private boolean lineOpen;
    private double runningLoss = Double.NaN;
    private Trainer.EpochReport last;
    /** The terminal's width ({@code COLUMNS}, else 100): a wrapped line could not be rewritten in place. */
    private final int width = terminalWidth();

    ProgressDisplay(PrintWriter out, int epochs, int firstEpoch, boolean classification, boolean live) {
        this.out = out;
        this.epochs = epochs;
        this.firstEpoch = firstEpoch;
        this.classification = classification;
        this.live = live;
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double loss) {
        runningLoss = Double.isNaN(runningLoss) ? loss : 0.95 * runningLoss + 0.05 * loss;
        long now = System.nanoTime();
        if (!live || now - lastDraw < REDRAW_NANOS && batch + 1 < batches) {
            return;
        }
        lastDraw = now;
        double done = (epoch - firstEpoch) + (batch + 1.0) / batches;
        double perEpoch = (now - started) / 1e9 / done;
        double remaining = perEpoch * (epochs - epoch - (batch + 1.0) / batches);
        int filled = (int) Math.round(BAR * (batch + 1.0) / batches);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3.0f%%  ETA %s  loss %.4f%s", epoch + 1, epochs,
                "#".repeat(filled), "-".repeat(BAR - filled), 100.0 * (batch + 1) / batches, duration(remaining),
                runningLoss, lastEpoch());
        out.print("\r" + (line.length() < width ? line : line.substring(0, width - 1)));
        out.flush();
        lineOpen = true;
    }

    /** The last epoch's validation metric, EBOPs and β, for the live line. */
    private String lastEpoch() {
        if (last == null) {
            return "";
        }
        String ebops = last.ebops() > 0 ? String.format(Locale.ROOT, "  EBOPs %,.0f  beta %.1e", last.ebops(), last.beta()) : "";
        return "  val " + metric(last.metric(), classification) + ebops;
    }

    @Override
    public void epochDone(Trainer.EpochReport r) {
        last = r;
        clearLine();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %5d  loss %.4f  val %s", r.epoch(),
                r.loss(), metric(r.metric(), classification)));
        if (r.ebops() > 0) {
            line.append(String.format(Locale.ROOT, "  EBOPs %,.0f  beta %.2e", r.ebops(), r.beta()));
        }
        line.append(String.format(Locale.ROOT, "  lr %.2e  %,.0f samples/s", r.learningRate(), r.samplesPerSecond()));
        if (r.checkpoint() != null) {
            line.append(String.format(Locale.ROOT, "  -> %s (exact: %s, %,.0f EBOPs)", r.checkpoint().getFileName(),
                    metric(r.exactMetric(), classification), r.exactEbops()));
        }
        out.println(line);
        out.flush();
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 100 : Math.max(40, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Ends the progress line, if one is shown. */
    void finish() {
        clearLine();
        out.flush();
    }

    private void clearLine() {
        if (lineOpen) {
            out.print("\r" + " ".repeat(width - 1) + "\r");
            lineOpen = false;
        }
    }

    /** Accuracy as a percentage, or the MSE (the trainer's metric for regression is −MSE). */
    static String metric(double metric, boolean classification) {
        return classification ? String.format(Locale.ROOT, "%.2f %%", 100 * metric)
                : String.format(Locale.ROOT, "mse %.5g", -metric);
    }

    private static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}

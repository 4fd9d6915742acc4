package dev.tailor.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress for a training epoch: a bar redrawn in place on a terminal, otherwise a plain line every
 * tenth of the epoch (logs and CI stay readable).
 */
public final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int lastDecile = -1;

    public Progress(Console console, String label, int total) {
        this.out = console.out();
        this.terminal = console.terminal();
        this.label = label;
        this.total = Math.max(1, total);
    }

    public void update(int done, double loss, double acc) {
        double sec = (System.nanoTime() - start) / 1e9;
        String stats = String.format(Locale.ROOT, "%d/%d loss %.4f acc %.3f  %.1f it/s  %.0fs",
                done, total, loss, acc, done / Math.max(sec, 1e-9), sec);
        if (terminal) {
            int width = 30;
            int filled = (int) ((long) width * done / total);
            out.print("\r" + label + " [" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + stats);
            if (done == total) {
                out.println();
            }
            out.flush();
        } else {
            int decile = (int) (10L * done / total);
            if (decile != lastDecile && (decile > 0 || done == total)) {
                lastDecile = decile;
                out.println(label + " " + stats);
                out.flush();
            }
        }
    }
}

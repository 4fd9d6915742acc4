package dev.tailor.net.deploy;

import dev.tailor.net.Layer;
import dev.tailor.net.Shape;

/**
 * Where each tap of a KxK window (conv or max-pool) reads its input, padding included: the
 * geometry every engine-free arithmetic shares. Taps are ordered ky, kx (row-major), the order of
 * the kernel's last two axes.
 */
public final class Window {
    private Window() {
    }

    /**
     * For output pixel {@code p} (row-major over H' x W') and tap {@code t = ky·K + kx}, entry
     * {@code p·K² + t} is the input pixel it reads ({@code iy·W + ix}), or -1 where it falls on padding.
     */
    public static int[] taps(Layer l) {
        Shape s = l.in();
        Shape o = l.out();
        int k = l.kernel();
        int[] taps = new int[(int) o.pixels() * k * k];
        int i = 0;
        for (int oy = 0; oy < o.height(); oy++) {
            for (int ox = 0; ox < o.width(); ox++) {
                for (int ky = 0; ky < k; ky++) {
                    int iy = oy * l.stride() + ky - l.padding();
                    for (int kx = 0; kx < k; kx++) {
                        int ix = ox * l.stride() + kx - l.padding();
                        taps[i++] = iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width() ? iy * s.width() + ix : -1;
                    }
                }
            }
        }
        return taps;
    }

    /**
     * For every output value of a max-pool (channels first, row-major), the index of the input value
     * its window takes: the first of the largest by {@code compare} (padding never wins).
     */
    public static int[] maxSources(Layer l, java.util.function.IntBinaryOperator compare) {
        int kk = l.kernel() * l.kernel();
        int pixels = (int) l.out().pixels();
        int plane = (int) l.in().pixels();
        int[] taps = taps(l);
        int[] src = new int[(int) l.out().elements()];
        for (int c = 0; c < l.out().channels(); c++) {
            for (int p = 0; p < pixels; p++) {
                int best = -1;
                for (int t = 0; t < kk; t++) {
                    int ix = taps[p * kk + t];
                    if (ix >= 0 && (best < 0 || compare.applyAsInt(c * plane + ix, best) > 0)) {
                        best = c * plane + ix;
                    }
                }
                src[c * pixels + p] = best;
            }
        }
        return src;
    }
}

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
}

package dev.tailor.hardware.dataflow;

import dev.tailor.net.Shape;

/**
 * Token dependencies of a stage: the index of the last input token (one pixel, raster order) a
 * stage must have read before it can emit output token {@code q}. A line-buffered KxK window emits
 * its output when the window's bottom-right input arrives; a zero-padding stage emits padding
 * without reading; a global pool needs the whole map. -1 means "no input needed yet".
 */
final class TokenMap {
    private TokenMap() {
    }

    static long lastInputNeeded(StreamGraph.Node n, Shape input, long q) {
        return switch (n.kind()) {
            case PAD -> padding(input, n.out(), q);
            case CONV, MAXPOOL -> window(n.layer().kernel(), n.layer().stride(), input, n.out(), q);
            case AVGPOOL -> input.pixels() - 1;
            case DENSE -> 0;
            default -> q;
        };
    }

    private static long window(int kernel, int stride, Shape input, Shape out, long q) {
        long r = q / out.width();
        long c = q % out.width();
        return (r * stride + kernel - 1) * input.width() + c * stride + kernel - 1;
    }

    private static long padding(Shape in, Shape padded, long q) {
        int p = (padded.width() - in.width()) / 2;
        long y = q / padded.width() - p;
        long x = q % padded.width() - p;
        if (y < 0) {
            return -1;
        }
        if (y >= in.height()) {
            return in.pixels() - 1;
        }
        if (x < 0) {
            return y * in.width() - 1;
        }
        return y * in.width() + Math.min(x, in.width() - 1);
    }
}

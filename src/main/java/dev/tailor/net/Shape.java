package dev.tailor.net;

/** A feature-map shape, channels first, batch excluded. A dense layer's output is C x 1 x 1. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    public long elements() {
        return (long) channels * height * width;
    }

    public long pixels() {
        return (long) height * width;
    }

    /** Parses "3x32x32" (C x H x W). */
    public static Shape parse(String text) {
        String[] p = text.trim().toLowerCase().split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("shape '" + text + "' must be CxHxW, e.g. 3x32x32");
        }
        try {
            return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shape '" + text + "' must be CxHxW with integers, e.g. 3x32x32");
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}

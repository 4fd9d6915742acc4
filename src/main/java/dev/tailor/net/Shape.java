package dev.tailor.net;

import dev.tailor.errors.InvalidInputException;

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
            throw new InvalidInputException("shape '" + text + "' must be CxHxW, e.g. 3x32x32");
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                d[i] = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                d[i] = 0;
            }
            if (d[i] <= 0) {
                throw new InvalidInputException("shape '" + text + "' must be CxHxW with positive integers, e.g. 3x32x32");
            }
        }
        return new Shape(d[0], d[1], d[2]);
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}

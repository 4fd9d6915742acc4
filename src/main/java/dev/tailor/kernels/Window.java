package dev.tailor.kernels;

/** A pair of sizes along height and width: a kernel, a stride, a padding, a dilation or an input's size. */
public record Window(int height, int width) {
    public Window {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("negative size " + height + "x" + width);
        }
    }

    public static Window square(int size) {
        return new Window(size, size);
    }

    public boolean isSquare() {
        return height == width;
    }

    /** {@code 3} for a square, {@code 3x1} otherwise. */
    String compact() {
        return isSquare() ? Integer.toString(height) : height + "x" + width;
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}

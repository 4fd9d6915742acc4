package dev.tailor.data;

import dev.tailor.net.Shape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** MNIST-style IDX files (magic 0x803 for images, 0x801 for labels), gzipped or raw. */
public final class IdxReader {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    /** The most pixel bytes one file may hold (Java arrays stop near 2^31). */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private IdxReader() {
    }

    public static Dataset read(String name, Path images, Path labels, int classes) {
        byte[] px;
        int n;
        int h;
        int w;
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(images, String.format("not an IDX image file (magic 0x%08x, expected 0x%08x)", magic, IMAGES_MAGIC));
            }
            n = in.readInt();
            h = in.readInt();
            w = in.readInt();
            if (n < 0 || h <= 0 || w <= 0 || (long) h * w > MAX_BYTES || n * ((long) h * w) > MAX_BYTES) {
                throw new DataFormatException(images, "bad header: " + n + " images of " + h + "x" + w);
            }
            px = readExactly(in, n * h * w, images, n + " images of " + h + "x" + w);
        } catch (EOFException e) {
            throw new DataFormatException(images, "truncated header");
        } catch (IOException e) {
            throw new DataFormatException(images, "unreadable: " + e.getMessage());
        }
        int[] lab;
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(labels, String.format("not an IDX label file (magic 0x%08x, expected 0x%08x)", magic, LABELS_MAGIC));
            }
            int count = in.readInt();
            if (count != n) {
                throw new DataFormatException(labels, count + " labels for " + n + " images in " + images.getFileName());
            }
            byte[] raw = readExactly(in, count, labels, count + " labels");
            lab = new int[count];
            for (int i = 0; i < count; i++) {
                lab[i] = raw[i] & 0xff;
                if (lab[i] >= classes) {
                    throw new DataFormatException(labels, "label " + lab[i] + " of item " + i + " is outside 0.." + (classes - 1));
                }
            }
        } catch (EOFException e) {
            throw new DataFormatException(labels, "truncated header");
        } catch (IOException e) {
            throw new DataFormatException(labels, "unreadable: " + e.getMessage());
        }
        return new Dataset(name, new Shape(1, h, w), classes, px, lab);
    }

    /**
     * Exactly {@code count} bytes; memory grows with what the file really holds, so a damaged header
     * that promises billions of bytes is refused as truncated instead of allocated.
     */
    private static byte[] readExactly(DataInputStream in, int count, Path file, String what) throws IOException {
        byte[] buf = in.readNBytes(count);
        if (buf.length != count) {
            throw new DataFormatException(file, "truncated: the header promises " + what);
        }
        return buf;
    }

    static DataInputStream open(Path file) throws IOException {
        DataFormatException.requireFile(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }
}

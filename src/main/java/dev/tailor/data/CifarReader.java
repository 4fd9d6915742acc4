package dev.tailor.data;

import dev.tailor.errors.Messages;
import dev.tailor.net.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR binary records: CIFAR-10 {@code <label><3072 bytes>}, CIFAR-100
 * {@code <coarse label><fine label><3072 bytes>} (fine labels are used), pixels R, G, B planes of 32x32.
 */
public final class CifarReader {
    private static final int IMAGE_BYTES = 3 * 32 * 32;

    private CifarReader() {
    }

    public static Dataset read(String name, List<Path> files, boolean cifar100) {
        int header = cifar100 ? 2 : 1;
        int classes = cifar100 ? 100 : 10;
        int record = header + IMAGE_BYTES;
        long total = 0;
        for (Path f : files) {
            long size = size(f);
            if (size == 0 || size % record != 0) {
                throw new DataFormatException(f, "size " + size + " is not a multiple of the " + (cifar100 ? "CIFAR-100" : "CIFAR-10")
                        + " record size " + record + " (truncated or wrong format)");
            }
            total += size / record;
        }
        byte[] px = new byte[Math.toIntExact(total * IMAGE_BYTES)];
        int[] labels = new int[(int) total];
        int i = 0;
        for (Path f : files) {
            byte[] data;
            try {
                data = Files.readAllBytes(f);
            } catch (IOException e) {
                throw unreadable(f, e);
            }
            for (int off = 0; off < data.length; off += record, i++) {
                int label = data[off + header - 1] & 0xff;
                if (label >= classes) {
                    throw new DataFormatException(f, "label " + label + " of record " + (off / record) + " is outside 0.." + (classes - 1));
                }
                labels[i] = label;
                System.arraycopy(data, off + header, px, i * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new Dataset(name, new Shape(3, 32, 32), classes, px, labels);
    }

    private static long size(Path f) {
        DataFormatException.requireFile(f);
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw unreadable(f, e);
        }
    }

    /** As IdxReader says it: the user's file, one line, exit 2. */
    static DataFormatException unreadable(Path f, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : Messages.firstLine(e.getMessage());
        return new DataFormatException(f, "unreadable: " + m);
    }
}

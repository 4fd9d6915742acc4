package dev.tailor.files;

import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A float32 array as a NumPy {@code .npy} file (format version 1.0, little-endian, C order), the
 * form Python tools load with {@code numpy.load}; written atomically.
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyFile() {
    }

    public static void writeFloats(Path target, float[] values, int... shape) {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values.length);
        }
        byte[] header = header(shape);
        AtomicFiles.write(target, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.write(MAGIC);
            d.write(header.length & 0xff);
            d.write(header.length >>> 8);
            d.write(header);
            ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i += 4096) {
                b.clear();
                for (int j = i; j < Math.min(values.length, i + 4096); j++) {
                    b.putFloat(values[j]);
                }
                d.write(b.array(), 0, b.position());
            }
            d.flush();
        });
    }

    /** The header dictionary, padded with spaces and a newline so the data start on a 64-byte boundary. */
    static byte[] header(int... shape) {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
        int total = MAGIC.length + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        return (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.tailor.data.keywords;

import dev.tailor.data.DataFormatException;
import dev.tailor.net.Shape;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One part's binary file, big-endian: "TKWD", format version (int), part name, channels, height, width
 * (ints), class count (int) and names, speaker count (int) and names (voice+variant), utterance count
 * (int), then one label byte per utterance, one speaker index (unsigned short) per utterance, and the
 * features, utterance by utterance, channels first.
 */
public final class KeywordFile {
    private static final int MAGIC = 0x544b5744; // "TKWD"
    private static final int VERSION = 1;

    private KeywordFile() {
    }

    public static void write(Path file, KeywordPart p) {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            o.writeInt(MAGIC);
            o.writeInt(VERSION);
            o.writeUTF(p.part().label());
            o.writeInt(p.shape().channels());
            o.writeInt(p.shape().height());
            o.writeInt(p.shape().width());
            o.writeInt(p.classNames().size());
            for (String c : p.classNames()) {
                o.writeUTF(c);
            }
            o.writeInt(p.speakers().size());
            for (Speaker s : p.speakers()) {
                o.writeUTF(s.name());
            }
            o.writeInt(p.size());
            for (int l : p.labels()) {
                o.writeByte(l);
            }
            for (int s : p.speakerOf()) {
                o.writeShort(s);
            }
            o.write(p.features());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    public static KeywordPart read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new DataFormatException(file, "not a Tailor keywords file (no TKWD header)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new DataFormatException(file, "keywords file format " + version + ", this Tailor reads " + VERSION);
            }
            String partName = in.readUTF();
            CorpusPart part = java.util.Arrays.stream(CorpusPart.values()).filter(c -> c.label().equals(partName)).findFirst()
                    .orElseThrow(() -> new DataFormatException(file, "unknown part '" + partName + "'"));
            Shape shape = new Shape(positive(file, in.readInt()), positive(file, in.readInt()), positive(file, in.readInt()));
            List<String> classes = new ArrayList<>();
            for (int i = bounded(file, in.readInt(), 256); i > 0; i--) {
                classes.add(in.readUTF());
            }
            List<Speaker> speakers = new ArrayList<>();
            for (int i = bounded(file, in.readInt(), 65_536); i > 0; i--) {
                speakers.add(Speaker.parse(in.readUTF()));
            }
            int n = bounded(file, in.readInt(), (int) Math.min(Integer.MAX_VALUE, Files.size(file)));
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
                if (labels[i] >= classes.size()) {
                    throw new DataFormatException(file, "label " + labels[i] + " of utterance " + i + " is not one of its " + classes.size() + " classes");
                }
            }
            int[] speakerOf = new int[n];
            for (int i = 0; i < n; i++) {
                speakerOf[i] = in.readUnsignedShort();
                if (speakerOf[i] >= speakers.size()) {
                    throw new DataFormatException(file, "speaker " + speakerOf[i] + " of utterance " + i + " is not one of its " + speakers.size());
                }
            }
            long bytes = n * shape.elements();
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(file, n + " utterances of " + shape + " do not fit one array");
            }
            byte[] features = in.readNBytes((int) bytes);
            if (features.length != bytes) {
                throw new DataFormatException(file, "truncated: " + features.length + " of " + bytes + " feature bytes");
            }
            if (in.read() != -1) {
                throw new DataFormatException(file, "has bytes after its " + n + " utterances");
            }
            return new KeywordPart(part, shape, List.copyOf(classes), List.copyOf(speakers), labels, speakerOf, features);
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated");
        } catch (java.io.UTFDataFormatException e) {
            throw new DataFormatException(file, "damaged: a name is not valid modified UTF-8");
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "damaged: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static int positive(Path file, int v) {
        return bounded(file, v, 1 << 16) == 0 ? fail(file, v) : v;
    }

    private static int fail(Path file, int v) {
        throw new DataFormatException(file, "damaged header (a size of " + v + ")");
    }

    private static int bounded(Path file, int v, int max) {
        return v < 0 || v > max ? fail(file, v) : v;
    }
}

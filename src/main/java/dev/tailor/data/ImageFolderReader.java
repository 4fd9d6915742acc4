package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.net.Shape;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A class-per-folder tree ({@code root/<class>/*.png|jpg}), classes in sorted folder order, every
 * image resized (bilinear) to the target height and width, as RGB (3 channels) or grey (1).
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    public static Dataset read(String name, Path root, Shape target) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root, "not a directory of class folders");
        }
        if (target.channels() != 1 && target.channels() != 3) {
            throw new InvalidInputException("image folders load as 1 or 3 channels, not " + target.channels());
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).sorted().toList();
        if (classDirs.size() < 2) {
            throw new DataFormatException(root, "needs at least two class folders, found " + classDirs.size());
        }
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            for (Path f : list(classDirs.get(c)).stream().filter(ImageFolderReader::isImage).sorted().toList()) {
                images.add(load(f, target));
                labels.add(c);
            }
        }
        if (images.isEmpty()) {
            throw new DataFormatException(root, "no .png or .jpg images in its class folders");
        }
        int e = (int) target.elements();
        byte[] px = new byte[images.size() * e];
        int[] lab = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, px, i * e, e);
            lab[i] = labels.get(i);
        }
        return new Dataset(name, target, classDirs.size(), px, lab);
    }

    /** The decoded image; anything the decoders cannot make sense of is one line naming the file. */
    private static BufferedImage decode(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFormatException(f, "not a decodable PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new DataFormatException(f, "image of " + w + "x" + h + " pixels is outside 1.." + MAX_SIDE + " per side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | IllegalArgumentException e) {
            // The decoders report bad data as an IIOException (an IOException) and some damaged headers as an
            // IllegalArgumentException; any other exception is a bug and is not passed off as the user's file.
            throw new DataFormatException(f, "unreadable image: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Messages.firstLine(e.getMessage())));
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Larger images are refused before decoding: a damaged header must not exhaust memory. */
    private static final int MAX_SIDE = 16_384;

    private static byte[] load(Path f, Shape target) {
        BufferedImage src = decode(f);
        int h = target.height();
        int w = target.width();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        byte[] out = new byte[(int) target.elements()];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (target.channels() == 1) {
                    out[y * w + x] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[y * w + x] = (byte) r;
                    out[plane + y * w + x] = (byte) gr;
                    out[2 * plane + y * w + x] = (byte) b;
                }
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }
}

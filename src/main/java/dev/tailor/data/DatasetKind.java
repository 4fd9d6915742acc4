package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;

import java.util.Locale;

/** The datasets Tailor reads, by the format of their files. */
public enum DatasetKind {
    /** Generated in memory, seeded: for tests and trials. */
    SYNTHETIC("synthetic", false),
    /** IDX files; found in Debian's location or fetched if no folder is named. */
    FASHION_MNIST("fashion-mnist", false),
    MNIST("mnist", true),
    /** CIFAR-10 binary batches. */
    CIFAR10("cifar10", true),
    /** CIFAR-100 binary files. */
    CIFAR100("cifar100", true),
    /** One folder per class of JPEG/PNG images (or train/ and test/ trees of them). */
    FOLDER("folder", true),
    /** Spoken keywords made with espeak-ng and cached (docs/keywords.md). */
    KEYWORDS("keywords", false),
    /** One folder per class of 16 kHz mono 16-bit WAV files (or train/ and test/ trees of them), as log-mel spectrograms. */
    WAV_FOLDER("wav-folder", true);

    private final String label;
    private final boolean needsFolder;

    DatasetKind(String label, boolean needsFolder) {
        this.label = label;
        this.needsFolder = needsFolder;
    }

    public String label() {
        return label;
    }

    /** Whether the files must be in a folder the user names. */
    public boolean needsFolder() {
        return needsFolder;
    }

    public static DatasetKind parse(String text) {
        for (DatasetKind k : values()) {
            if (k.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InvalidInputException("unknown dataset '" + text + "' (" + listed(values()) + ")");
    }

    /** "a, b or c". */
    public static String listed(DatasetKind... kinds) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            b.append(i == 0 ? "" : i == kinds.length - 1 ? " or " : ", ").append(kinds[i].label);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}

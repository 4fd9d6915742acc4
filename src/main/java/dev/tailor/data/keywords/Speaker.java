package dev.tailor.data.keywords;

/** One synthetic speaker: an espeak-ng voice with a voice variant, {@code -v voice+variant}. */
public record Speaker(String voice, String variant) {
    public String name() {
        return voice + "+" + variant;
    }

    public static Speaker parse(String name) {
        int plus = name.indexOf('+');
        if (plus <= 0 || plus == name.length() - 1) {
            throw new IllegalArgumentException("speaker '" + name + "' is not voice+variant");
        }
        return new Speaker(name.substring(0, plus), name.substring(plus + 1));
    }

    @Override
    public String toString() {
        return name();
    }
}

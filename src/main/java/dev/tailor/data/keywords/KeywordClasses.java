package dev.tailor.data.keywords;

import java.util.List;

/** The twelve classes, as in Speech Commands' keyword-spotting task: ten keywords, other words, and no word. */
public final class KeywordClasses {
    private KeywordClasses() {
    }

    public static final List<String> KEYWORDS = List.of("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go");
    /** Label of an utterance of one of {@link #OTHER_WORDS}. */
    public static final int UNKNOWN = 10;
    /** Label of a clip of background noise alone. */
    public static final int SILENCE = 11;
    public static final List<String> NAMES = List.of("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "unknown",
            "silence");
    /** What the unknown class says: short words, none of them a keyword. */
    public static final List<String> OTHER_WORDS = List.of("bed", "bird", "cat", "dog", "house", "tree", "wow", "happy", "zero", "one",
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "learn", "follow", "forward", "back", "visual", "sheet");

    public static int count() {
        return NAMES.size();
    }
}

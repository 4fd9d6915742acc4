package dev.tailor.data.keywords;

/** The generated corpus's three parts, each with speakers of its own. */
public enum CorpusPart {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String label;

    CorpusPart(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}

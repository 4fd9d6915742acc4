package dev.tailor.data;

/** One part of a dataset, so that a command that scores the test split need not read the training files. */
public enum DataPart {
    TRAIN("train"),
    TEST("test");

    private final String label;

    DataPart(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}

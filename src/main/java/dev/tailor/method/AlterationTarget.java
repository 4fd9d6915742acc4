package dev.tailor.method;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;

import java.util.Locale;

/** What Tailor does to the skips: SkipRemover removes them, SkipShortener shortens them (docs/method.md). */
public enum AlterationTarget {
    REMOVE("remove", SkipMode.NONE, "SkipRemover", "skip-remover", Topology.STANDARD),
    SHORTEN("shorten", SkipMode.SHORT, "SkipShortener", "skip-shortener", Topology.SHORT_TEACHER);

    private final String label;
    private final SkipMode skipMode;
    private final String methodName;
    private final String job;
    private final Topology teacherTopology;

    AlterationTarget(String label, SkipMode skipMode, String methodName, String job, Topology teacherTopology) {
        this.label = label;
        this.skipMode = skipMode;
        this.methodName = methodName;
        this.job = job;
        this.teacherTopology = teacherTopology;
    }

    /** "remove" or "shorten", as on the command line. */
    public String label() {
        return label;
    }

    /** The mode an altered skip ends in. */
    public SkipMode skipMode() {
        return skipMode;
    }

    /** "SkipRemover" or "SkipShortener". */
    public String methodName() {
        return methodName;
    }

    /** The job name stored in checkpoints and summaries. */
    public String job() {
        return job;
    }

    /** The topology the teacher must have: shortening starts from the short (ReLU-before-add) teacher. */
    public Topology teacherTopology() {
        return teacherTopology;
    }

    public static AlterationTarget parse(String text) {
        for (AlterationTarget t : values()) {
            if (t.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new InvalidInputException("'" + text + "' is not an alteration target (remove or shorten)");
    }

    @Override
    public String toString() {
        return label;
    }
}

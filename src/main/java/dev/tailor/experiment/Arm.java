package dev.tailor.experiment;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.method.AlterationTarget;

/** The paper's ablation arms (docs/method.md, "The ablation (`experiment`)"). */
public enum Arm {
    /** (a) the original ResNet, trained with cross-entropy. */
    TEACHER("teacher", "the original network, trained with cross-entropy"),
    /** (e) the ReLU-before-add short-skip teacher, trained with cross-entropy. */
    SHORT_TEACHER("short-teacher", "the original with each ReLU moved before its add, where the shortener starts, trained with cross-entropy"),
    /** (b) the target topology trained from scratch. */
    SCRATCH("scratch", "the target wiring trained from scratch"),
    /** (c) KD with every skip altered at once, student initialised from the teacher. */
    KD_ALL_AT_ONCE("kd-all-at-once", "every skip altered at once, then trained with knowledge distillation from its teacher"),
    /** (d) Tailor: gradual alteration with KD. */
    TAILOR("tailor", "skips altered a few at a time while training with knowledge distillation: SkipRemover (remove) or SkipShortener (shorten)"),
    /**
     * The equal-training control: the target's teacher trained on with cross-entropy for the KD arms'
     * epochs, learning rate and schedule, skips unchanged. A student against it is compared at equal
     * training; against the teacher itself it has had more.
     */
    CONTINUED("continued", "the teacher trained on with cross-entropy for the students' epochs, skips unchanged: the equal-training control");

    private final String label;
    private final String meaning;

    Arm(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** What the arm trains, in one clause (the reports' glossary). */
    public String meaning() {
        return meaning;
    }

    public String label() {
        return label;
    }

    /** Whether this arm trains a teacher (which every other arm of its target reads). */
    public boolean isTeacher() {
        return this == TEACHER || this == SHORT_TEACHER;
    }

    /** "teacher", or "tailor (remove)": an arm that alters skips names its target. */
    public String labelFor(AlterationTarget target) {
        return isTeacher() ? label : label + " (" + target.label() + ")";
    }

    /** Whether the arm ends with a network whose skips differ from its teacher's (the control and the teachers keep theirs). */
    public boolean altersSkips() {
        return !isTeacher() && this != CONTINUED;
    }

    /** The teacher arm of a target. */
    public static Arm teacherOf(AlterationTarget target) {
        return target == AlterationTarget.REMOVE ? TEACHER : SHORT_TEACHER;
    }

    @Override
    public String toString() {
        return label;
    }

    public static Arm parse(String s) {
        for (Arm a : values()) {
            if (a.label.equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new InvalidInputException("unknown arm '" + s + "' (expected one of " + java.util.Arrays.stream(values()).map(Arm::label)
                .collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
}

package dev.tailor.experiment;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.method.AlterationTarget;

/** The paper's ablation arms (docs/method.md, "The ablation (`experiment`)"). */
public enum Arm {
    /** (a) the original ResNet, trained with cross-entropy. */
    TEACHER("teacher"),
    /** (e) the ReLU-before-add short-skip teacher, trained with cross-entropy. */
    SHORT_TEACHER("short-teacher"),
    /** (b) the target topology trained from scratch. */
    SCRATCH("scratch"),
    /** (c) KD with every skip altered at once, student initialised from the teacher. */
    KD_ALL_AT_ONCE("kd-all-at-once"),
    /** (d) Tailor: gradual alteration with KD. */
    TAILOR("tailor"),
    /**
     * The equal-training control: the target's teacher trained on with cross-entropy for the KD arms'
     * epochs, learning rate and schedule, skips unchanged. A student against it is compared at equal
     * training; against the teacher itself it has had more.
     */
    CONTINUED("continued");

    private final String label;

    Arm(String label) {
        this.label = label;
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
        throw new InvalidInputException("unknown arm '" + s + "' (expected teacher, short-teacher, scratch, kd-all-at-once, tailor)");
    }
}

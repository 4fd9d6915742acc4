package dev.tailor.tailor;

/** The paper's ablation arms (method.md, "Experimental arms"). */
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
    TAILOR("tailor");

    private final String label;

    Arm(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Arm parse(String s) {
        for (Arm a : values()) {
            if (a.label.equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown arm '" + s + "' (expected teacher, short-teacher, scratch, kd-all-at-once, tailor)");
    }
}

package dev.tailor.experiment;

import dev.tailor.method.AlterationTarget;

/**
 * One job of an experiment's grid: one arm of one target for one seed. It trains in its own folder,
 * {@code out/<key>}, and can run in any process once its teacher's job has finished.
 *
 * @param key     the job's folder relative to the experiment's, e.g. {@code seed-2/tailor-remove}; also its name
 * @param title   for people: "tailor (remove), seed 2", or "tailor (remove)" in a one-seed experiment
 * @param target  the target the arm belongs to (a teacher belongs to the target it teaches)
 * @param teacher the key of the teacher job whose trained network this job distils from; null if none
 */
public record GridJob(String key, String title, long seed, Arm arm, AlterationTarget target, String teacher) {

    public boolean needsTeacher() {
        return teacher != null;
    }
}

package dev.tailor.tailor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSplits;
import dev.tailor.net.SkipMode;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;

import java.io.PrintStream;

/**
 * One Tailor run: the student starts as an exact copy of the frozen teacher and is retrained with
 * knowledge distillation while {@link SkipAlterer} removes or shortens its skips on schedule.
 */
public final class TailorJob {
    private TailorJob() {
    }

    /** Student = teacher, by name; then train. The teacher's weights are never written. */
    public static TrainingLoop.Result run(ResNetModel teacher, ResNetModel student, DataSplits data, TrainConfig cfg,
                                          AlterationSchedule schedule, SkipMode target, KnowledgeDistillation kd,
                                          PrintStream log, boolean terminal) {
        // The last alteration needs at least one epoch of training after it (epochs are 0-based).
        int needed = schedule.lastAlterationEpoch() + 2;
        if (cfg.epochs() < needed) {
            throw new IllegalArgumentException("--epochs " + cfg.epochs() + " is too few: altering " + schedule.order().size()
                    + " skips every " + schedule.period() + " epochs ends after epoch " + (schedule.lastAlterationEpoch() + 1)
                    + ", so train at least " + needed + " epochs (one to fine-tune after the last alteration)");
        }
        if (!cfg.resume() || !java.nio.file.Files.exists(cfg.outDir().resolve(TrainingLoop.LAST))) {
            student.copyFrom(teacher);
            student.setSkips(teacher.spec().skips());
        }
        ObjectNode header = Checkpoint.JSON.createObjectNode();
        header.put("job", target == SkipMode.NONE ? "skip-remover" : "skip-shortener");
        header.put("every", schedule.period());
        header.put("order", schedule.order().toString());
        return new TrainingLoop(student, data, cfg, kd, new SkipAlterer(schedule, target), log, terminal).run(header);
    }
}

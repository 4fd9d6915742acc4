package dev.tailor.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.DataSplits;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.Json;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Console;
import dev.tailor.train.RunDirectory;
import dev.tailor.train.StopRequest;
import dev.tailor.train.TrainConfig;
import dev.tailor.train.TrainingLoop;

/**
 * One Tailor run (docs/method.md): the student starts as an exact copy of the frozen teacher and is
 * retrained with knowledge distillation while {@link SkipAlterer} removes or shortens its skips on
 * schedule.
 */
public record TailorJob(AlterationTarget target, AlterationSchedule schedule, DistillationSettings distillation) {

    /** The fewest epochs a run of this job needs: the last alteration is followed by one epoch of fine-tuning. */
    public int minimumEpochs() {
        return schedule.lastAlterationEpoch() + 2;
    }

    /** Refuses a run too short for this schedule; an experiment asks before it starts any job. */
    public void checkEpochs(int epochs) {
        if (epochs < minimumEpochs()) {
            throw new InvalidInputException(epochs + " epochs are too few: altering " + schedule.order().size()
                    + " skips every " + schedule.period() + " epochs ends after epoch " + (schedule.lastAlterationEpoch() + 1)
                    + ", so train at least " + minimumEpochs() + " epochs (one to fine-tune after the last alteration)");
        }
    }

    /** Student = teacher, by name; then train. The teacher's weights are never written. */
    public TrainingLoop.Result run(ResNetModel teacher, ResNetModel student, DataSplits data, TrainConfig cfg, Console console,
                                  StopRequest stop) {
        if (teacher.spec().topology() != target.teacherTopology()) {
            throw new IllegalArgumentException(target.methodName() + " needs a " + target.teacherTopology().label()
                    + " teacher, got " + teacher.spec().describe());
        }
        checkEpochs(cfg.epochs());
        if (!cfg.resume() || !new RunDirectory(cfg.outDir()).hasCheckpoint()) {
            student.copyFrom(teacher);
            student.setSkips(teacher.spec().skips());
        }
        ObjectNode header = Json.MAPPER.createObjectNode();
        header.put("job", target.job());
        header.put("every", schedule.period());
        header.put("order", schedule.order().toString());
        // A resume must distil from the same teacher with the same settings (TrainingLoop compares the header).
        header.put("teacher", Long.toHexString(teacher.weights().digest()));
        header.set("distillation", Json.MAPPER.valueToTree(distillation));
        KnowledgeDistillation kd = new KnowledgeDistillation(teacher, distillation);
        return new TrainingLoop(student, data, cfg, kd, new SkipAlterer(schedule, target), console).stopWhen(stop).run(header);
    }
}

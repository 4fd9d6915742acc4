package dev.tailor.experiment;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.method.AlterationTarget;
import dev.tailor.method.DistillationSettings;
import dev.tailor.train.ScheduleKind;
import dev.tailor.train.TrainConfig;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an experiment runs: which network, which targets and arms, and how each kind of arm trains.
 * Build one with {@link #builder()} or start from a preset ({@link #quickDemo}, {@link #paperDemo}).
 *
 * @param teacherConfig epochs, lr, ... of the teachers and the from-scratch arms
 * @param alterConfig   epochs, lr, ... of the KD arms (all-at-once and Tailor), which start from a trained teacher
 * @param every         epochs between two alterations of the Tailor arm (N)
 * @param order         the Tailor arm's alteration order: input-first, output-first or skip indices
 * @param seeds         every arm runs once per seed (weights, data order, augmentation); the configs hold the first
 * @param perSeedFolders each seed's arms in {@code out/seed-S/} (as {@code --seeds} asks); false: one seed, arms directly in {@code out}
 */
public record ExperimentPlan(String model, int width, TrainConfig teacherConfig, TrainConfig alterConfig, int every, String order,
                             DistillationSettings distillation, Set<AlterationTarget> targets, Set<Arm> arms, List<Long> seeds,
                             boolean perSeedFolders, Path out) {

    public ExperimentPlan {
        targets = Set.copyOf(targets);
        arms = Set.copyOf(arms);
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new InvalidInputException("an experiment needs at least one seed");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidSettingException("seeds", "must differ, got " + seeds);
        }
        if (!perSeedFolders && seeds.size() > 1) {
            throw new IllegalArgumentException("several seeds need a folder each");
        }
        if (targets.isEmpty()) {
            throw new InvalidInputException("an experiment needs at least one target (remove, shorten)");
        }
        if (every <= 0) {
            throw new InvalidInputException("the period between alterations must be positive, got " + every);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same plan over these seeds, each in its own folder. */
    public ExperimentPlan withSeeds(List<Long> s) {
        return new ExperimentPlan(model, width, teacherConfig.toBuilder().seed(s.get(0)).build(),
                alterConfig.toBuilder().seed(s.get(0)).build(), every, order, distillation, targets, arms, s, true, out);
    }

    /** The same plan with the equal-training control arm added (demo --control). */
    public ExperimentPlan withControl() {
        java.util.Set<Arm> more = EnumSet.copyOf(arms);
        more.add(Arm.CONTINUED);
        return new ExperimentPlan(model, width, teacherConfig, alterConfig, every, order, distillation, targets, more, seeds, perSeedFolders, out);
    }

    /** The same plan writing under another folder (a grid read back from where it now lies). */
    public ExperimentPlan withOut(Path dir) {
        return new ExperimentPlan(model, width, teacherConfig.withOutDir(dir), alterConfig.withOutDir(dir), every, order, distillation,
                targets, arms, seeds, perSeedFolders, dir);
    }

    /**
     * The demo's quick preset: ResNet-8, both targets, only the Tailor arm; teachers 3 epochs at lr
     * 0.05, students 5 at 0.01, hold-cosine, one alteration per epoch.
     */
    public static ExperimentPlan quickDemo(Path out, long seed, int maxSteps) {
        return builder().model("resnet8").out(out).seed(seed).maxStepsPerEpoch(maxSteps).arms(EnumSet.of(Arm.TAILOR))
                .teacherEpochs(3).teacherLr(0.05f).alterEpochs(5).alterLr(0.01f).schedule(ScheduleKind.HOLD_COSINE).every(1).build();
    }

    /** The paper's schedule (docs/method.md): 200 epochs, lr 0.1 ×0.1 every 30, batch 32, N = 3. */
    public static ExperimentPlan paperDemo(Path out, long seed, int maxSteps) {
        return builder().model("resnet8").out(out).seed(seed).maxStepsPerEpoch(maxSteps).arms(EnumSet.of(Arm.TAILOR))
                .teacherEpochs(200).teacherLr(0.1f).alterEpochs(200).alterLr(0.1f).schedule(ScheduleKind.STEP).every(3).build();
    }

    /** Named settings; the defaults are {@code tailor experiment}'s. */
    public static final class Builder {
        private String model = "resnet8";
        private int width;
        private Set<AlterationTarget> targets = EnumSet.allOf(AlterationTarget.class);
        private Set<Arm> arms = EnumSet.of(Arm.SCRATCH, Arm.KD_ALL_AT_ONCE, Arm.TAILOR);
        private int teacherEpochs = 10;
        private float teacherLr = 0.05f;
        private int alterEpochs = 10;
        private float alterLr = 0.01f;
        private ScheduleKind schedule = ScheduleKind.HOLD_COSINE;
        private int batchSize = 32;
        private int every = 2;
        private String order = "input-first";
        private DistillationSettings distillation = DistillationSettings.PAPER;
        private List<Long> seeds = List.of(42L);
        private boolean perSeedFolders;
        private int maxStepsPerEpoch;
        private Path out = Path.of("runs", "experiment");

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder width(int v) {
            width = v;
            return this;
        }

        public Builder targets(Set<AlterationTarget> v) {
            targets = v;
            return this;
        }

        /** Arms besides the teachers, which always run. */
        public Builder arms(Set<Arm> v) {
            arms = v;
            return this;
        }

        public Builder teacherEpochs(int v) {
            teacherEpochs = v;
            return this;
        }

        public Builder teacherLr(float v) {
            teacherLr = v;
            return this;
        }

        public Builder alterEpochs(int v) {
            alterEpochs = v;
            return this;
        }

        public Builder alterLr(float v) {
            alterLr = v;
            return this;
        }

        public Builder schedule(ScheduleKind v) {
            schedule = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder every(int v) {
            every = v;
            return this;
        }

        public Builder order(String v) {
            order = v;
            return this;
        }

        public Builder distillation(DistillationSettings v) {
            distillation = v;
            return this;
        }

        /** One seed, its arms directly in the output folder. */
        public Builder seed(long v) {
            seeds = List.of(v);
            perSeedFolders = false;
            return this;
        }

        /** Every arm once per seed, each seed in its own folder {@code seed-S}. */
        public Builder seeds(List<Long> v) {
            if (v.isEmpty()) {
                throw new InvalidInputException("an experiment needs at least one seed");
            }
            seeds = v;
            perSeedFolders = true;
            return this;
        }

        public Builder maxStepsPerEpoch(int v) {
            maxStepsPerEpoch = v;
            return this;
        }

        public Builder out(Path v) {
            out = v;
            return this;
        }

        /** Each phase has its own epochs and lr ({@code --teacher-lr}, {@code --alter-epochs}): a problem with one is named so. */
        private static void validate(TrainConfig phase, String prefix) {
            try {
                phase.validate();
            } catch (InvalidSettingException e) {
                throw e.setting().equals("epochs") || e.setting().equals("lr") ? e.as(prefix + e.setting()) : e;
            }
        }

        public ExperimentPlan build() {
            TrainConfig base = new TrainConfig.Builder().batchSize(batchSize).schedule(schedule).seed(seeds.get(0)).outDir(out).resume(true)
                    .maxStepsPerEpoch(maxStepsPerEpoch).build();
            TrainConfig teacher = base.toBuilder().epochs(teacherEpochs).lr(teacherLr).build();
            TrainConfig alter = base.toBuilder().epochs(alterEpochs).lr(alterLr).build();
            validate(teacher, "teacher-");
            validate(alter, "alter-");
            return new ExperimentPlan(model, width, teacher, alter, every, order, distillation, targets, arms, seeds, perSeedFolders, out);
        }
    }
}

package dev.tailor.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.net.ModelRecipe;
import dev.tailor.net.NetSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code summary.json}: what one finished training run ended with. Every run writes this one
 * record — {@code train}, {@code alter} and each experiment arm — so reports read one schema.
 *
 * @param job    "train", "skip-remover", "skip-shortener", or an experiment arm's job
 * @param arm    the experiment arm ("teacher", "tailor", ...), or null outside an experiment
 * @param target "remove" or "shorten" for arms that alter skips, else null
 * @param recipe the final network (wiring included)
 */
public record RunSummary(String job, String arm, String target, ModelRecipe recipe, double testTop1, double testTop5,
                         double testLoss, double bestValTop1, int bestEpoch, int epochs, double trainSeconds, long parameters,
                         long macs) {
    public static final String FILE = "summary.json";

    /** The summary of a finished run of {@code spec}. */
    public static RunSummary of(String job, NetSpec spec, TrainingLoop.Result r) {
        return new RunSummary(job, null, null, ModelRecipe.of(spec), r.test().top1(), r.test().top5(), r.test().loss(),
                r.bestValTop1(), r.bestEpoch(), r.history().size(), r.trainSeconds(), spec.graph().totalParams(),
                spec.graph().totalMacs());
    }

    /** The same summary labelled as an experiment arm. */
    public RunSummary inArm(String armLabel, String targetLabel) {
        return new RunSummary(job, armLabel, targetLabel, recipe, testTop1, testTop5, testLoss, bestValTop1, bestEpoch, epochs,
                trainSeconds, parameters, macs);
    }

    public NetSpec spec() {
        return recipe.toSpec();
    }

    /** Writes {@code dir/summary.json} atomically. */
    public void write(Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a run summary", e);
        }
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Reads {@code dir/summary.json}; an unreadable or incomplete file is refused, naming it. */
    public static RunSummary read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            RunSummary s = Json.MAPPER.readValue(file.toFile(), RunSummary.class);
            if (s.job() == null || s.recipe() == null) {
                throw new InvalidInputException(file + ": not a run summary (no job or recipe)");
            }
            s.spec();
            return s;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": unreadable run summary: " + Messages.firstLine(e.getMessage()));
        }
    }
}

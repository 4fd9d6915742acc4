package dev.tailor.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.files.OutputTargets;
import dev.tailor.nn.ResNetModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The files of one training run, and the one place that decides what a resumed run starts from.
 *
 * <p>{@code last.ckpt} is rewritten after every epoch; the one it replaces is kept as
 * {@code previous.ckpt}, so a {@code last.ckpt} damaged on disk (RELIABILITY.md) costs one epoch,
 * not the run. {@code best.ckpt} holds the best epoch with final wiring, {@code metrics.jsonl} one
 * line per epoch, {@code summary.json} the finished run's {@link RunSummary}.
 */
public final class RunDirectory {
    public static final String LAST = "last.ckpt";
    public static final String PREVIOUS = "previous.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.jsonl";

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path last() {
        return dir.resolve(LAST);
    }

    public Path previous() {
        return dir.resolve(PREVIOUS);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    /** Whether a resume has anything to start from. */
    public boolean hasCheckpoint() {
        return Files.isRegularFile(last()) || Files.isRegularFile(previous());
    }

    public boolean isFinished() {
        return RunSummary.exists(dir);
    }

    /**
     * Refuses to start a fresh run in a folder that holds one already: it would replace that run's
     * checkpoints and metrics but not its {@code previous.ckpt}, from which a later resume could then
     * continue the other run. {@code --resume} continues it; another folder starts afresh.
     */
    public void requireNoRunUnlessResuming(boolean resume) {
        if (resume) {
            return;
        }
        for (Path p : List.of(last(), previous(), best(), metrics(), dir.resolve(RunSummary.FILE))) {
            if (Files.exists(p)) {
                throw new InvalidInputException(dir + ": already holds a run (" + p.getFileName() + "); continue it with --resume,"
                        + " or give another --out");
            }
        }
    }

    /**
     * Fails now, before any work, if the folder cannot be created or written: a run must not
     * train for an epoch and then find it cannot save.
     */
    public void checkWritable() {
        OutputTargets.folder(dir, "--out");
        // Folders made only for the probe are removed again: a command refused later leaves nothing behind.
        java.util.Deque<Path> made = new java.util.ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            made.push(p);
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
            while (!made.isEmpty()) {
                Files.deleteIfExists(made.pollLast());
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidInputException(dir + ": cannot write the run's output folder (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /**
     * The checkpoint a resumed run continues from: {@code last.ckpt}, or, if that one is damaged,
     * {@code previous.ckpt} (said on the console). Empty when there is none.
     */
    public Optional<Checkpoint> resumePoint(Console console) {
        if (!Files.isRegularFile(last())) {
            if (Files.isRegularFile(previous())) {
                console.println("no " + last() + " (interrupted while saving?): resuming from " + previous());
                return Optional.of(Checkpoint.load(previous()));
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Checkpoint.load(last()));
        } catch (InvalidInputException damaged) {
            if (!Files.isRegularFile(previous())) {
                throw damaged;
            }
            Checkpoint fallback = Checkpoint.load(previous());
            console.println("tailor: " + damaged.getMessage() + "; resuming from " + previous() + " (after epoch "
                    + fallback.epochsDone() + ") instead");
            return Optional.of(fallback);
        }
    }

    /** Saves the epoch's checkpoint, keeping the one it replaces as {@code previous.ckpt}. */
    public void saveLast(ObjectNode header, ResNetModel model, NesterovSgd optimizer) {
        if (Files.isRegularFile(last())) {
            try {
                Files.move(last(), previous(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot keep " + last() + " as " + previous() + ": " + e.getMessage(), e);
            }
        }
        Checkpoint.save(last(), header, model, optimizer);
    }

    public void saveBest(ObjectNode header, ResNetModel model) {
        Checkpoint.save(best(), header, model, null);
    }
}

package dev.tailor.files;

import dev.tailor.errors.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of where a command will write, made before any work: a file target that is a folder,
 * or a folder target that is a file, is the user's input, refused in one line naming the path.
 */
public final class OutputTargets {
    private OutputTargets() {
    }

    /** {@code target} will be written as a file: it must not be a folder. */
    public static void file(Path target) {
        if (target != null && Files.isDirectory(target)) {
            throw new InvalidInputException(target + ": is a folder, not a file");
        }
    }

    /** {@code target} will be a folder the command writes into: it must not be a file. */
    public static void folder(Path target, String option) {
        if (target != null && Files.exists(target) && !Files.isDirectory(target)) {
            throw new InvalidInputException(target + ": is a file; " + option + " takes a folder");
        }
    }
}

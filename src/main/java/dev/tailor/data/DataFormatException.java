package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** A data file that is not what it claims to be; the message names the file and the problem. */
public final class DataFormatException extends InvalidInputException {
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** Refuses a path that is not a regular file, saying whether it is missing or a folder. */
    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, "is a folder, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "no such file");
        }
    }
}

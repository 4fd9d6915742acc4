package dev.tailor.data;

import dev.tailor.errors.InvalidInputException;

import java.nio.file.Path;

/** A data file that is not what it claims to be; the message names the file and the problem. */
public final class DataFormatException extends InvalidInputException {
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}

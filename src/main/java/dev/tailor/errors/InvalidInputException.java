package dev.tailor.errors;

/**
 * Something the user gave us is wrong: a file, an option, a combination of them. The message is
 * one line that names the file or argument and says what is wrong; the CLI prints it and exits
 * with code 2. Anything else that escapes a command is a bug and is reported as one.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

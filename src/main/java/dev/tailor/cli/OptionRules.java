package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.stream.Stream;

/**
 * Options that only mean something beside another one: given where they would be silently
 * ignored, they are refused, naming them. Whether an option was given is picocli's parse result,
 * so an option with a default value counts only when typed.
 */
final class OptionRules {
    private OptionRules() {
    }

    /** Refuses any of {@code options} typed without {@code requirement} (the option or setting they apply to). */
    static void onlyWith(CommandSpec spec, boolean requirementGiven, String requirement, String... options) {
        List<String> given = given(spec, options);
        if (!requirementGiven && !given.isEmpty()) {
            throw new InvalidInputException(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply") + " to " + requirement);
        }
    }

    /** Refuses any of {@code options} typed beside {@code other}, which ignores them; {@code why} says what it does instead. */
    static void notWith(CommandSpec spec, boolean otherGiven, String other, String why, String... options) {
        List<String> given = given(spec, options);
        if (otherGiven && !given.isEmpty()) {
            throw new InvalidInputException(String.join(", ", given) + ": not used with " + other + " (" + why + ")");
        }
    }

    private static List<String> given(CommandSpec spec, String... options) {
        return Stream.of(options).filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
    }
}

package dev.tailor.executor;

import java.nio.file.Path;
import java.util.List;

/**
 * One unit of work for an executor: the worker command runs with {@code args}, once every task
 * named in {@code after} has succeeded; its output goes to {@code log} (appended, attempt after attempt).
 *
 * @param key   unique among the tasks of one run
 * @param title for people
 */
public record Task(String key, String title, List<String> args, List<String> after, Path log) {

    public Task {
        args = List.copyOf(args);
        after = List.copyOf(after);
    }
}

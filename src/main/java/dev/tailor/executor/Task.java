package dev.tailor.executor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Each task's position in {@code tasks}, by key, in their order; refuses two tasks with one key
     * and a task that waits for one not among them.
     */
    static Map<String, Integer> index(List<Task> tasks) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (index.put(tasks.get(i).key(), i) != null) {
                throw new IllegalArgumentException("two tasks named " + tasks.get(i).key());
            }
        }
        for (Task t : tasks) {
            for (String a : t.after()) {
                if (!index.containsKey(a)) {
                    throw new IllegalArgumentException(t.key() + " waits for " + a + ", which is not among the tasks");
                }
            }
        }
        return index;
    }
}

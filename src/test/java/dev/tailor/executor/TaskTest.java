package dev.tailor.executor;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The task graph both executors check before they start anything. */
class TaskTest {
    private static Task task(String key, String... after) {
        return new Task(key, key, List.of(), List.of(after), Path.of(key + ".log"));
    }

    @Test
    void indexIsEachTasksPositionInOrder() {
        assertThat(Task.index(List.of(task("t"), task("s", "t"), task("u", "t"))))
                .containsExactly(Map.entry("t", 0), Map.entry("s", 1), Map.entry("u", 2));
    }

    @Test
    void twoTasksWithOneKeyAreRefused() {
        assertThatThrownBy(() -> Task.index(List.of(task("t"), task("t"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two tasks named t");
    }

    @Test
    void waitingForATaskNotAmongThemIsRefused() {
        assertThatThrownBy(() -> Task.index(List.of(task("s", "t"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("s waits for t, which is not among the tasks");
    }

    @Test
    void bothExecutorsCheckTheGraph() {
        List<Task> twice = List.of(task("t"), task("t"));
        SlurmArray slurm = new SlurmArray(SlurmOptions.builder().build(), new RetryPolicy(0, Set.of()),
                WorkerCommand.shellLine("/bin/true", 1));
        assertThatThrownBy(() -> slurm.submit(twice, Path.of("unused.sh"), Path.of("unused"))).hasMessage("two tasks named t");
        LocalPool pool = new LocalPool(1, new RetryPolicy(0, Set.of()), WorkerCommand.shellLine("/bin/true", 1),
                new PoolListener() {
                    public void started(Task task, int attempt, long pid) {
                    }

                    public void output(Task task, String line) {
                    }

                    public void retrying(Task task, int exitCode, int nextAttempt) {
                    }

                    public void finished(Task task, TaskOutcome outcome) {
                    }
                }, () -> false);
        assertThatThrownBy(() -> pool.run(twice)).hasMessage("two tasks named t");
    }
}

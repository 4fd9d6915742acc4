package dev.tailor.executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Worker processes (small shell scripts here) that succeed, die, fail for good, wait for each other. */
class LocalPoolTest {
    @TempDir
    Path dir;
    private Path script;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /**
     * Modes: ok; flaky (fails its first attempt); die (killed by SIGKILL); bad (exit 2); slot (counts who runs at once); needs FILE;
     * term (waits, and exits 130 on SIGTERM like a Tailor worker); deaf (waits, ignoring SIGTERM). The last two say they are ready.
     */
    @BeforeEach
    void writeScript() throws Exception {
        script = dir.resolve("work.sh");
        Files.writeString(script, """
                #!/bin/sh
                mode=$1; name=$2; d=$3
                echo "threads=$TAILOR_THREADS"
                case $mode in
                  ok) touch "$d/$name.done" ;;
                  flaky) if [ -e "$d/$name.tried" ]; then touch "$d/$name.done"; else touch "$d/$name.tried"; exit 1; fi ;;
                  die) kill -9 $$ ;;
                  bad) exit 2 ;;
                  slot) mkdir -p "$d/slots"; touch "$d/slots/$name"; ls "$d/slots" | wc -l >> "$d/concurrency"; sleep 1; rm "$d/slots/$name"; touch "$d/$name.done" ;;
                  needs) [ -e "$d/$4.done" ] || { echo "started before $4 finished"; exit 9; }; touch "$d/$name.done" ;;
                  term) trap 'echo got TERM; exit 130' TERM; touch "$d/$name.ready"; sleep 30 & wait $!; touch "$d/$name.done" ;;
                  deaf) trap '' TERM; touch "$d/$name.ready"; sleep 30; touch "$d/$name.done" ;;
                esac
                """);
    }

    private Task task(String key, String mode, List<String> after, String... more) {
        List<String> args = new ArrayList<>(List.of(mode, key, dir.toString()));
        args.addAll(List.of(more));
        return new Task(key, "task " + key, args, after, dir.resolve("logs").resolve(key + ".log"));
    }

    /** Records starts, retries and ends in {@link #events}. */
    private PoolListener recorder() {
        return new PoolListener() {
            @Override
            public void started(Task t, int attempt, long pid) {
                events.add("start " + t.key() + " " + attempt);
            }

            @Override
            public void output(Task t, String line) {
            }

            @Override
            public void retrying(Task t, int exitCode, int nextAttempt) {
                events.add("retry " + t.key() + " " + exitCode);
            }

            @Override
            public void finished(Task t, TaskOutcome o) {
                events.add("end " + t.key() + " " + o.status());
            }
        };
    }

    private Map<String, TaskOutcome> run(int workers, int retries, List<Task> tasks) {
        WorkerCommand cmd = WorkerCommand.shellLine("sh " + WorkerCommand.quote(script.toString()), 1);
        return new LocalPool(workers, new RetryPolicy(retries, Set.of(2, 130)), cmd, recorder(), () -> false).run(tasks);
    }

    @Test
    void aDyingTaskIsRetriedThenReportedAndWhatNeedsItNeverStarts() throws Exception {
        Map<String, TaskOutcome> out = run(2, 1, List.of(
                task("flaky", "flaky", List.of()),
                task("dies", "die", List.of()),
                task("bad", "bad", List.of()),
                task("student", "needs", List.of("dies"), "dies"),
                task("after-flaky", "needs", List.of("flaky"), "flaky")));
        assertThat(out.keySet()).containsExactly("flaky", "dies", "bad", "student", "after-flaky");
        assertThat(out.get("flaky").status()).isEqualTo(TaskOutcome.Status.DONE);
        assertThat(out.get("flaky").attempts()).isEqualTo(2);
        // SIGKILL: exit 137, retried once, then reported with its log.
        assertThat(out.get("dies").status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(out.get("dies").attempts()).isEqualTo(2);
        assertThat(out.get("dies").exitCode()).isEqualTo(137);
        assertThat(out.get("dies").detail()).contains("dies.log");
        // Bad input fails the same way every time: not retried.
        assertThat(out.get("bad").attempts()).isEqualTo(1);
        assertThat(out.get("bad").status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(out.get("student").status()).isEqualTo(TaskOutcome.Status.BLOCKED);
        assertThat(out.get("student").detail()).contains("dies");
        assertThat(out.get("after-flaky").status()).isEqualTo(TaskOutcome.Status.DONE);
        assertThat(events).doesNotContain("start student 1").contains("retry dies 137", "retry flaky 1");
        String log = Files.readString(dir.resolve("logs").resolve("dies.log"));
        assertThat(log).contains("attempt 1", "attempt 2", "=== exit 137", "threads=1");
    }

    @Test
    void neverRunsMoreThanItsWorkersAtOnce() throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(task("s" + i, "slot", List.of()));
        }
        Map<String, TaskOutcome> out = run(2, 0, tasks);
        assertThat(out.values()).allMatch(TaskOutcome::done);
        List<Integer> seen = Files.readAllLines(dir.resolve("concurrency")).stream().map(String::trim).map(Integer::parseInt).toList();
        assertThat(seen).hasSize(4).allMatch(n -> n <= 2);
    }

    @Test
    void aStopStartsNothing() {
        WorkerCommand cmd = WorkerCommand.shellLine("sh " + WorkerCommand.quote(script.toString()), 1);
        Map<String, TaskOutcome> out = new LocalPool(1, new RetryPolicy(0, Set.of()), cmd, recorder(), () -> true)
                .run(List.of(task("a", "ok", List.of()), task("b", "needs", List.of("a"), "a")));
        assertThat(out.values()).extracting(TaskOutcome::status).containsOnly(TaskOutcome.Status.STOPPED);
        assertThat(events).containsExactlyInAnyOrder("end a STOPPED", "end b STOPPED");
    }

    /**
     * A stop while tasks run: each running worker gets SIGTERM; one that ignores it is killed after
     * the grace period instead of running on; neither is retried, and the waiting task never starts.
     */
    @Test
    void aStopSignalsTheRunningWorkersAndKillsThoseThatDoNotExit() throws Exception {
        WorkerCommand cmd = WorkerCommand.shellLine("sh " + WorkerCommand.quote(script.toString()), 1);
        BooleanSupplier bothReady = () -> Files.exists(dir.resolve("polite.ready")) && Files.exists(dir.resolve("deaf.ready"));
        Map<String, TaskOutcome> out = new LocalPool(2, new RetryPolicy(2, Set.of(2, 130)), cmd, recorder(), bothReady, Duration.ofSeconds(1))
                .run(List.of(task("polite", "term", List.of()), task("deaf", "deaf", List.of()), task("later", "ok", List.of())));
        assertThat(out.values()).extracting(TaskOutcome::status).containsOnly(TaskOutcome.Status.STOPPED);
        assertThat(Files.readString(dir.resolve("logs").resolve("polite.log"))).contains("got TERM");
        assertThat(out.get("polite").attempts()).isEqualTo(1);
        assertThat(out.get("deaf").attempts()).isEqualTo(1);
        assertThat(out.get("deaf").detail()).startsWith("killed: still running 1 s after the stop");
        assertThat(out.get("later").attempts()).isZero();
        assertThat(dir.resolve("polite.done")).doesNotExist();
        assertThat(dir.resolve("deaf.done")).doesNotExist();
        assertThat(dir.resolve("later.done")).doesNotExist();
        assertThat(events).noneMatch(e -> e.startsWith("retry")).doesNotContain("start later 1");
    }
}

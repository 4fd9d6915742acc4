package dev.tailor.cli;

import dev.tailor.report.SyntheticRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tailor report} on folders as runs leave them: finished, stopped, damaged, missing. */
class ReportCliTest {
    @TempDir
    Path dir;

    @Test
    void writesThePageAndNamesTheDamagedFileInOneLine() throws Exception {
        SyntheticRuns.write(dir.resolve("exp"), 5);
        Path html = dir.resolve("out").resolve("page.html");
        CliRun r = CliRun.of("report", dir.resolve("exp").toString(), "--html", html.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("tailor report: ").contains(SyntheticRuns.DAMAGED, "metrics.jsonl");
        assertThat(r.out()).contains("written: " + html, "page.md", "page-charts/");
        assertThat(html).exists();
        assertThat(dir.resolve("out").resolve("page.md")).exists();
        assertThat(Files.list(dir.resolve("out").resolve("page-charts"))).isNotEmpty();
    }

    @Test
    void defaultsToReportHtmlInTheFirstFolder() throws Exception {
        SyntheticRuns.write(dir, 9);
        CliRun r = CliRun.of("report", dir.resolve("tailor-remove").toString(), dir.resolve("teacher").toString());
        assertThat(r.code()).as(r.all()).isZero();
        String html = Files.readString(dir.resolve("tailor-remove").resolve("report.html"));
        assertThat(html).contains("tailor-remove", "teacher");
        // Neither folder holds run.json: each is named once.
        assertThat(r.err().lines().filter(l -> l.contains("run.json")).count()).isEqualTo(2);
    }

    @Test
    void nothingToReportIsBadInput() {
        CliRun r = CliRun.of("report", dir.resolve("missing").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nothing to report", "missing: no such folder").doesNotContain("Exception");
        CliRun wrongName = CliRun.of("report", dir.toString(), "--html", dir.resolve("page.txt").toString());
        assertThat(wrongName.code()).isEqualTo(2);
        assertThat(wrongName.err()).contains("--html", ".html");
        // --out names a folder in every other command: the old spelling here is refused with the new one.
        CliRun old = CliRun.of("report", dir.toString(), "--out", dir.resolve("page.html").toString());
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err()).contains("report now takes the page as --html FILE.html");
        assertThat(dir.resolve("page.html")).doesNotExist();
    }
}

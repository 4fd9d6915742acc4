package dev.tailor.report;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.hardware.compare.HardwareConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report of a synthetic experiment folder, read as text and as PNG files (the browser test looks at it rendered). */
class HtmlReportTest {
    /** Curves (two per run with metrics), six bar charts, two scatters, one plan space. */
    static final int CHARTS = 2 * SyntheticRuns.WITH_CURVES + 6 + 2 + 1;

    @TempDir
    Path dir;

    @Test
    void everySectionRendersAndTheDamagedFileIsNamedOnce() throws IOException {
        SyntheticRuns.write(dir, 7);
        HtmlReport.Written w = HtmlReport.write(List.of(dir), dir.resolve("report.html"), HardwareConfig.reference(), Instant.now());
        String html = Files.readString(w.html());

        assertThat(w.problems()).hasSize(1);
        assertThat(w.problems().get(0)).contains(SyntheticRuns.DAMAGED, "metrics.jsonl").doesNotContain("\n");
        assertThat(html).contains("<h2>Not shown</h2>", SyntheticRuns.DAMAGED);

        assertThat(w.charts()).isEqualTo(CHARTS);
        assertThat(count(html, "<svg")).isEqualTo(CHARTS);
        assertThat(count(html, "<figure class=\"chart\"")).isEqualTo(CHARTS);
        for (String section : List.of("Accuracy (test split)", "Training curves", "Hardware estimates", "Trade-offs", "Per-block plan space",
                "How the runs were made")) {
            assertThat(html).contains(section);
        }
        // The stopped arm is listed as unfinished; the finished ones are rows of the accuracy table.
        assertThat(html).contains("kd-all-at-once (remove): not finished, 2 epochs so far");
        assertThat(rows(html, "accuracy")).isEqualTo(SyntheticRuns.FINISHED);
        // original and the one wiring the removing arms ended with
        assertThat(rows(html, "hardware-dataflow")).isEqualTo(2);
        assertThat(html).contains("<td class=\"num\">", "tailor " + "experiment --dataset synthetic", "Test CPU, 2 cores");
        // The three alterations are listed with the wiring they produced above the Tailor arm's curves
        // (XChart draws the labels in the charts as outlines, not text); the teacher altered nothing.
        assertThat(section(html, "tailor (remove)")).contains("Alterations: epoch 1 → NLL, epoch 2 → NNL, epoch 3 → NNN.",
                "id=\"curves-tailor-remove-loss\"");
        assertThat(section(html, "teacher")).contains("No alteration.", "id=\"curves-teacher-top1\"");

        // Self-contained: nothing fetched, nothing run; SVG ids do not collide between charts.
        assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "url(http", "@import");
        List<String> ids = Pattern.compile("id=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
        assertThat(ids).doesNotHaveDuplicates();

        // PNGs beside the page, each a real picture; the Markdown twin links them and holds the same tables.
        try (var pngs = Files.list(w.pngFolder())) {
            List<Path> files = pngs.toList();
            assertThat(files).hasSize(CHARTS);
            for (Path p : files) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertThat(img).as(p.toString()).isNotNull();
                assertThat(distinctColours(img)).as(p.toString()).isGreaterThan(2);
            }
        }
        String md = Files.readString(w.markdown());
        assertThat(count(md, "](report-charts/")).isEqualTo(CHARTS);
        assertThat(md).contains("| tailor (remove) |", "| teacher |", "|---:|");
    }

    @Test
    void aRunWithNothingReadableIsRefusedInOneLine() {
        assertThatThrownBy(() -> HtmlReport.write(List.of(dir.resolve("nope")), dir.resolve("r.html"), HardwareConfig.reference(),
                Instant.now())).isInstanceOf(InvalidInputException.class).hasMessageContaining("nope").hasMessageContaining("no such folder");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void aSingleUnfinishedRunStillGetsCurves() throws IOException {
        SyntheticRuns.write(dir, 11);
        Path run = dir.resolve("kd-all-at-once-remove");
        HtmlReport.Written w = HtmlReport.write(List.of(run), dir.resolve("one.html"), HardwareConfig.reference(), Instant.now());
        String html = Files.readString(w.html());
        assertThat(html).contains("No run has finished yet.", "curves-kd-all-at-once-remove-loss");
        assertThat(w.problems()).singleElement().asString().contains("run.json");
        assertThat(w.charts()).isEqualTo(2);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Body rows of the table with this id. */
    static int rows(String html, String id) {
        int start = html.indexOf("<table class=\"data\" id=\"" + id + "\">");
        assertThat(start).as("table " + id).isNotNegative();
        String table = html.substring(start, html.indexOf("</table>", start));
        return count(table.substring(table.indexOf("<tbody>")), "<tr>");
    }

    /** From a level-3 heading to the next heading. */
    private static String section(String html, String heading) {
        int start = html.indexOf("<h3>" + heading + "</h3>");
        assertThat(start).as("heading " + heading).isNotNegative();
        int end = html.indexOf("<h", start + 4);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }
}

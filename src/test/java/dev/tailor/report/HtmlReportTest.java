package dev.tailor.report;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.stats.Spread;
import dev.tailor.train.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

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
        // The accuracy-against-cost charts come right after the accuracy table, above the curves and the hardware tables.
        assertThat(html.indexOf("<h2>Accuracy against hardware cost</h2>")).isGreaterThan(html.indexOf("<h2>Accuracy (test split)</h2>"))
                .isLessThan(html.indexOf("Training curves")).isLessThan(html.indexOf("<h2>Hardware estimates</h2>"));
        for (String section : List.of("Accuracy (test split)", "Training curves", "Hardware estimates", "Accuracy against hardware cost", "Per-block plan space",
                "How the runs were made")) {
            assertThat(html).contains(section);
        }
        // The stopped arm is listed as unfinished; the finished ones are rows of the accuracy table.
        assertThat(html).contains("kd-all-at-once (remove): not finished, 2 epochs so far");
        // One seed: no spread section, table or chart.
        assertThat(html).doesNotContain("Accuracy over seeds", "id=\"seeds\"", "id=\"seeds-comparisons\"", "id=\"seeds-top1\"");
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

    /** An experiment over three seeds: mean ± sd with every seed's value, the paired comparisons and the spread chart. */
    @Test
    void anExperimentOverSeedsShowsTheSpreadAndThePairedComparisons() throws IOException {
        List<Long> seeds = List.of(1L, 2L, 3L);
        SyntheticRuns.writeSeeds(dir, seeds);
        HtmlReport.Written w = HtmlReport.write(List.of(dir), dir.resolve("report.html"), HardwareConfig.reference(), Instant.now());
        String html = Files.readString(w.html());

        assertThat(html).contains("<h2>Accuracy over seeds (test split)</h2>");
        // After the per-run table, before the curves.
        assertThat(html.indexOf("id=\"accuracy\"")).isLessThan(html.indexOf("id=\"seeds\"")).isPositive();
        assertThat(html.indexOf("id=\"seeds-comparisons\"")).isLessThan(html.indexOf("<h2>Training curves</h2>"));
        assertThat(rows(html, "accuracy")).isEqualTo(seeds.size() * SyntheticRuns.SEED_ARMS.size());
        assertThat(rows(html, "seeds")).isEqualTo(SyntheticRuns.SEED_ARMS.size());
        String table = table(html, "seeds");
        assertThat(table).contains("<th class=\"num\">seed 1</th><th class=\"num\">seed 2</th><th class=\"num\">seed 3</th>");
        for (String arm : SyntheticRuns.SEED_ARMS) {
            double[] top1 = new double[seeds.size()];
            for (int i = 0; i < top1.length; i++) {
                top1[i] = RunSummary.read(dir.resolve("seed-" + seeds.get(i)).resolve(arm)).testTop1();
            }
            Spread s = Spread.of(top1);
            StringBuilder cells = new StringBuilder(String.format(Locale.ROOT, "<td class=\"num\">%.2f ± %.2f</td>", 100 * s.mean(), 100 * s.sd()));
            for (double v : top1) {
                cells.append(String.format(Locale.ROOT, "<td class=\"num\">%.2f</td>", 100 * v));
            }
            cells.append("<td class=\"num\">3</td>");
            assertThat(row(table, label(arm))).as(arm).contains(cells.toString());
        }
        // Paired: gradual − all at once, and each student − the teacher, over the three seeds.
        assertThat(rows(html, "seeds-comparisons")).isEqualTo(3);
        String cmp = table(html, "seeds-comparisons");
        assertThat(row(cmp, "gradual − all at once")).contains("<td>tailor (remove)</td><td>kd-all-at-once (remove)</td><td class=\"num\">3</td>")
                .containsPattern("<td>\\[[-+]\\d+\\.\\d\\d, [-+]\\d+\\.\\d\\d\\]</td><td>\\d / \\d / \\d</td>");
        assertThat(html).contains("95 % interval is the mean difference");

        // The chart: inline SVG with a caption, and its PNG a real picture.
        assertThat(html).contains("<figure class=\"chart\" id=\"seeds-top1\"", "each seed a dot, the mean a red square with a ±sd bar");
        Path png = w.pngFolder().resolve("seeds-top1.png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(distinctColours(img)).isGreaterThan(2);
        String md = Files.readString(w.markdown());
        assertThat(md).contains("## Accuracy over seeds (test split)", "| seed 1 | seed 2 | seed 3 |", "(report-charts/seeds-top1.png)",
                "| gradual − all at once | tailor (remove) | kd-all-at-once (remove) | 3 |");
    }

    /** "tailor-remove" as the tables name the arm. */
    private static String label(String folder) {
        return folder.equals("teacher") ? "teacher" : folder.substring(0, folder.lastIndexOf('-')) + " (remove)";
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
        String table = table(html, id);
        return count(table.substring(table.indexOf("<tbody>")), "<tr>");
    }

    /** The table with this id, up to its end. */
    private static String table(String html, String id) {
        int start = html.indexOf("<table class=\"data\" id=\"" + id + "\">");
        assertThat(start).as("table " + id).isNotNegative();
        return html.substring(start, html.indexOf("</table>", start));
    }

    /** The row of a table whose first cell is {@code first}. */
    private static String row(String table, String first) {
        int start = table.indexOf("<tr><td>" + first + "</td>");
        assertThat(start).as("row " + first).isNotNegative();
        return table.substring(start, table.indexOf("</tr>", start));
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

package dev.tailor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.hardware.compare.HardwareConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The report of a synthetic run rendered by a real browser (headless Chromium) at laptop width:
 * every chart area has something drawn in it, the tables have their rows, and the page is no
 * wider than the window. Without a browser the test is skipped and says so, except in CI
 * ({@code CI=true}), where a missing browser fails it.
 */
class ReportBrowserTest {
    static final int WIDTH = 1280;
    private static final List<String> BROWSERS = List.of("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome");
    private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\"[^>]*>(.*?)</pre>", Pattern.DOTALL);

    /** Appended to a copy of the page: writes what the layout came to into the DOM, which --dump-dom prints. */
    private static final String SCRIPT = """
            <pre id="probe" hidden></pre>
            <script>
            (function () {
              var charts = [];
              document.querySelectorAll('figure.chart svg').forEach(function (s) {
                var r = s.getBoundingClientRect();
                charts.push({id: s.parentElement.id, x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height});
              });
              var tables = {};
              document.querySelectorAll('table.data').forEach(function (t) { tables[t.id] = t.tBodies[0].rows.length; });
              var cells = [];
              document.querySelectorAll('#accuracy td.num').forEach(function (td) { cells.push(getComputedStyle(td).textAlign); });
              document.getElementById('probe').textContent = JSON.stringify({
                innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
                height: document.documentElement.scrollHeight, charts: charts, tables: tables, numberAlign: cells});
            })();
            </script>
            """;

    @TempDir
    Path dir;

    @Test
    void reportRendersAtLaptopWidth() throws Exception {
        Path browser = browser();
        SyntheticRuns.write(dir, 3);
        HtmlReport.Written w = HtmlReport.write(List.of(dir), dir.resolve("report.html"), HardwareConfig.reference(), Instant.now());
        String html = Files.readString(w.html());
        Path probePage = dir.resolve("probe.html");
        Files.writeString(probePage, html.replace("</body>", SCRIPT + "</body>"));

        String dom = run(browser, List.of("--window-size=" + WIDTH + ",900", "--virtual-time-budget=3000", "--dump-dom",
                probePage.toUri().toString()), dir.resolve("dump.log"));
        Matcher m = PROBE.matcher(dom);
        assertThat(m.find()).as("the probe's output in the DOM the browser printed").isTrue();
        JsonNode probe = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));

        assertThat(probe.get("innerWidth").asInt()).isEqualTo(WIDTH);
        assertThat(probe.get("scrollWidth").asInt()).as("page width at a %d px window", WIDTH).isLessThanOrEqualTo(WIDTH);
        JsonNode tables = probe.get("tables");
        assertThat(tables.get("accuracy").asInt()).isEqualTo(SyntheticRuns.FINISHED);
        assertThat(tables.get("hardware-dataflow").asInt()).isEqualTo(2);
        assertThat(tables.get("hardware-pe-array").asInt()).isEqualTo(2);
        assertThat(tables.get("plans-front").asInt()).isEqualTo(HtmlReportTest.rows(html, "plans-front")).isPositive();
        assertThat(probe.get("numberAlign")).isNotEmpty().allSatisfy(a -> assertThat(a.asText()).isEqualTo("right"));
        JsonNode charts = probe.get("charts");
        assertThat(charts).hasSize(HtmlReportTest.CHARTS);

        int height = probe.get("height").asInt();
        Path shot = dir.resolve("report.png");
        run(browser, List.of("--window-size=" + WIDTH + "," + height, "--screenshot=" + shot, w.html().toUri().toString()),
                dir.resolve("shot.log"));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img).as("screenshot " + shot).isNotNull();
        assertThat(img.getWidth()).isEqualTo(WIDTH);
        for (JsonNode c : charts) {
            int x = c.get("x").asInt();
            int y = c.get("y").asInt();
            int cw = c.get("w").asInt();
            int ch = c.get("h").asInt();
            String name = c.get("id").asText();
            assertThat(cw).as(name + " width").isGreaterThan(200);
            assertThat(ch).as(name + " height").isGreaterThan(150);
            assertThat(x + cw).as(name + " right edge").isLessThanOrEqualTo(WIDTH);
            assertThat(y + ch).as(name + " bottom edge").isLessThanOrEqualTo(img.getHeight());
            double[] stats = luminance(img, x, y, cw, ch);
            assertThat(stats[0]).as(name + ": standard deviation of luminance (0 is blank)").isGreaterThan(10);
            assertThat(stats[1]).as(name + ": share of pixels that are not white").isGreaterThan(0.02);
        }
    }

    /** The first browser on the PATH; without one, a skip that says why (a failure in CI). */
    static Path browser() {
        Optional<Path> found = BROWSERS.stream().flatMap(b -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, b))).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String why = "no browser installed: none of " + BROWSERS + " is on the PATH (.ci/run installs Debian's chromium-headless-shell)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + why);
        }
        System.err.println("ReportBrowserTest SKIPPED: " + why);
        Assumptions.abort("skipped: " + why);
        return null;
    }

    /** Runs headless Chromium (no sandbox: CI runs as root) and returns what it printed on stdout. */
    private String run(Path browser, List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(args);
        Path out = dir.resolve(log.getFileName() + ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(browser + " did not finish in 120 s: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as(browser + " " + args + ":\n" + Files.readString(log)).isZero();
        return Files.readString(out);
    }

    /** Standard deviation of the luminance (0-255) in a rectangle, and the share of its pixels that are not white. */
    private static double[] luminance(BufferedImage img, int x0, int y0, int w, int h) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        long ink = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x0 + w); x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
                n++;
                if (l < 245) {
                    ink++;
                }
            }
        }
        double mean = sum / n;
        return new double[]{Math.sqrt(Math.max(0, sq / n - mean * mean)), (double) ink / n};
    }
}

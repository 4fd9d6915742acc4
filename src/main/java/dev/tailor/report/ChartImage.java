package dev.tailor.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One drawn chart: SVG to inline in the page and PNG for the file beside it.
 *
 * @param id      unique on the page; names the PNG and prefixes the SVG's own ids
 * @param caption what the chart shows, under it on the page and as the PNG's alt text
 * @param width   drawn width in pixels (the page shows it at most this wide)
 */
public record ChartImage(String id, String caption, int width, String svg, byte[] png) {
    private static final Pattern PROLOGUE = Pattern.compile("(?s)\\A.*?(?=<svg)");
    private static final Pattern IDS = Pattern.compile("(id=\"|url\\(#|href=\"#)([^\")]+)");
    /** VectorGraphics2D writes up to 9 decimals; a hundredth of a pixel is plenty and halves the page. */
    private static final Pattern LONG_DECIMALS = Pattern.compile("(\\.\\d{2})\\d+");

    /** Draws a chart (headless) as SVG and PNG. */
    static ChartImage of(String id, String caption, Chart<?, ?> chart) {
        try {
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return new ChartImage(id, caption, chart.getWidth(), inline(id, svg.toString(StandardCharsets.UTF_8)),
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * A standalone SVG document made fit to sit inside HTML: no XML prologue or DOCTYPE, and its
     * ids (clip paths) prefixed with the chart's id, since every inline SVG shares the page's ids.
     */
    static String inline(String id, String svg) {
        String body = PROLOGUE.matcher(svg).replaceFirst("");
        body = IDS.matcher(body).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + id + "-" + m.group(2)));
        return LONG_DECIMALS.matcher(body).replaceAll("$1").strip();
    }

    /** The PNG's file name. */
    public String pngName() {
        return id + ".png";
    }
}

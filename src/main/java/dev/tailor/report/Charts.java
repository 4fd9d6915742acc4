package dev.tailor.report;

import dev.tailor.hardware.plans.PlanCost;
import dev.tailor.hardware.plans.Plans;
import dev.tailor.net.SkipMode;
import dev.tailor.train.EpochMetrics;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/** The report's charts, drawn with XChart: training curves, bars per variant, trade-off scatters, the plan space, the spread over seeds. */
final class Charts {
    static final int WIDE = 580;
    static final int NARROW = 380;
    private static final Color GRID = new Color(225, 229, 235);
    private static final Color MARK = new Color(200, 60, 40);

    private Charts() {
    }

    /** A point of a scatter: one arm, or the original network when {@code original}. */
    record Point(String label, double x, double y, boolean original) {
    }

    /** One curve per split (train, val) of one quantity over epochs, with each alteration marked by the wiring it produced. */
    static XYChart curves(String title, String yTitle, List<EpochMetrics> metrics, ToDoubleFunction<EpochMetrics> train,
                          ToDoubleFunction<EpochMetrics> val) {
        XYChart c = new XYChartBuilder().width(WIDE).height(300).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        style(c.getStyler());
        double[] x = metrics.stream().mapToDouble(m -> m.epoch() + 1).toArray();
        double[] tr = metrics.stream().mapToDouble(train).toArray();
        double[] va = metrics.stream().mapToDouble(val).toArray();
        c.addSeries("train", x, tr);
        boolean hasVal = Arrays.stream(va).anyMatch(v -> !Double.isNaN(v));
        if (hasVal) {
            c.addSeries("val", x, va);
        }
        double top = DoubleStream.concat(Arrays.stream(tr), Arrays.stream(va))
                .filter(v -> !Double.isNaN(v)).max().orElse(1);
        double bottom = DoubleStream.concat(Arrays.stream(tr), Arrays.stream(va))
                .filter(v -> !Double.isNaN(v)).min().orElse(0);
        double span = Math.max(top - bottom, 1e-9);
        c.getStyler().setYAxisMax(top + 0.12 * span);
        c.getStyler().setXAxisMin(0.5).setXAxisMax(metrics.size() + 0.5);
        c.getStyler().setXAxisTickMarkSpacingHint(epochTickSpacing(metrics.size(), WIDE - 70));
        int k = 0;
        for (EpochMetrics m : metrics) {
            if (m.rewired()) {
                c.addAnnotation(new AnnotationLine(m.epoch() + 1, true, false));
                // Alternate two heights so the labels of neighbouring alterations do not overlap.
                c.addAnnotation(new AnnotationText(letters(m.skips()), m.epoch() + 1, top + (k++ % 2 == 0 ? 0.07 : 0.01) * span, false));
            }
        }
        return c;
    }

    /**
     * The tick spacing hint (pixels) that puts the epoch ticks on whole epochs: XChart rounds the step
     * the hint gives down to 1, 2 or 5 times a power of ten, so ask for a little more than the step
     * wanted, the smallest such step that leaves at most ten ticks.
     */
    static int epochTickSpacing(int epochs, int plotWidth) {
        double step = 1;
        for (int k = 0; epochs / step > 10; k++) {
            step = new int[]{2, 5, 10}[k % 3] * Math.pow(10, k / 3);
        }
        return (int) Math.ceil(plotWidth * step / epochs * 1.05);
    }

    /** One bar per variant. */
    static CategoryChart bars(String title, String yTitle, List<String> variants, List<Double> values) {
        CategoryChart c = new CategoryChartBuilder().width(NARROW).height(270).title(title).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("#,##0.###");
        if (variants.size() > 3) {
            c.getStyler().setXAxisLabelRotation(25);
        }
        c.addSeries(yTitle, variants, values);
        return c;
    }

    /** Accuracy against a hardware figure, one point per arm; the original network drawn as a black diamond. */
    static XYChart tradeOff(String title, String xTitle, List<Point> points) {
        XYChart c = new XYChartBuilder().width(WIDE).height(360).title(title).xAxisTitle(xTitle).yAxisTitle("test top-1 (%)").build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(11);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        // Axes fitted to the points: the differences between arms are what the chart is for, not the distance from zero.
        double[] x = fitted(points.stream().mapToDouble(Point::x).toArray());
        double[] y = fitted(points.stream().mapToDouble(p -> 100 * p.y()).toArray());
        c.getStyler().setXAxisMin(x[0]).setXAxisMax(x[1]).setYAxisMin(y[0]).setYAxisMax(y[1]);
        c.getStyler().setYAxisDecimalPattern("0.0#");
        c.getStyler().setXAxisDecimalPattern("#,##0.###");
        for (Point p : points) {
            XYSeries s = c.addSeries(p.label(), new double[]{p.x()}, new double[]{100 * p.y()});
            if (p.original()) {
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setMarkerColor(Color.BLACK);
            }
        }
        return c;
    }

    /**
     * An axis range around {@code v}: a tenth of their spread beyond each end (5 % of the value when
     * they are all equal), never below zero for values that are not.
     */
    static double[] fitted(double[] v) {
        if (v.length == 0) {
            return new double[]{0, 1};
        }
        double lo = java.util.Arrays.stream(v).min().orElse(0);
        double hi = java.util.Arrays.stream(v).max().orElse(1);
        double pad = hi > lo ? 0.1 * (hi - lo) : Math.max(0.05 * Math.abs(hi), 1e-6);
        double min = lo - pad;
        return new double[]{lo >= 0 ? Math.max(0, min) : min, hi + pad};
    }

    /** One arm over seeds: its label, each seed's test top-1 (fractions, by seed) and their mean and sample sd (NaN for one seed). */
    record ArmSpread(String label, Map<Long, Double> top1BySeed, double mean, double sd) {
    }

    /**
     * The spread over seeds, one column per arm: each seed's test top-1 a dot (one colour per seed,
     * side by side) and, to their right, the mean as a red square with a ±sd error bar (none for one
     * seed). Wider with more arms, so that every arm keeps its label.
     */
    static CategoryChart seedSpread(String title, List<Long> seeds, List<ArmSpread> arms) {
        CategoryChart c = new CategoryChartBuilder().width(Math.max(WIDE, 90 + 120 * arms.size())).height(340).title(title)
                .yAxisTitle("test top-1 (%)").build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(8);
        c.getStyler().setYAxisDecimalPattern("0.0#");
        c.getStyler().setErrorBarsColorSeriesColor(true);
        if (arms.size() > 4) {
            c.getStyler().setXAxisLabelRotation(20);
        }
        List<String> labels = arms.stream().map(ArmSpread::label).toList();
        for (long seed : seeds) {
            List<Double> top1 = arms.stream().map(a -> a.top1BySeed().get(seed)).map(v -> v == null ? null : 100 * v).toList();
            c.addSeries("seed " + seed, labels, top1).setMarker(SeriesMarkers.CIRCLE);
        }
        CategorySeries mean = c.addSeries("mean ± sd", labels, arms.stream().map(a -> 100 * a.mean()).toList(),
                arms.stream().map(a -> Double.isNaN(a.sd()) ? 0.0 : 100 * a.sd()).toList());
        mean.setMarker(SeriesMarkers.SQUARE);
        mean.setMarkerColor(MARK);
        mean.setLineColor(MARK);
        return c;
    }

    /** Every plan's BRAM18 and DRAM bytes, the Pareto front and the original drawn over them. */
    static XYChart planSpace(List<PlanCost> all, List<PlanCost> front) {
        XYChart c = new XYChartBuilder().width(WIDE).height(360).title("Per-block plan space (" + all.size() + " plans)")
                .xAxisTitle("BRAM18").yAxisTitle("DRAM traffic (MB)").build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("#,##0.####");
        addPlans(c, "every plan", all).setMarkerColor(new Color(170, 178, 190));
        addPlans(c, "Pareto front", front).setMarkerColor(MARK);
        List<PlanCost> original = all.stream().filter(p -> Plans.altered(p.plan()) == 0).toList();
        XYSeries o = addPlans(c, "original", original);
        o.setMarker(SeriesMarkers.DIAMOND);
        o.setMarkerColor(Color.BLACK);
        return c;
    }

    /** "long,none,none" as "LNN", the plan letters of {@code tailor estimate --plans}. */
    static String letters(String skips) {
        return Plans.letters(Stream.of(skips.split(",")).map(SkipMode::parse).toList());
    }

    private static XYSeries addPlans(XYChart c, String name, List<PlanCost> plans) {
        XYSeries s = c.addSeries(name, plans.stream().mapToDouble(PlanCost::bram18).toArray(),
                plans.stream().mapToDouble(p -> p.dramBytes() / 1e6).toArray());
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** White, light grid, legend under the plot: readable printed and on screen. */
    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(GRID);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAnnotationLineColor(MARK);
        s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        s.setAnnotationTextFontColor(MARK);
        s.setChartPadding(8);
    }
}

package dev.dinojvm.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: title, axes with "nice" ticks (1, 2, 5 × 10ⁿ), axis labels, a legend
 * when there are several lines. Written by hand so that the report needs no JavaScript library and no
 * network when viewed.
 */
final class SvgChart {

    static final int WIDTH = 560;
    static final int HEIGHT = 300;
    private static final int LEFT = 72;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;
    /** Longer series are thinned to about this many points: more cannot be seen at this width. */
    private static final int MAX_POINTS = 1500;
    /** Legend: sample line length and the width of one character of its 12 px label, in pixels (about). */
    private static final int LEGEND_LINE = 18;
    private static final int LEGEND_CHAR = 7;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private SvgChart() {}

    /**
     * @param title the chart title (also the SVG's {@code <title>} and {@code data-title})
     * @param xLabel the x-axis label
     * @param yLabel the y-axis label
     * @param series the lines, at least one non-empty
     * @return the {@code <svg>} element
     */
    static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i])) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        double[] xTicks = ticks(xMin, xMax, 6);
        double[] yTicks = ticks(yMin, yMax, 5);
        Axis x = new Axis(xTicks[0], xTicks[xTicks.length - 1], LEFT, WIDTH - RIGHT);
        Axis y = new Axis(yTicks[0], yTicks[yTicks.length - 1], HEIGHT - BOTTOM, TOP);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "role=\"img\" data-title=\"%s\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        svg.append(text(WIDTH / 2.0, 20, "middle", "chart-title", title));
        for (double t : yTicks) {
            double py = y.pixel(t);
            svg.append(line(LEFT, py, WIDTH - RIGHT, py, "grid"));
            svg.append(text(LEFT - 6, py + 4, "end", "tick", format(t, yTicks)));
        }
        for (double t : xTicks) {
            double px = x.pixel(t);
            svg.append(line(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 5, "axis"));
            svg.append(text(px, HEIGHT - BOTTOM + 18, "middle", "tick", format(t, xTicks)));
        }
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "axis"));
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis"));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 10, "middle", "label", xLabel));
        svg.append(String.format(Locale.ROOT, "<text class=\"label\" text-anchor=\"middle\" transform=\"translate(16 %.1f) rotate(-90)\">%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
        String[] colours = new String[series.size()];
        int palette = 0;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            colours[k] = s.style().colour != null ? s.style().colour : COLOURS[palette++ % COLOURS.length];
            svg.append(polyline(s, x, y, colours[k]));
            if (s.x().length <= 30 && s.style() == Series.Style.PLAIN) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.y()[i])) {
                        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                                x.pixel(s.x()[i]), y.pixel(s.y()[i]), colours[k]));
                    }
                }
            }
        }
        if (series.size() > 1) {
            svg.append(legend(series, colours));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The legend at the top right, over a light box: the lines under it stay visible but do not cross its labels. */
    private static String legend(List<Series> series, String[] colours) {
        int left = WIDTH - RIGHT - LEGEND_LINE - 6 - series.stream().mapToInt(s -> s.name().length()).max().orElse(0) * LEGEND_CHAR;
        StringBuilder legend = new StringBuilder(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" fill-opacity=\"0.85\"/>%n",
                left - 4, TOP - 6, WIDTH - RIGHT - left + 4, 16 * series.size() + 4));
        for (int k = 0; k < series.size(); k++) {
            double ly = TOP + 4 + 16 * k;
            legend.append(line(left, ly, left + LEGEND_LINE, ly, null, colours[k], series.get(k).style().dashes));
            legend.append(text(left + LEGEND_LINE + 6, ly + 4, "start", "legend", series.get(k).name()));
        }
        return legend.toString();
    }

    /**
     * Ticks at multiples of 1, 2 or 5 × 10ⁿ covering {@code [min, max]}.
     *
     * @param min smallest value
     * @param max largest value
     * @param target about how many intervals
     * @return ascending ticks, the first at or below {@code min} and the last at or above {@code max}
     */
    static double[] ticks(double min, double max, int target) {
        if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double raw = (max - min) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) {
                break;
            }
        }
        double first = Math.floor(min / step + 1e-9) * step;
        double last = Math.ceil(max / step - 1e-9) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    /** Formats a tick with as few digits as its neighbours need; scientific for very small or large values. */
    static String format(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        double largest = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
        if (Math.abs(value) < step * 1e-6) {
            return "0";
        }
        if (largest >= 1e6 || largest < 1e-3) {
            return String.format(Locale.ROOT, "%.2g", value).replace("e-0", "e-").replace("e+0", "e");
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String polyline(Series s, Axis x, Axis y, String colour) {
        int stride = Math.max(1, (int) Math.ceil(s.x().length / (double) MAX_POINTS));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < s.x().length; i += stride) {
            if (Double.isFinite(s.y()[i])) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.pixel(s.x()[i]), y.pixel(s.y()[i])));
            }
        }
        String dashes = s.style().dashes == null ? "" : " stroke-dasharray=\"" + s.style().dashes + "\"";
        return String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n", colour, dashes,
                points.toString().trim());
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return line(x1, y1, x2, y2, cssClass, null, null);
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass, String colour, String dashes) {
        List<String> attributes = new ArrayList<>();
        if (cssClass != null) {
            attributes.add("class=\"" + cssClass + "\"");
        }
        if (colour != null) {
            attributes.add("stroke=\"" + colour + "\" stroke-width=\"2.5\"");
        }
        if (dashes != null) {
            attributes.add("stroke-dasharray=\"" + dashes + "\"");
        }
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>%n", x1, y1, x2, y2,
                String.join(" ", attributes));
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>%n", x, y, anchor,
                cssClass, Html.escape(content));
    }

    /** Maps data values linearly to pixels. */
    private record Axis(double min, double max, double from, double to) {
        double pixel(double value) {
            return from + (value - min) / (max - min) * (to - from);
        }
    }
}

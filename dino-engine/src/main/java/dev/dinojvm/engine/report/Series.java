package dev.dinojvm.engine.report;

/**
 * One line of a chart.
 *
 * @param name the legend label
 * @param x the x values, ascending
 * @param y the y values
 * @param style how the line is drawn
 */
record Series(String name, double[] x, double[] y, Style style) {

    /**
     * How a line is drawn: {@code colour} null for the chart's palette colour of its position, {@code
     * dashes} an SVG {@code stroke-dasharray} or null for a solid line.
     */
    enum Style {
        /** The chart's palette colour, solid. */
        PLAIN(null, null),
        /** Light grey-blue, under a smoothed line of the same data. */
        FAINT("#aec7e8", null),
        /** Orange dashes: a level to beat, such as the network at its random initialisation. */
        BASELINE("#ff7f0e", "7 4"),
        /** Grey dots: a reference without any network, such as k-NN on raw pixels. */
        REFERENCE("#7f7f7f", "2 3");

        final String colour;
        final String dashes;

        Style(String colour, String dashes) {
            this.colour = colour;
            this.dashes = dashes;
        }
    }

    /** A plain line. */
    Series(String name, double[] x, double[] y) {
        this(name, x, y, Style.PLAIN);
    }

    boolean isEmpty() {
        return x.length == 0;
    }

    /** @return the same points drawn in another style */
    Series withStyle(Style newStyle) {
        return new Series(name, x, y, newStyle);
    }

    /**
     * @param firstX an x before all of this line's
     * @param firstY its y
     * @return this line with that point in front
     */
    Series startingAt(double firstX, double firstY) {
        double[] newX = new double[x.length + 1];
        double[] newY = new double[y.length + 1];
        newX[0] = firstX;
        newY[0] = firstY;
        System.arraycopy(x, 0, newX, 1, x.length);
        System.arraycopy(y, 0, newY, 1, y.length);
        return new Series(name, newX, newY, style);
    }

    /**
     * A centred moving average: each point becomes the mean of the {@code 2 * half + 1} values around it,
     * fewer at both ends where the window is cut off.
     *
     * @param half values on each side of the point
     * @param newName the smoothed line's label
     * @return the smoothed line, same x
     */
    Series smoothed(int half, String newName) {
        double[] prefix = new double[y.length + 1];
        for (int i = 0; i < y.length; i++) {
            prefix[i + 1] = prefix[i] + y[i];
        }
        double[] mean = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(y.length, i + half + 1);
            mean[i] = (prefix[to] - prefix[from]) / (to - from);
        }
        return new Series(newName, x, mean, Style.PLAIN);
    }

    /**
     * @param label the legend label
     * @param value the level
     * @param from first x
     * @param to last x
     * @param style {@link Style#BASELINE} or {@link Style#REFERENCE}
     * @return a horizontal line
     */
    static Series level(String label, double value, double from, double to, Style style) {
        return new Series(label, new double[] {from, to}, new double[] {value, value}, style);
    }
}

package dev.dinojvm.engine.report;

/**
 * One line of a chart.
 *
 * @param name the legend label
 * @param x the x values, ascending
 * @param y the y values
 */
record Series(String name, double[] x, double[] y) {

    boolean isEmpty() {
        return x.length == 0;
    }
}

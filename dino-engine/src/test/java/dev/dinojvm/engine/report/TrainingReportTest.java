package dev.dinojvm.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class TrainingReportTest {

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertThat(SvgChart.ticks(0, 0.97, 5)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        assertThat(SvgChart.ticks(3.87, 5.61, 5)).containsExactly(3.5, 4.0, 4.5, 5.0, 5.5, 6.0);
        assertThat(SvgChart.ticks(0, 19, 6)).containsExactly(0, 5, 10, 15, 20);
        double[] flat = SvgChart.ticks(0.04, 0.04, 5);
        assertThat(flat[0]).isLessThan(0.04);
        assertThat(flat[flat.length - 1]).isGreaterThan(0.04);
    }

    @Test
    void tickLabelsUseTheDigitsTheStepNeeds() {
        double[] ticks = {0, 0.2, 0.4};
        assertThat(SvgChart.format(0.4, ticks)).isEqualTo("0.4");
        assertThat(SvgChart.format(15, new double[] {0, 5, 10, 15})).isEqualTo("15");
        assertThat(SvgChart.format(2e-5, new double[] {0, 1e-5, 2e-5})).isEqualTo("2.0e-5");
        assertThat(SvgChart.format(0.996, new double[] {0.996, 0.997})).isEqualTo("0.996");
    }

    @Test
    void trainingAndKnnLinesAreSeparatedAndBrokenLinesSkipped(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), metrics(6) + "{\"iteration\":6,\"epo\n");

        MetricsHistory history = MetricsHistory.read(run.resolve("metrics.jsonl"));

        assertThat(history.iterations()).hasSize(6);
        assertThat(history.evaluations()).hasSize(3);
        Series top1 = MetricsHistory.series(history.evaluations(), "knn_top1", "top-1");
        assertThat(top1.x()).containsExactly(1, 3, 5);
        assertThat(top1.y()).containsExactly(40.5, 61.25, 75.0);
    }

    @Test
    void theReportHasOneWellFormedSvgChartPerCurveAndNotesForWhatIsMissing(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), metrics(30));

        Path file = TrainingReport.write(run, null, Device.cpu());

        String html = Files.readString(file);
        List<String> titles = new ArrayList<>();
        Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (svg.find()) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
            titles.add(document.getDocumentElement().getAttribute("data-title"));
            assertThat(document.getElementsByTagName("polyline").getLength()).isPositive();
        }
        assertThat(titles).containsExactly("Loss", "Learning rate", "Weight decay", "Teacher momentum", "Teacher temperature",
                "Throughput", "Resident memory", "k-NN accuracy");
        // Self-contained: nothing to run, nothing to fetch.
        assertThat(html).contains("No checkpoint yet").doesNotContain("<script", "src=\"http", "href=\"http", "url(");
        assertThat(html).contains("Last: top-1 75.00 %, top-5 95.00 % at iteration 29");
    }

    @Test
    void theMovingAverageMeansTheValuesAroundEachPointAndFewerAtTheEnds() {
        Series raw = new Series("loss", new double[] {0, 1, 2, 3, 4}, new double[] {1, 2, 3, 10, 4});

        Series smooth = raw.smoothed(1, "mean of 3");

        assertThat(smooth.x()).containsExactly(0, 1, 2, 3, 4);
        assertThat(smooth.y()).containsExactly(1.5, 2, 5, 17 / 3.0, 7);
        assertThat(raw.smoothed(0, "same").y()).containsExactly(raw.y());
    }

    @Test
    void theLossChartDrawsItsMovingAverageOverTheFaintRawLine(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), metrics(80));

        String loss = svg(Files.readString(TrainingReport.write(run, null, Device.cpu())), "Loss");

        // 80 points: 2 on each side, a mean of 5.
        assertThat(TrainingReport.smoothingHalfWindow(80)).isEqualTo(2);
        assertThat(loss).contains("mean of 5");
        Matcher polylines = Pattern.compile("<polyline fill=\"none\" stroke=\"([^\"]+)\"[^>]* points=\"([^\"]+)\"").matcher(loss);
        List<String> strokes = new ArrayList<>();
        List<String[]> points = new ArrayList<>();
        while (polylines.find()) {
            strokes.add(polylines.group(1));
            points.add(polylines.group(2).split(" "));
        }
        assertThat(strokes).containsExactly("#aec7e8", "#1f77b4");
        assertThat(points.get(1)).hasSize(80);
        // At the first point, the mean of the losses 8, 8 - ln 2 and 8 - ln 3 (7.40) lies below 8: a larger y in pixels.
        double rawY = Double.parseDouble(points.get(0)[0].split(",")[1]);
        double smoothY = Double.parseDouble(points.get(1)[0].split(",")[1]);
        assertThat(smoothY).isGreaterThan(rawY + 10);
    }

    @Test
    void theComparisonWithTheRandomInitialisationIsDrawnAsLevelsUnderTheKnnCurveAndStatedInTheCaption(@TempDir Path run)
            throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), metrics(30) + "{\"iteration\":29,\"epoch\":2,\"record\":\"demo_comparison\","
                + "\"k\":20,\"temperature\":0.07,\"bank\":10000,\"queries\":2000,\"trained_top1\":75.0000,"
                + "\"random_init_top1\":62.5000,\"raw_pixels_top1\":79.2500,\"gain_points\":12.5000,\"seconds\":9.0}\n");

        MetricsHistory history = MetricsHistory.read(run.resolve("metrics.jsonl"));
        String html = Files.readString(TrainingReport.write(run, null, Device.cpu()));

        assertThat(history.iterations()).hasSize(30);
        assertThat(history.evaluations()).hasSize(15);
        assertThat(history.comparison()).isPresent();
        String knn = svg(html, "k-NN accuracy");
        assertThat(knn).contains(">top-1<", ">random init<", ">raw pixels (reference)<").doesNotContain(">top-5<");
        assertThat(knn).contains("stroke=\"#ff7f0e\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"");
        // Before its first step the teacher is the random initialisation: the top-1 curve starts on that level, at iteration 0.
        String[] top1 = points(knn, "#1f77b4");
        String[] initial = points(knn, "#ff7f0e");
        assertThat(top1).hasSize(16);
        assertThat(top1[0]).isEqualTo(initial[0]);
        assertThat(html).contains("75.00 % trained, 62.50 % the same network at its random initialisation (+12.5 points), "
                + "79.25 % k-NN on raw pixels (a reference without any network).");
    }

    @Test
    void aComparisonAloneStillGivesAKnnChart(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), "{\"iteration\":9,\"epoch\":0,\"record\":\"demo_comparison\",\"k\":20,"
                + "\"temperature\":0.07,\"bank\":100,\"queries\":50,\"trained_top1\":40.0,\"random_init_top1\":44.0,"
                + "\"raw_pixels_top1\":50.0,\"gain_points\":-4.0,\"seconds\":1.0}\n");

        String html = Files.readString(TrainingReport.write(run, null, Device.cpu()));

        assertThat(svg(html, "k-NN accuracy")).contains(">trained (top-1)<");
        assertThat(html).contains("(-4.0 points)").doesNotContain("No k-NN evaluation");
    }

    /** @return the "x,y" pixel points of the polyline drawn in {@code colour} */
    private static String[] points(String svg, String colour) {
        Matcher polyline = Pattern.compile("<polyline fill=\"none\" stroke=\"" + colour + "\"[^>]* points=\"([^\"]+)\"").matcher(svg);
        assertThat(polyline.find()).as("a line in " + colour).isTrue();
        return polyline.group(1).split(" ");
    }

    private static String svg(String html, String title) {
        Matcher svg = Pattern.compile("<svg [^>]*data-title=\"" + Pattern.quote(title) + "\".*?</svg>", Pattern.DOTALL).matcher(html);
        assertThat(svg.find()).as("a chart titled " + title).isTrue();
        return svg.group();
    }

    /** Training lines for {@code count} iterations, a k-NN line after every second one. */
    static String metrics(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(String.format(Locale.ROOT, "{\"iteration\":%d,\"epoch\":%d,\"loss\":%.4f,\"lr\":%.6e,\"weight_decay\":%.4f,"
                            + "\"teacher_momentum\":%.6f,\"teacher_temperature\":0.04,\"images_per_second\":%.1f,\"rss_mb\":%.1f,\"time\":%.1f}%n",
                    i, i / 10, 8 - Math.log1p(i), 5e-4 * i / count, 0.04 + 0.01 * i, 0.996 + 0.004 * i / count, 40.0 + i % 3, 900.0 + i, i * 2.0));
            if (i % 2 == 1) {
                double top1 = i == count - 1 ? 75 : i == 1 ? 40.5 : i == 3 ? 61.25 : 50 + i / 2.0;
                out.append(String.format(Locale.ROOT, "{\"iteration\":%d,\"epoch\":%d,\"knn_top1\":%.2f,\"knn_top5\":%.2f}%n",
                        i, i / 10, top1, i == count - 1 ? 95.0 : 90.0));
            }
        }
        return out.toString();
    }
}

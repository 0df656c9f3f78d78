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

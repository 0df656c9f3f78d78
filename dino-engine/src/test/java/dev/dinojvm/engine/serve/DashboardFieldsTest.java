package dev.dinojvm.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.engine.metrics.IterationMetrics;
import dev.dinojvm.engine.metrics.KnnMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard draws metrics.jsonl fields by name: each name it uses must be a field of the records' schemas. */
class DashboardFieldsTest {

    @Test
    void theChartsDrawFieldsOfTheIterationRecord() throws IOException {
        List<String> fields = matches(block(script(), "const CHARTS = [", "];"), "\\['[^']*', '([a-z0-9_]+)'\\]");

        assertThat(fields).isNotEmpty().allSatisfy(f -> assertThat(IterationMetrics.SCHEMA.names()).contains(f));
    }

    @Test
    void theKnnCurveReadsFieldsOfTheKnnRecord() throws IOException {
        List<String> fields = matches(block(script(), "const KNN_FIELDS = [", "];"), "'([a-z0-9_]+)'");

        assertThat(fields).containsExactly("knn_top1", "knn_top5").allSatisfy(f -> assertThat(KnnMetrics.SCHEMA.names()).contains(f));
    }

    @Test
    void liveProgressIsMappedFromTheApisNamesToTheFieldsTheChartsDraw() throws IOException {
        String script = script();
        Map<String, String> mapping = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("([a-z0-9_]+): '([A-Za-z]+)'").matcher(block(script, "const PROGRESS_FIELDS = {", "};"));
        while (pair.find()) {
            mapping.put(pair.group(1), pair.group(2));
        }
        List<String> progressNames = Arrays.stream(JobProgress.class.getRecordComponents()).map(c -> c.getName()).toList();

        assertThat(mapping).isNotEmpty();
        assertThat(mapping.keySet()).allSatisfy(f -> assertThat(IterationMetrics.SCHEMA.names()).contains(f))
                .containsAll(matches(block(script, "const CHARTS = [", "];"), "\\['[^']*', '([a-z0-9_]+)'\\]"));
        assertThat(mapping.values()).allSatisfy(name -> assertThat(progressNames).contains(name));
    }

    private static String script() throws IOException {
        try (InputStream in = DashboardFieldsTest.class.getResourceAsStream("/META-INF/resources/dashboard.js")) {
            assertThat(in).as("dashboard.js on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String block(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("dashboard.js declares %s", start).isNotNegative();
        return text.substring(from + start.length(), text.indexOf(end, from));
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}

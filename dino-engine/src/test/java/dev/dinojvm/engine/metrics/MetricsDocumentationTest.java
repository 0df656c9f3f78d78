package dev.dinojvm.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md lists exactly the fields of each metrics.jsonl record, in file order, with the TensorBoard tag
 * each is written under: a field added to a record's schema fails this test until its row is in the table.
 */
class MetricsDocumentationTest {

    private static final Path PAGE = Path.of("..", "docs", "metrics.md");

    @Test
    void theIterationTableListsEveryFieldAndTag() throws IOException {
        assertTableMatches("## One line per iteration", IterationMetrics.SCHEMA);
    }

    @Test
    void theKnnTableListsEveryFieldAndTag() throws IOException {
        assertTableMatches("## k-NN evaluations", KnnMetrics.SCHEMA);
    }

    @Test
    void theDemoComparisonTableListsEveryFieldAndTag() throws IOException {
        assertTableMatches("## The demo comparison", DemoComparisonMetrics.SCHEMA);
    }

    private static <R> void assertTableMatches(String heading, RecordSchema<R> schema) throws IOException {
        List<String[]> rows = table(Files.readAllLines(PAGE, StandardCharsets.UTF_8), heading);
        assertThat(rows.stream().map(r -> r[0]).toList()).as("the fields of the table under '%s' in docs/metrics.md", heading)
                .isEqualTo(schema.names());
        for (int i = 0; i < rows.size(); i++) {
            Field<R> field = schema.fields().get(i);
            String documented = rows.get(i)[1];
            if (field.tag().isEmpty()) {
                assertThat(documented).as("the TensorBoard tag of %s", field.name())
                        .isEqualTo(field.name().equals("iteration") ? "(the step)" : "—");
            } else {
                // An array field is one scalar per element: its row shows the tag with a placeholder for the index.
                assertThat(documented).as("the TensorBoard tag of %s", field.name()).matches(
                        "`" + java.util.regex.Pattern.quote(field.tag().get()) + "(/<[a-z]+>)?`");
            }
        }
    }

    /** @return the first two cells, backticks kept only on the tag, of each body row of the first table after the heading */
    private static List<String[]> table(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertThat(start).as("docs/metrics.md has the heading '%s'", heading).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\|");
            String name = cells[1].strip();
            if (name.equals("field") || name.startsWith("---")) {
                continue;
            }
            rows.add(new String[] {name.replace("`", ""), cells[2].strip()});
        }
        return rows;
    }
}

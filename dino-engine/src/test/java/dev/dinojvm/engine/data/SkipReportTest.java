package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SkipReportTest {

    @Test
    void theSummaryNamesTheFirstTenAndTheLinesHoldEveryImage() {
        List<SkipReport.SkippedImage> images = IntStream.range(0, 12)
                .mapToObj(i -> new SkipReport.SkippedImage(i * 3, "img-" + i + ".png", "not an image\tat all\n")).toList();
        SkipReport report = new SkipReport(images);

        assertThat(report.count()).isEqualTo(12);
        assertThat(report.summary()).startsWith("12 unreadable image(s) skipped").contains("img-9.png").doesNotContain("img-10.png")
                .endsWith("; and 2 more");
        assertThat(report.lines()).hasSize(12);
        assertThat(report.lines().get(11)).isEqualTo("33\timg-11.png\tnot an image at all ");
    }
}

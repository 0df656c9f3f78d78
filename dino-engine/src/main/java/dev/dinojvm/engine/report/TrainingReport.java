package dev.dinojvm.engine.report;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.metrics.IterationMetrics;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.train.Checkpoints;
import dev.dinojvm.engine.util.AtomicFiles;
import dev.dinojvm.engine.visual.AttentionExtractor;
import dev.dinojvm.engine.visual.AttentionFigure;
import dev.dinojvm.engine.visual.ChannelDisplay;
import dev.dinojvm.engine.visual.PatchPcaImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * {@code <run>/report.html}: one self-contained page (inline SVG and CSS, images as {@code data:}
 * URIs, no script, nothing fetched when viewed) with the training curves of {@code metrics.jsonl},
 * the k-NN accuracy when logged, attention maps of a few training images, and the configuration.
 */
public final class TrainingReport {

    /** The report's file name in the run directory. */
    public static final String FILE_NAME = "report.html";
    /** How many images of the run's data get attention maps. */
    static final int ATTENTION_IMAGES = 4;
    static final int PCA_IMAGES = 8;

    private TrainingReport() {}

    /**
     * Writes the report of a run, replacing any previous one.
     *
     * @param run the run's output directory
     * @param registry the plugins, to load the backbone for attention maps
     * @param device where to compute the attention maps
     * @return the report file
     * @throws IOException when the metrics cannot be read or the report cannot be written
     */
    public static Path write(Path run, PluginRegistry registry, Device device) throws IOException {
        if (!Files.isDirectory(run)) {
            throw new IOException("no run directory " + run);
        }
        MetricsHistory history = MetricsHistory.read(run.resolve("metrics.jsonl"));
        Optional<Path> checkpoint = new Checkpoints(run, Integer.MAX_VALUE).latest();
        Map<String, String> config = checkpoint.isPresent() ? new TreeMap<>(Checkpoints.config(checkpoint.get())) : Map.of();
        String attention = checkpoint.isPresent() ? attentionSection(checkpoint.get(), config, registry, device)
                : note("No checkpoint yet: no attention maps.");
        String pca = checkpoint.isPresent() ? pcaSection(checkpoint.get(), config, registry, device)
                : note("No checkpoint yet: no patch features.");
        String html = page(run, checkpoint, history, attention, pca, config);
        Path file = run.resolve(FILE_NAME);
        AtomicFiles.writeString(file, html);
        return file;
    }

    /**
     * Writes the report at the end of training; a failure is a warning, never a failed training.
     *
     * @param run the run's output directory
     * @param registry the plugins
     * @param device the training device
     * @param out where to say where the report is
     */
    public static void writeAfterTraining(Path run, PluginRegistry registry, Device device, PrintStream out) {
        try {
            out.println("Report: " + write(run, registry, device));
        } catch (IOException | RuntimeException e) {
            out.println("warning: could not write the training report: " + e.getMessage());
        }
    }

    private static String page(Path run, Optional<Path> checkpoint, MetricsHistory history, String attention, String pca,
            Map<String, String> config) {
        StringBuilder html = new StringBuilder();
        String title = "DINO training report: " + run.toAbsolutePath().normalize().getFileName();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n")
                .append("<p class=\"meta\">Run directory <code>").append(Html.escape(run.toAbsolutePath().normalize().toString()))
                .append("</code>; ").append(summary(history, checkpoint)).append("; generated ")
                .append(ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(".</p>\n");
        html.append("<h2>Training</h2>\n").append(trainingCharts(history));
        html.append("<h2>k-NN evaluation</h2>\n").append(knnChart(history));
        html.append("<h2>Attention maps</h2>\n").append(attention);
        html.append("<h2>Patch features</h2>\n").append(pca);
        html.append("<h2>Configuration</h2>\n").append(configTable(config));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String summary(MetricsHistory history, Optional<Path> checkpoint) {
        List<JsonObject> iterations = history.iterations();
        String text = iterations.size() + " logged iterations";
        if (!iterations.isEmpty()) {
            JsonObject last = iterations.get(iterations.size() - 1);
            text += String.format(Locale.ROOT, ", last loss %.4f at iteration %d (epoch %d)", number(last, MetricsHistory.LOSS),
                    (long) number(last, MetricsHistory.ITERATION), last.has(MetricsHistory.EPOCH) ? (long) number(last, MetricsHistory.EPOCH) : 0);
        }
        return text + checkpoint.map(p -> ", newest checkpoint " + p.getFileName()).orElse(", no checkpoint");
    }

    private static String trainingCharts(MetricsHistory history) {
        List<JsonObject> lines = history.iterations();
        if (lines.isEmpty()) {
            return note("metrics.jsonl has no training iterations yet.");
        }
        StringBuilder out = new StringBuilder("<div class=\"charts\">\n");
        out.append(lossChart(lines));
        out.append(lossTermsChart(lines));
        out.append(collapseChart(lines));
        out.append(chart(lines, "Learning rate", IterationMetrics.SCHEMA.name("lr"), "learning rate"));
        out.append(chart(lines, "Weight decay", IterationMetrics.SCHEMA.name("weight_decay"), "weight decay"));
        out.append(chart(lines, "Teacher momentum", IterationMetrics.SCHEMA.name("teacher_momentum"), "EMA momentum"));
        out.append(chart(lines, "Teacher temperature", IterationMetrics.SCHEMA.name("teacher_temperature"), "temperature"));
        out.append(chart(lines, "Throughput", IterationMetrics.SCHEMA.name("images_per_second"), "images/s"));
        out.append(chart(lines, "Resident memory", IterationMetrics.SCHEMA.name("rss_mb"), "MiB"));
        return out.append("</div>\n").toString();
    }

    private static String chart(List<JsonObject> lines, String title, String key, String yLabel) {
        Series series = MetricsHistory.series(lines, key, key);
        if (series.isEmpty()) {
            return "";
        }
        return "<figure>" + SvgChart.lines(title, "iteration", yLabel, List.of(series)) + "</figure>\n";
    }

    /** The raw loss, faint, under its moving average, so that a noisy but falling curve reads as falling. */
    private static String lossChart(List<JsonObject> lines) {
        Series raw = MetricsHistory.series(lines, MetricsHistory.LOSS, "loss");
        int half = smoothingHalfWindow(raw.x().length);
        if (half == 0) {
            return "<figure>" + SvgChart.lines("Loss", "iteration", "DINO loss", List.of(raw)) + "</figure>\n";
        }
        Series smooth = raw.smoothed(half, "mean of " + (2 * half + 1));
        return "<figure>" + SvgChart.lines("Loss", "iteration", "DINO loss", List.of(raw.withStyle(Series.Style.FAINT), smooth))
                + "</figure>\n";
    }

    /** Each term of the loss by name, when the loss has more than one (iBOT, KoLeo). */
    private static String lossTermsChart(List<JsonObject> lines) {
        List<Series> terms = MetricsHistory.lossTerms(lines);
        if (terms.size() < 2) {
            return "";
        }
        return "<figure>" + SvgChart.lines("Loss terms", "iteration", "weighted term", terms) + "</figure>\n";
    }

    /**
     * The DINO paper's collapse diagnostics (its Figure 7): the teacher's entropy, ln(out-dim) when its
     * output is uniform and 0 when it sits on one dimension, and the KL divergence between teacher and
     * student, near 0 in either collapse.
     */
    private static String collapseChart(List<JsonObject> lines) {
        Series entropy = MetricsHistory.series(lines, IterationMetrics.SCHEMA.name("teacher_entropy"), "teacher entropy");
        Series kl = MetricsHistory.series(lines, IterationMetrics.SCHEMA.name("teacher_student_kl"), "KL(teacher‖student)");
        if (entropy.isEmpty()) {
            return "";
        }
        return "<figure>" + SvgChart.lines("Collapse diagnostics", "iteration", "nats", List.of(entropy, kl))
                + "<figcaption>Uniform collapse: entropy at ln(out-dim) with KL near 0; one-dimension collapse: entropy near 0 "
                + "with KL near 0.</figcaption></figure>\n";
    }

    /** @return values on each side of a point in the loss's moving average: about 1/40 of the points, 0 below 40 */
    static int smoothingHalfWindow(int points) {
        return points / 40;
    }

    /**
     * The k-NN accuracy logged during the run, with the end-of-run comparison (when the run wrote one)
     * as two levels: the same network at its random initialisation, and raw pixels as a reference.
     */
    private static String knnChart(MetricsHistory history) {
        List<JsonObject> lines = history.evaluations();
        Optional<JsonObject> comparison = history.comparison();
        if (lines.isEmpty() && comparison.isEmpty()) {
            return note("No k-NN evaluation was logged during this run.");
        }
        List<Series> series = new ArrayList<>();
        String caption = "";
        if (!lines.isEmpty()) {
            Series top1 = MetricsHistory.series(lines, MetricsHistory.KNN_TOP1, "top-1");
            // Before the first step the teacher is the network at its random initialisation: the curve starts there.
            series.add(comparison.map(c -> top1.startingAt(0, number(c, MetricsHistory.RANDOM_INIT_TOP1))).orElse(top1));
            Series top5 = MetricsHistory.series(lines, MetricsHistory.KNN_TOP5, "top-5");
            if (!top5.isEmpty() && comparison.isEmpty()) {
                series.add(top5);
            }
            JsonObject last = lines.get(lines.size() - 1);
            caption = String.format(Locale.ROOT, "Last: top-1 %.2f %%%s at iteration %d.", number(last, MetricsHistory.KNN_TOP1),
                    last.has(MetricsHistory.KNN_TOP5) ? String.format(Locale.ROOT, ", top-5 %.2f %%", number(last, MetricsHistory.KNN_TOP5)) : "",
                    (long) number(last, MetricsHistory.ITERATION));
        }
        if (comparison.isPresent()) {
            JsonObject c = comparison.get();
            double from = 0;
            double to = Math.max(1, number(c, MetricsHistory.ITERATION));
            if (lines.isEmpty()) {
                series.add(Series.level("trained (top-1)", number(c, MetricsHistory.TRAINED_TOP1), from, to, Series.Style.PLAIN));
            }
            series.add(Series.level("random init", number(c, MetricsHistory.RANDOM_INIT_TOP1), from, to, Series.Style.BASELINE));
            series.add(Series.level("raw pixels (reference)", number(c, MetricsHistory.RAW_PIXELS_TOP1), from, to, Series.Style.REFERENCE));
            caption = comparisonCaption(c) + (caption.isEmpty() ? "" : " " + caption);
        }
        return "<div class=\"charts\"><figure>" + SvgChart.lines("k-NN accuracy", "iteration", "accuracy (%)", series)
                + "<figcaption>" + Html.escape(caption) + "</figcaption></figure></div>\n";
    }

    private static String comparisonCaption(JsonObject c) {
        return String.format(Locale.ROOT, "End of run, top-1 on %d bank / %d query images: %.2f %% trained, %.2f %% the same "
                + "network at its random initialisation (%+.1f points), %.2f %% k-NN on raw pixels (a reference without any network).",
                (int) number(c, MetricsHistory.BANK), (int) number(c, MetricsHistory.QUERIES), number(c, MetricsHistory.TRAINED_TOP1),
                number(c, MetricsHistory.RANDOM_INIT_TOP1), number(c, MetricsHistory.GAIN_POINTS), number(c, MetricsHistory.RAW_PIXELS_TOP1));
    }

    private static double number(JsonObject line, String field) {
        return line.get(field).getAsDouble();
    }

    private static String attentionSection(Path checkpoint, Map<String, String> config, PluginRegistry registry, Device device) {
        String dataPath = EngineSettings.recordedDataPath(config).orElse(null);
        try (TrainedBackbone model = TrainedBackbone.fromCheckpoint(checkpoint, "teacher", registry, device)) {
            AttentionExtractor extractor;
            try {
                extractor = new AttentionExtractor(model, ChannelDisplay.parse(EngineSettings.recordedReportChannels(config).orElse(null)));
            } catch (UnsupportedOperationException e) {
                return note("No attention maps: " + e.getMessage() + ".");
            }
            ImageSource source = ImageSources.open(dataPath, "train", 0);
            int count = Math.min(ATTENTION_IMAGES, source.size());
            StringBuilder out = new StringBuilder();
            out.append("<p>Teacher of ").append(Html.escape(checkpoint.getFileName().toString()))
                    .append(": each row is a training image (centre crop at the model's size), then the last block's "
                            + "CLS attention of each head, in viridis over the greyed image (yellow: most attention); "
                            + "the second row keeps the patches holding 60 % of each head's attention." + shownChannels(source, config)
                            + "</p>\n");
            for (int i = 0; i < count; i++) {
                int index = (int) ((long) i * source.size() / count);
                var figure = AttentionFigure.render(extractor.compute(source.load(index)), 0.6);
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(figure, "png", png);
                out.append("<figure class=\"attention\"><img alt=\"attention maps of ").append(Html.escape(source.describe(index)))
                        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png.toByteArray()))
                        .append("\"><figcaption>").append(Html.escape(source.describe(index))).append("</figcaption></figure>\n");
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return note("No attention maps: " + e.getMessage());
        }
    }

    /** The first three principal components of the teacher's patch features over the first training images, as RGB. */
    private static String pcaSection(Path checkpoint, Map<String, String> config, PluginRegistry registry, Device device) {
        try (TrainedBackbone model = TrainedBackbone.fromCheckpoint(checkpoint, "teacher", registry, device)) {
            ImageSource source = ImageSources.open(EngineSettings.recordedDataPath(config).orElse(null), "train", PCA_IMAGES);
            PatchPcaImages pca = PatchPcaImages.compute(model, source, 0, ChannelDisplay.parse(EngineSettings.recordedReportChannels(config).orElse(null)),
                    done -> { });
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(pca.figure(), "png", png);
            return "<p>Teacher of " + Html.escape(checkpoint.getFileName().toString()) + ": each training image's centre crop, then "
                    + "the first three principal components of its patch features over these " + source.size() + " images as RGB, "
                    + "patches whose first component is below the mean in black (background)." + shownChannels(source, config) + "</p>\n"
                    + "<figure class=\"pca\"><img alt=\"PCA of the patch features of " + source.size() + " training images\" "
                    + "src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"></figure>\n";
        } catch (UnsupportedOperationException e) {
            return note("No patch features: " + e.getMessage() + ".");
        } catch (IOException | RuntimeException e) {
            return note("No patch features: " + e.getMessage());
        }
    }

    /** For images other than RGB or grey, or channels chosen: which channels the crops show, and how. */
    private static String shownChannels(ImageSource source, Map<String, String> config) throws IOException {
        ChannelDisplay display = ChannelDisplay.parse(EngineSettings.recordedReportChannels(config).orElse(null));
        int channels = source.load(0).channels();
        if (channels == 1 || (channels == 3 && display.channels().isEmpty())) {
            return "";
        }
        return " The images have " + channels + " channels: the crops show " + display.describe(channels) + " ("
                + EngineKeys.REPORT_CHANNELS + "); images of other than 8-bit values are stretched from each channel's 1st to its"
                + " 99th percentile.";
    }

    private static String configTable(Map<String, String> config) {
        if (config.isEmpty()) {
            return note("No checkpoint yet: the configuration is stored with the first one.");
        }
        StringBuilder out = new StringBuilder("<table class=\"config\">\n<thead><tr><th>setting</th><th>value</th></tr></thead>\n<tbody>\n");
        config.forEach((key, value) -> out.append("<tr><td><code>").append(Html.escape(key)).append("</code></td><td><code>")
                .append(Html.escape(value)).append("</code></td></tr>\n"));
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String note(String text) {
        return "<p class=\"note\">" + Html.escape(text) + "</p>\n";
    }

    private static final String STYLE = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px; color: #222; background: #fff; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            .meta, .note { color: #555; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; }
            figure { margin: 0; }
            figcaption { font-size: 13px; color: #555; }
            svg.chart { border: 1px solid #e3e3e3; background: #fff; }
            svg .chart-title { font-size: 15px; font-weight: bold; fill: #222; }
            svg .tick { font-size: 11px; fill: #444; }
            svg .label, svg .legend { font-size: 12px; fill: #222; }
            svg .axis { stroke: #444; stroke-width: 1; }
            svg .grid { stroke: #e6e6e6; stroke-width: 1; }
            figure.attention { margin-bottom: 12px; }
            figure.attention img { image-rendering: pixelated; max-width: 100%; }
            table.config { border-collapse: collapse; font-size: 13px; }
            table.config td, table.config th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
            """;
}

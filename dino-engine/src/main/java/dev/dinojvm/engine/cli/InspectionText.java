package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.DataInspection;
import dev.dinojvm.engine.data.DataStatistics;
import dev.dinojvm.engine.data.PipelineEstimate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The text of {@code dino data inspect}: tables for people, one JSON object for programs. */
final class InspectionText {

    /** Duplicate groups listed in the tables; the JSON lists all. */
    private static final int LISTED_DUPLICATES = 10;

    private InspectionText() {}

    static String tables(DataInspection.Report report, PipelineEstimate.Result throughput) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("Data: " + report.path() + " (" + report.kind() + ")");
        out.println();
        TextTable splits = new TextTable().row("SPLIT", "IMAGES", "UNREADABLE", "WIDTH min/median/max", "HEIGHT min/median/max",
                "CHANNELS", "BIT DEPTH", "FOLDER");
        for (DataInspection.Split split : report.splits()) {
            splits.row(split.name(), Integer.toString(split.images()), Integer.toString(split.unreadable().size()),
                    sizes(split.widths()), sizes(split.heights()), counts(split.channels()), counts(split.bitDepths()), split.folder());
        }
        splits.print(out);
        if (report.note() != null) {
            out.println("note: " + report.note());
        }
        Set<String> classes = new LinkedHashSet<>();
        report.splits().forEach(split -> classes.addAll(split.classes().keySet()));
        out.println();
        if (classes.isEmpty()) {
            out.println("Classes: none (no class folders): training works, k-NN evaluation needs labels");
        } else {
            List<String> header = new ArrayList<>(List.of("CLASS"));
            report.splits().forEach(split -> header.add(split.name().toUpperCase(Locale.ROOT)));
            TextTable table = new TextTable().row(header.toArray(String[]::new));
            for (String name : classes) {
                List<String> row = new ArrayList<>(List.of(name));
                report.splits().forEach(split -> row.add(Integer.toString(split.classes().getOrDefault(name, 0))));
                table.row(row.toArray(String[]::new));
            }
            table.print(out);
        }
        out.println();
        if (report.splits().get(0).kind().isRgb8()) {
            TextTable stats = new TextTable().row("SPLIT", "MEAN (R,G,B)", "STD (R,G,B)");
            report.splits().forEach(split -> stats.row(split.name(), triple(split.mean()), triple(split.std())));
            stats.print(out);
            out.println("Pixel values in [0, 1], grey images counted as R = G = B. ImageNet's, which the multi-crop normalises with: "
                    + "mean 0.485,0.456,0.406 std 0.229,0.224,0.225.");
        } else {
            TextTable stats = new TextTable().row("SPLIT", "MEAN (per channel)", "STD (per channel)");
            report.splits().forEach(split -> stats.row(split.name(), DataStatistics.text(split.mean()),
                    DataStatistics.text(split.std())));
            stats.print(out);
            out.println("Pixel values of " + report.splits().get(0).kind().text() + " images scaled to [0, 1] by their bit depth;"
                    + " training normalises with the train split's values unless dino.augmentation.mean and std are set.");
        }
        out.println();
        if (report.unreadableCount() == 0) {
            out.println("Unreadable: none");
        } else {
            out.println("Unreadable: " + report.unreadableCount() + " (training skips them and counts them)");
            report.splits().forEach(split -> split.unreadable().forEach(u -> out.println("  " + split.name() + ": " + u.image() + ": " + u.reason())));
        }
        long across = report.duplicates().stream().filter(DataInspection.Duplicate::acrossSplits).count();
        if (report.duplicates().isEmpty()) {
            out.println("Duplicates: none");
        } else {
            out.println("Duplicates: " + report.duplicates().size() + " group(s) of identical images"
                    + (across > 0 ? ", " + across + " across splits (the same image in training and evaluation)" : ""));
            report.duplicates().stream().limit(LISTED_DUPLICATES)
                    .forEach(d -> out.println("  " + String.join(" = ", d.images()) + (d.acrossSplits() ? "  [across splits]" : "")));
            if (report.duplicates().size() > LISTED_DUPLICATES) {
                out.println("  ... and " + (report.duplicates().size() - LISTED_DUPLICATES) + " more (--json lists all)");
            }
        }
        if (throughput != null) {
            out.println(String.format(Locale.ROOT,
                    "Throughput: decode+augment %.1f images/s on one worker at %d×%d + %d×%d px crops (%d images timed); "
                            + "at most about %.0f images/s with %d workers",
                    throughput.imagesPerSecond(), throughput.layout().globalCrops(), throughput.layout().globalSize(),
                    throughput.layout().localCrops(), throughput.layout().localSize(), throughput.images(), throughput.allWorkers(),
                    throughput.workers()));
        }
        out.flush();
        return text.toString();
    }

    static String json(DataInspection.Report report, PipelineEstimate.Result throughput) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"path\":").append(Json.string(report.path())).append(",\"kind\":").append(Json.string(report.kind()));
        json.append(",\"splits\":{");
        String splits = report.splits().stream().map(InspectionText::splitJson).collect(Collectors.joining(","));
        json.append(splits).append("}");
        json.append(",\"duplicates\":[");
        json.append(report.duplicates().stream()
                .map(d -> "{\"images\":[" + d.images().stream().map(Json::string).collect(Collectors.joining(","))
                        + "],\"across_splits\":" + d.acrossSplits() + "}")
                .collect(Collectors.joining(",")));
        json.append("]");
        if (report.note() != null) {
            json.append(",\"note\":").append(Json.string(report.note()));
        }
        if (throughput != null) {
            json.append(String.format(Locale.ROOT, ",\"throughput\":{\"images_per_second_per_worker\":%.2f,\"workers\":%d,"
                    + "\"images_per_second_all_workers\":%.1f,\"images_timed\":%d,\"crops\":%s}",
                    throughput.imagesPerSecond(), throughput.workers(), throughput.allWorkers(), throughput.images(),
                    Json.string(throughput.layout().globalCrops() + "x" + throughput.layout().globalSize() + "+"
                            + throughput.layout().localCrops() + "x" + throughput.layout().localSize())));
        }
        return json.append("}\n").toString();
    }

    private static String splitJson(DataInspection.Split split) {
        return Json.string(split.name()) + ":{\"folder\":" + Json.string(split.folder())
                + ",\"images\":" + split.images()
                + ",\"classes\":{" + split.classes().entrySet().stream().map(e -> Json.string(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",")) + "}"
                + ",\"width\":" + array(split.widths()) + ",\"height\":" + array(split.heights())
                + ",\"channels\":" + countsJson(split.channels()) + ",\"bit_depth\":" + countsJson(split.bitDepths())
                + ",\"unreadable\":[" + split.unreadable().stream()
                        .map(u -> "{\"image\":" + Json.string(u.image()) + ",\"reason\":" + Json.string(u.reason()) + "}")
                        .collect(Collectors.joining(",")) + "]"
                + ",\"mean\":" + array(split.mean()) + ",\"std\":" + array(split.std()) + "}";
    }

    private static String sizes(int[] minMedianMax) {
        return minMedianMax[0] + "/" + minMedianMax[1] + "/" + minMedianMax[2];
    }

    private static String counts(Map<Integer, Integer> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        if (counts.size() == 1) {
            return counts.keySet().iterator().next().toString();
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }

    private static String countsJson(Map<Integer, Integer> counts) {
        return "{" + counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",")) + "}";
    }

    private static String triple(double[] values) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f", values[0], values[1], values[2]);
    }

    private static String array(int[] values) {
        return "[" + java.util.Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]";
    }

    private static String array(double[] values) {
        return "[" + java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.5f", v))
                .collect(Collectors.joining(",")) + "]";
    }
}

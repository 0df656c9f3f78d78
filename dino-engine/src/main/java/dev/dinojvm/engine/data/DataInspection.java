package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.ChannelStatistics;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * What {@code dino data inspect} reports of a data set, split by split as training and evaluation use
 * them ({@link ImageSources}): counts per class, sizes, channels and bit depths, unreadable files,
 * exact duplicates by content (SHA-256 of the file, or of the pixels for IDX data), and the per-channel
 * mean and standard deviation of the pixels. Each image is read and decoded once, by several threads.
 */
public final class DataInspection {

    /**
     * One split.
     *
     * @param name train, test or val
     * @param folder where its images are, or the data path for IDX and embedded data
     * @param images how many images the split lists (readable or not)
     * @param classes images per class, in class order; empty when unlabeled
     * @param widths min, median, max width of the readable images
     * @param heights min, median, max height
     * @param channels readable images per channel count of the file (1 grey, 3 RGB, ...)
     * @param bitDepths readable images per bits per channel
     * @param unreadable every unreadable image with the reason
     * @param mean per-channel mean in [0, 1] of the readable images' pixels: R, G, B for 8-bit RGB data (grey
     *     counted as R = G = B), otherwise one per channel of the images ({@link DataStatistics})
     * @param std per-channel standard deviation
     * @param kind what the images are as training sees them
     */
    public record Split(String name, String folder, int images, Map<String, Integer> classes, int[] widths, int[] heights,
            Map<Integer, Integer> channels, Map<Integer, Integer> bitDepths, List<Unreadable> unreadable, double[] mean,
            double[] std, PixelKind kind) {}

    /**
     * @param image where it comes from
     * @param reason why it cannot be read
     */
    public record Unreadable(String image, String reason) {}

    /**
     * Images with identical content.
     *
     * @param images split-qualified names, e.g. {@code train:cat/1.jpg}
     * @param acrossSplits whether the copies are in more than one split (train/test leakage)
     */
    public record Duplicate(List<String> images, boolean acrossSplits) {}

    /**
     * @param path the data path inspected
     * @param kind folder, idx or embedded
     * @param splits the splits in the order train, test (or val)
     * @param duplicates groups of identical images
     * @param note what evaluation uses when there is no test split, or null
     */
    public record Report(String path, String kind, List<Split> splits, List<Duplicate> duplicates, String note) {

        /** @return the number of unreadable images over all splits */
        public int unreadableCount() {
            return splits.stream().mapToInt(s -> s.unreadable().size()).sum();
        }
    }

    private DataInspection() {}

    /**
     * @param path a data path as {@code dino.data.path} takes it
     * @param threads decoding threads
     * @param progress told the number of images done so far, every few hundred images
     * @return the report
     * @throws DataException when the path is not usable data (no images, mixed layout, ...)
     * @throws IOException when the folder cannot be listed
     */
    public static Report inspect(String path, int threads, IntConsumer progress) throws IOException {
        List<NamedSource> sources = new ArrayList<>();
        sources.add(new NamedSource("train", ImageSources.open(path, "train", 0)));
        String note = null;
        try {
            ImageSource test = ImageSources.open(path, "test", 0);
            String name = test instanceof ImageFolderSource folder && folder.folder().getFileName().toString().equals("val") ? "val" : "test";
            sources.add(new NamedSource(name, test));
        } catch (DataException e) {
            note = "no test split (" + e.getMessage() + "): evaluation at the end of training holds out part of train";
        }
        String kind = path.startsWith("embedded:") ? "embedded" : sources.get(0).source instanceof ImageFolderSource ? "folder" : "idx";
        AtomicInteger done = new AtomicInteger();
        Map<String, List<String>> byHash = new ConcurrentHashMap<>();
        List<Split> splits = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "inspect");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (NamedSource named : sources) {
                splits.add(inspectSplit(named, path, pool, byHash, done, progress));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Report(path, kind, splits, duplicates(byHash), note);
    }

    private static Split inspectSplit(NamedSource named, String path, ExecutorService pool, Map<String, List<String>> byHash,
            AtomicInteger done, IntConsumer progress) throws IOException {
        ImageSource source = named.source;
        int n = source.size();
        ImageInfo[] infos = new ImageInfo[n];
        int chunk = 64;
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            int from = start;
            int to = Math.min(n, start + chunk);
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    infos[i] = inspectImage(source, i);
                    int now = done.incrementAndGet();
                    if (now % 500 == 0) {
                        progress.accept(now);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IOException("inspecting " + source.describe(0) + " failed: " + e.getCause(), e.getCause());
            }
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        source.classNames().forEach(name -> classes.put(name, 0));
        Map<Integer, Integer> channels = new TreeMap<>();
        Map<Integer, Integer> bitDepths = new TreeMap<>();
        List<Unreadable> unreadable = new ArrayList<>();
        int readable = 0;
        for (ImageInfo info : infos) {
            if (info.error == null) {
                readable++;
            }
        }
        int[] widths = new int[readable];
        int[] heights = new int[readable];
        double[] sum = new double[3];
        double[] sumSquares = new double[3];
        long pixels = 0;
        int r = 0;
        for (int i = 0; i < n; i++) {
            ImageInfo info = infos[i];
            if (source.label(i) >= 0) {
                classes.merge(source.classNames().get(source.label(i)), 1, Integer::sum);
            }
            if (info.error != null) {
                unreadable.add(new Unreadable(source.describe(i), info.error));
                continue;
            }
            widths[r] = info.width;
            heights[r] = info.height;
            r++;
            channels.merge(info.channels, 1, Integer::sum);
            bitDepths.merge(info.bitDepth, 1, Integer::sum);
            for (int c = 0; c < 3; c++) {
                sum[c] += info.sum[c];
                sumSquares[c] += info.sumSquares[c];
            }
            pixels += info.pixels;
            byHash.computeIfAbsent(info.hash, h -> new ArrayList<>()).add(named.name + ":" + relativeName(source, i, path));
        }
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3 && pixels > 0; c++) {
            mean[c] = sum[c] / pixels;
            std[c] = Math.sqrt(Math.max(0, sumSquares[c] / pixels - mean[c] * mean[c]));
        }
        if (!source.pixelKind().isRgb8()) {
            // Images that keep their channels: the statistics training normalises with, merged in image order.
            ChannelStatistics statistics = new ChannelStatistics(source.pixelKind().channels());
            for (ImageInfo info : infos) {
                if (info.statistics != null) {
                    statistics.merge(info.statistics);
                }
            }
            mean = statistics.count() > 0 ? statistics.mean() : new double[statistics.channels()];
            std = statistics.count() > 0 ? statistics.std() : new double[statistics.channels()];
        }
        String folder = source instanceof ImageFolderSource f ? f.folder().toString() : path;
        return new Split(named.name, folder, n, classes, minMedianMax(widths), minMedianMax(heights), channels, bitDepths, unreadable,
                mean, std, source.pixelKind());
    }

    /** One image's figures; sums in double per image, so that the totals do not depend on thread order. */
    private static final class ImageInfo {
        String error;
        int width;
        int height;
        int channels;
        int bitDepth;
        String hash;
        final double[] sum = new double[3];
        final double[] sumSquares = new double[3];
        long pixels;
        /** For images that keep their channels: this image's per-channel statistics. */
        ChannelStatistics statistics;
    }

    private static ImageInfo inspectImage(ImageSource source, int index) {
        ImageInfo info = new ImageInfo();
        try {
            ImageArray pixels;
            byte[] digest;
            if (source instanceof ImageFolderSource folder && !folder.pixelKind().isRgb8()) {
                byte[] content = Files.readAllBytes(folder.file(index));
                digest = sha256().digest(content);
                pixels = folder.load(index);
                info.channels = folder.pixelKind().channels();
                info.bitDepth = folder.pixelKind().bitDepth();
                info.statistics = DataStatistics.of(pixels, info.channels);
            } else if (source instanceof ImageFolderSource folder) {
                Path file = folder.file(index);
                byte[] content = Files.readAllBytes(file);
                digest = sha256().digest(content);
                ImageFolderSource.Decoded decoded = ImageFolderSource.decode(file, content);
                pixels = decoded.pixels();
                info.channels = decoded.channels();
                info.bitDepth = decoded.bitDepth();
            } else {
                pixels = source.load(index);
                ByteBuffer bytes = ByteBuffer.allocate(4 * pixels.pixels().length + 12);
                bytes.putInt(pixels.channels()).putInt(pixels.height()).putInt(pixels.width());
                for (float v : pixels.pixels()) {
                    bytes.putFloat(v);
                }
                digest = sha256().digest(bytes.array());
                info.channels = pixels.channels();
                info.bitDepth = 8; // IDX images of this engine are unsigned bytes
            }
            info.hash = HexFormat.of().formatHex(digest);
            info.width = pixels.width();
            info.height = pixels.height();
            int area = pixels.width() * pixels.height();
            float[] values = pixels.pixels();
            for (int c = 0; c < 3 && info.statistics == null; c++) {
                int plane = pixels.channels() == 1 ? 0 : c;
                double s = 0;
                double q = 0;
                for (int i = plane * area, end = i + area; i < end; i++) {
                    s += values[i];
                    q += (double) values[i] * values[i];
                }
                info.sum[c] = s;
                info.sumSquares[c] = q;
            }
            info.pixels = area;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            String prefix = "cannot read image " + source.describe(index) + ": ";
            info.error = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        }
        return info;
    }

    private static String relativeName(ImageSource source, int index, String path) {
        if (source instanceof ImageFolderSource folder) {
            return folder.folder().relativize(folder.file(index)).toString();
        }
        return source.describe(index);
    }

    private static List<Duplicate> duplicates(Map<String, List<String>> byHash) {
        List<Duplicate> duplicates = new ArrayList<>();
        for (List<String> images : byHash.values()) {
            if (images.size() > 1) {
                List<String> sorted = images.stream().sorted().toList();
                long splits = sorted.stream().map(s -> s.substring(0, s.indexOf(':'))).distinct().count();
                duplicates.add(new Duplicate(sorted, splits > 1));
            }
        }
        duplicates.sort((a, b) -> a.images().get(0).compareTo(b.images().get(0)));
        return duplicates;
    }

    /** @return {min, median, max}, or {0, 0, 0} when there are none; the median of an even count is the lower middle */
    static int[] minMedianMax(int[] values) {
        if (values.length == 0) {
            return new int[] {0, 0, 0};
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return new int[] {sorted[0], sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record NamedSource(String name, ImageSource source) {}
}

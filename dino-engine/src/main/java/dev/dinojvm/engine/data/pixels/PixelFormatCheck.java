package dev.dinojvm.engine.data.pixels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the images of a set share one channel count and sample format (their sizes may differ), from
 * their headers: one model takes one kind of input, and mixing, say, 8-bit RGB with 16-bit four-band files
 * would be trained on without complaint but mean nothing. Feed it every file's header ({@link #add} may
 * be called from several threads), then call {@link #requireOneKind}.
 */
public final class PixelFormatCheck {

    /** Examples named per kind in the refusal. */
    static final int EXAMPLES = 3;

    /** The files of one kind: how many, and the first examples by path. */
    private static final class Kind {
        private final PixelHeader header;
        private long files;
        private final TreeSet<Path> examples = new TreeSet<>();

        Kind(PixelHeader header) {
            this.header = header;
        }
    }

    /** Kinds keyed by their text, in the order first seen. */
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    /**
     * @param file an image file
     * @param header what it holds
     */
    public synchronized void add(Path file, PixelHeader header) {
        Kind kind = kinds.computeIfAbsent(header.kindText(), k -> new Kind(header));
        kind.files++;
        kind.examples.add(file);
        if (kind.examples.size() > EXAMPLES) {
            kind.examples.pollLast();
        }
    }

    /**
     * @return the channel count and sample format of every file added, as the header of the first one added
     * @throws PixelInputException when they differ, naming each kind with its number of files and its first
     *     files by path, the most common kind first; or when no file was added
     */
    public synchronized PixelHeader requireOneKind() throws PixelInputException {
        if (kinds.isEmpty()) {
            throw new PixelInputException("no images to check");
        }
        if (kinds.size() == 1) {
            return kinds.values().iterator().next().header;
        }
        List<Kind> ordered = new ArrayList<>(kinds.values());
        ordered.sort((a, b) -> Long.compare(b.files, a.files));
        String listed = ordered.stream()
                .map(k -> k.files + (k.files == 1 ? " file" : " files") + " of " + k.header.kindText() + " (e.g. "
                        + k.examples.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
        throw new PixelInputException("the images mix channel counts or bit depths: " + listed
                + "; convert them to one kind, as one model takes one kind of input");
    }
}

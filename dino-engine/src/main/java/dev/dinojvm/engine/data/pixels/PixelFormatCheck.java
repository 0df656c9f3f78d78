package dev.dinojvm.engine.data.pixels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the images of a set are of one {@link PixelKind} (their sizes may differ), from their
 * headers: one model takes one kind of input, and mixing, say, 8-bit RGB with 16-bit four-band files
 * would be trained on without complaint but mean nothing. 8-bit grey and colour images are one kind, as
 * training repeats the grey channel. Feed it every file's kind ({@link #add} may be called from several
 * threads), then call {@link #requireOneKind}.
 */
public final class PixelFormatCheck {

    /** Examples named per kind in the refusal. */
    static final int EXAMPLES = 3;

    /** The files of one kind: how many, and the first examples by path. */
    private static final class Kind {
        private final PixelKind kind;
        private long files;
        private final TreeSet<Path> examples = new TreeSet<>();

        Kind(PixelKind kind) {
            this.kind = kind;
        }
    }

    /** Kinds in the order first seen. */
    private final Map<PixelKind, Kind> kinds = new LinkedHashMap<>();

    /**
     * @param file an image file
     * @param header what it holds
     */
    public void add(Path file, PixelHeader header) {
        add(file, PixelKind.of(header));
    }

    /**
     * @param file an image file
     * @param pixelKind what it holds
     */
    public synchronized void add(Path file, PixelKind pixelKind) {
        Kind kind = kinds.computeIfAbsent(pixelKind, Kind::new);
        kind.files++;
        kind.examples.add(file);
        if (kind.examples.size() > EXAMPLES) {
            kind.examples.pollLast();
        }
    }

    /**
     * @return the kind of every file added
     * @throws PixelInputException when they differ, naming each kind with its number of files and its first
     *     files by path, the most common kind first; or when no file was added
     */
    public synchronized PixelKind requireOneKind() throws PixelInputException {
        if (kinds.isEmpty()) {
            throw new PixelInputException("no images to check");
        }
        if (kinds.size() == 1) {
            return kinds.keySet().iterator().next();
        }
        List<Kind> ordered = new ArrayList<>(kinds.values());
        ordered.sort((a, b) -> Long.compare(b.files, a.files));
        String listed = ordered.stream()
                .map(k -> k.files + (k.files == 1 ? " file" : " files") +  " of " + k.kind.text() + " (e.g. "
                        + k.examples.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
        throw new PixelInputException("the images mix channel counts or bit depths: " + listed
                + "; convert them to one kind, as one model takes one kind of input");
    }
}

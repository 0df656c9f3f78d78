package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import dev.dinojvm.engine.util.AtomicFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The decoded pixels of an image folder's split, stored once by {@code dino data prepare} in
 * {@code <split folder>/.dino-prepared/pixels} so that training reads 8-bit samples instead of decoding
 * files. Images are stored at full size, so the crops drawn from them are those drawn from the files.
 *
 * <p>Layout: the magic {@code DINOPIX1}, the image count, then per image its file's size, modification
 * time and relative-path hash, its channels, height, width, bytes per sample and where its samples start;
 * then the samples, planar, one image after the other. An image whose values are not all multiples of
 * 1/255 (16-bit files) or that could not be decoded is not stored (0 channels): it is read from its file.
 *
 * <p>The entries are checked against the folder when the source is opened: a folder whose files changed
 * since (any size, time or name) is read from its files as if it had not been prepared.
 */
public final class PreparedImages {

    static final String FOLDER = ".dino-prepared";
    static final String FILE = "pixels";
    private static final long MAGIC = 0x44494e4f50495831L; // "DINOPIX1"
    private static final int ENTRY_BYTES = 8 + 8 + 4 + 4 + 4 + 4 + 4 + 8;
    private static final int HEADER_BYTES = 8 + 4;
    private static final int CHUNK = 64;

    private PreparedImages() {}

    /** @return where the prepared pixels of a split folder live */
    static Path fileOf(Path splitFolder) {
        return splitFolder.resolve(FOLDER).resolve(FILE);
    }

    /**
     * Decodes every image of the source once, on all processors, and stores the pixels (atomically).
     *
     * @param source the split's images
     * @param progress where a line per 10 % goes
     * @return the file written
     * @throws IOException when the file cannot be written
     */
    public static Path prepare(ImageFolderSource source, PrintStream progress) throws IOException {
        Path file = fileOf(source.folder());
        Files.createDirectories(file.getParent());
        int count = source.size();
        AtomicFiles.write(file, temporary -> {
            Entry[] entries = new Entry[count];
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long offset = HEADER_BYTES + (long) ENTRY_BYTES * count;
                int reported = 0;
                for (int start = 0; start < count; start += CHUNK) {
                    int end = Math.min(count, start + CHUNK);
                    List<Decoded> decoded = IntStream.range(start, end).parallel().mapToObj(i -> decode(source, i)).toList();
                    for (int i = start; i < end; i++) {
                        Decoded image = decoded.get(i - start);
                        entries[i] = new Entry(image.fileSize, image.modified, pathHash(source.relativePath(i)),
                                image.channels, image.height, image.width, image.samples == null ? 0 : offset);
                        if (image.samples != null) {
                            writeFully(out, ByteBuffer.wrap(image.samples), offset);
                            offset += image.samples.length;
                        }
                    }
                    int percent = (int) (100L * end / count);
                    if (percent / 10 > reported / 10 || end == count) {
                        progress.println("  " + end + " / " + count + " images (" + percent + " %)");
                        reported = percent;
                    }
                }
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES + ENTRY_BYTES * count);
                header.putLong(MAGIC).putInt(count);
                for (Entry entry : entries) {
                    entry.writeTo(header);
                }
                header.flip();
                writeFully(out, header, 0);
            }
        });
        return file;
    }

    /**
     * @param source the split's images, as listed now
     * @return its prepared pixels when they exist and match every file of the source, else empty
     * @throws IOException when the prepared file exists but cannot be read
     */
    static Optional<ImageSource> open(ImageFolderSource source) throws IOException {
        Path file = fileOf(source.folder());
        if (!source.pixelKind().isRgb8() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Entry[] entries;
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            if (data.readLong() != MAGIC) {
                return Optional.empty();
            }
            int count = data.readInt();
            if (count < source.size()) {
                return Optional.empty();
            }
            entries = new Entry[source.size()];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = Entry.readFrom(data);
            }
        } catch (java.io.EOFException e) {
            return Optional.empty();
        }
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(source.folder().resolve(source.relativePath(i)), BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            if (entry.fileSize != attributes.size() || entry.modified != attributes.lastModifiedTime().toMillis()
                    || entry.pathHash != pathHash(source.relativePath(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Source(source, file, entries));
    }

    private record Decoded(long fileSize, long modified, int channels, int height, int width, byte[] samples) {}

    private static Decoded decode(ImageFolderSource source, int index) {
        Path path = source.folder().resolve(source.relativePath(index));
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().toMillis();
            SourceImage decoded;
            try {
                decoded = ImageFolderSource.decode(path, null).image();
            } catch (IOException e) {
                return new Decoded(size, modified, 0, 0, 0, null); // read from the file, which reports it, when used
            }
            if (decoded.bytes() != null) {
                ImageBytes bytes = decoded.bytes();
                return new Decoded(size, modified, bytes.channels(), bytes.height(), bytes.width(), bytes.samples());
            }
            ImageArray image = decoded.floats();
            byte[] samples = toBytes(image.pixels());
            return samples == null ? new Decoded(size, modified, 0, 0, 0, null)
                    : new Decoded(size, modified, image.channels(), image.height(), image.width(), samples);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** @return the values as bytes {@code round(255 v)}, or null when that does not give every value back exactly */
    private static byte[] toBytes(float[] values) {
        byte[] samples = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int sample = Math.round(values[i] * 255f);
            if (sample < 0 || sample > 255 || sample / 255f != values[i]) {
                return null;
            }
            samples[i] = (byte) sample;
        }
        return samples;
    }

    private static int pathHash(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/").hashCode();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
        }
    }

    private record Entry(long fileSize, long modified, int pathHash, int channels, int height, int width, long offset) {

        static final int BYTES_PER_SAMPLE = 1;

        void writeTo(ByteBuffer out) {
            out.putLong(fileSize).putLong(modified).putInt(pathHash).putInt(channels).putInt(height).putInt(width)
                    .putInt(BYTES_PER_SAMPLE).putLong(offset);
        }

        static Entry readFrom(DataInputStream in) throws IOException {
            long fileSize = in.readLong();
            long modified = in.readLong();
            int pathHash = in.readInt();
            int channels = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            int bytesPerSample = in.readInt();
            long offset = in.readLong();
            return new Entry(fileSize, modified, pathHash, bytesPerSample == BYTES_PER_SAMPLE ? channels : 0, height, width, offset);
        }
    }

    /** The images of a folder read from its prepared pixels, or from their files where not stored. */
    private static final class Source implements ImageSource {
        private final ImageFolderSource files;
        private final Path file;
        private final Entry[] entries;

        Source(ImageFolderSource files, Path file, Entry[] entries) {
            this.files = files;
            this.file = file;
            this.entries = entries;
        }

        @Override
        public int size() {
            return files.size();
        }

        @Override
        public ImageArray load(int index) throws IOException {
            return loadForViews(index).toImageArray();
        }

        @Override
        public SourceImage loadForViews(int index) throws IOException {
            Entry entry = entries[index];
            if (entry.channels == 0) {
                return files.loadForViews(index);
            }
            byte[] samples = new byte[entry.channels * entry.height * entry.width];
            // One positional read per image: the page cache keeps the file in memory when it fits, as a mapping would.
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.wrap(samples);
                long position = entry.offset;
                while (buffer.hasRemaining()) {
                    int read = in.read(buffer, position);
                    if (read < 0) {
                        throw new IOException("the prepared pixels " + file + " end early (image " + files.describe(index)
                                + "): run dino data prepare again");
                    }
                    position += read;
                }
            }
            return SourceImage.of(new ImageBytes(entry.channels, entry.height, entry.width, samples));
        }

        @Override
        public int label(int index) {
            return files.label(index);
        }

        @Override
        public List<String> classNames() {
            return files.classNames();
        }

        @Override
        public String describe(int index) {
            return files.describe(index);
        }
    }
}

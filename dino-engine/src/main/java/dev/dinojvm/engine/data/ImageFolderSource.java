package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.NpyLayout;
import dev.dinojvm.engine.data.pixels.PixelFiles;
import dev.dinojvm.engine.data.pixels.PixelFormatCheck;
import dev.dinojvm.engine.data.pixels.PixelImage;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Image files in a folder. Files are recognised by extension (case-insensitive: .png, .jpg, .jpeg, .bmp,
 * .gif, .tif, .tiff, .npy, and .dcm, which is refused with the way to convert it) and ordered by their path
 * relative to the folder. The images must be of one {@link PixelKind}, checked from their headers when the
 * folder is opened: 8-bit images (grey or colour) are decoded with {@code javax.imageio} as RGB, as the
 * official DINO code reads them; any other kind (16-bit, float, or another channel count) keeps its
 * channels and depth ({@link PixelFiles}). When the
 * images sit in subfolders, the first-level subfolder names, sorted, are the classes (the layout of
 * torchvision's {@code ImageFolder} used by the reference); a flat folder is unlabeled. Hidden files and
 * folders (name starting with '.') are ignored.
 */
public final class ImageFolderSource implements ImageSource {

    static final String EXTENSIONS_TEXT = ".png, .jpg, .jpeg, .bmp, .gif, .tif, .tiff, .npy";
    /** Formats whose files {@code javax.imageio} decodes at 8 bits at most: their kind is known without reading them. */
    private static final Set<String> EIGHT_BIT_EXTENSIONS = Set.of("jpg", "jpeg", "bmp", "gif");
    /** Formats decoded with {@code javax.imageio} to RGB when they hold 8-bit images, as they always were. */
    private static final Set<String> IMAGE_IO_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Bytes up to and including the bit depth of a PNG's IHDR chunk. */
    private static final int PNG_BIT_DEPTH_END = 25;
    /** The most pixels an image may have (read from its header, before decoding). */
    public static final long MAX_PIXELS = 40_000_000;

    private final Path folder;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;
    private final PixelKind kind;

    private ImageFolderSource(Path folder, List<Path> files, int[] labels, List<String> classNames, PixelKind kind) {
        this.folder = folder;
        this.files = files;
        this.labels = labels;
        this.classNames = classNames;
        this.kind = kind;
    }

    /**
     * Lists the images of a split.
     *
     * @param root the data folder
     * @param split "train": {@code root/train} when it exists, else {@code root} itself (then without its
     *     {@code test/} and {@code val/} subfolders, which hold evaluation images); "test": {@code root/test},
     *     else {@code root/val}
     * @param limit keep the first {@code limit} images in order, 0 for all
     * @throws IllegalArgumentException when the folder of the split is missing, holds no images, or mixes
     *     images at its top level with images in class subfolders
     * @throws PixelInputException when the images are not of one kind, or one is refused as it is (a DICOM
     *     file, a {@code .npy} of other than 2 or 3 dimensions, a TIFF compression the reader cannot decode)
     */
    public static ImageFolderSource open(Path root, String split, int limit) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataException("image folder is not a directory: " + root);
        }
        Path folder = splitFolder(root, split);
        boolean excludeEvalFolders = folder.equals(root);
        List<Path> relative = listImages(folder, excludeEvalFolders);
        if (relative.isEmpty()) {
            throw new DataException("no images found in " + folder + " (looked for files ending in " + EXTENSIONS_TEXT
                    + ", case-insensitive, in the folder and its subfolders)");
        }
        List<Path> flat = relative.stream().filter(p -> p.getNameCount() == 1).toList();
        boolean labelled = flat.size() < relative.size();
        if (labelled && !flat.isEmpty()) {
            Path nested = relative.stream().filter(p -> p.getNameCount() > 1).findFirst().orElseThrow();
            throw new DataException("images found both directly in " + folder + " (e.g. " + flat.get(0)
                    + ") and in subfolders (e.g. " + nested + "): put all images in class subfolders, or all in the folder itself");
        }
        List<String> classNames = labelled
                ? List.copyOf(new TreeSet<>(relative.stream().map(p -> p.getName(0).toString()).toList()))
                : List.of();
        int count = limit > 0 ? Math.min(limit, relative.size()) : relative.size();
        List<Path> kept = relative.subList(0, count);
        Map<String, Integer> classIndex = new HashMap<>();
        for (String name : classNames) {
            classIndex.put(name, classIndex.size());
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = labelled ? classIndex.get(kept.get(i).getName(0).toString()) : -1;
        }
        return new ImageFolderSource(folder, List.copyOf(kept), labels, classNames, pixelKind(folder, kept));
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public ImageArray load(int index) throws IOException {
        Path file = folder.resolve(files.get(index));
        if (kind.isRgb8() && IMAGE_IO_EXTENSIONS.contains(extension(file))) {
            return read(file);
        }
        PixelImage image = PixelFiles.read(file);
        PixelKind own = PixelKind.of(image.header());
        if (!own.equals(kind)) {
            throw new PixelInputException(file + " holds " + own.text() + " but the other images are " + kind.text()
                    + " (did it change since the folder was opened?)");
        }
        if (kind.floating()) {
            requireUnitRange(file, image.pixels());
        }
        return image.toImageArray();
    }

    @Override
    public SourceImage loadForViews(int index) throws IOException {
        Path file = folder.resolve(files.get(index));
        if (kind.isRgb8() && IMAGE_IO_EXTENSIONS.contains(extension(file))) {
            return decode(file, null).image();
        }
        return SourceImage.of(load(index));
    }

    @Override
    public PixelKind pixelKind() {
        return kind;
    }

    /**
     * The kind of the images, from their headers, read in parallel. A file whose header cannot be read is
     * left out: it is skipped and counted when it fails to load, as any unreadable image.
     */
    private static PixelKind pixelKind(Path folder, List<Path> files) throws PixelInputException {
        PixelFormatCheck check = new PixelFormatCheck();
        ConcurrentSkipListMap<Path, PixelInputException> refused = new ConcurrentSkipListMap<>();
        AtomicInteger readable = new AtomicInteger();
        files.parallelStream().forEach(relative -> {
            Path file = folder.resolve(relative);
            try {
                check.add(file, kindOf(file));
                readable.incrementAndGet();
            } catch (PixelInputException e) {
                refused.put(relative, e);
            } catch (IOException e) {
                // unreadable: reported when loading
            }
        });
        if (!refused.isEmpty()) {
            throw refused.firstEntry().getValue();
        }
        // With no readable header, loading reports every file as unreadable.
        return readable.get() == 0 ? PixelKind.RGB8 : check.requireOneKind();
    }

    private static PixelKind kindOf(Path file) throws IOException {
        String extension = extension(file);
        if (EIGHT_BIT_EXTENSIONS.contains(extension) || extension.equals("png") && pngBitDepth(file) <= 8) {
            return PixelKind.RGB8;
        }
        return PixelKind.of(PixelFiles.header(file, NpyLayout.AUTO));
    }

    /** @return the bit depth in a PNG's header, or {@code Integer.MAX_VALUE} when the file is not a PNG (then read by content) */
    private static int pngBitDepth(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(PNG_BIT_DEPTH_END);
        }
        if (start.length < PNG_BIT_DEPTH_END || !java.util.Arrays.equals(start, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0,
                PNG_SIGNATURE.length)) {
            return Integer.MAX_VALUE;
        }
        return start[PNG_BIT_DEPTH_END - 1] & 0xff;
    }

    /**
     * Float images are taken as they are, so they must already lie in [0, 1], the range integer images are
     * scaled to: the crops' resampling clips to it.
     */
    private static void requireUnitRange(Path file, float[] pixels) throws PixelInputException {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : pixels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min < 0 || max > 1) {
            throw new PixelInputException(file + " holds float values from " + min + " to " + max + ": float images are taken as"
                    + " they are and must lie in [0, 1]; divide by the sensor's full scale (or save as 16-bit integers) first");
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes one image file as the images of a folder are.
     *
     * @param file a PNG, JPEG, BMP or GIF file
     * @return 1 (grey) or 3 (RGB) channels, values in [0, 1]
     * @throws IOException when the file cannot be read or decoded; the message names the file
     */
    public static ImageArray read(Path file) throws IOException {
        return decode(file, null).pixels();
    }

    /**
     * An image as decoded, with what its file says of its format.
     *
     * @param image the pixels: 8-bit samples when the file has 8 bits per sample, else floats
     * @param channels the file's colour components, alpha included (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA)
     * @param bitDepth bits per component in the file
     */
    public record Decoded(SourceImage image, int channels, int bitDepth) {

        /** @return the pixels as {@link #read} gives them */
        public ImageArray pixels() {
            return image.toImageArray();
        }
    }

    /**
     * Decodes an image file as {@link #read} does.
     *
     * @param file the file, named in messages
     * @param content the file's bytes when already read, or {@code null} to read the file
     * @return the pixels and the file's format
     * @throws IOException when the file cannot be read or decoded; the message names the file
     */
    public static Decoded decode(Path file, byte[] content) throws IOException {
        BufferedImage image;
        // Bytes already read are wrapped in memory: ImageIO.createImageInputStream would cache a stream in a temporary
        // file, one file per image.
        try (ImageInputStream in = content != null ? new MemoryCacheImageInputStream(new ByteArrayInputStream(content))
                : ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot read image " + file + ": cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("cannot read image " + file + ": not a PNG, JPEG, BMP or GIF image (no decoder recognises its content)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkDimensions(file, reader.getWidth(0), reader.getHeight(0));
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("cannot read image ") ? e
                    : new IOException("cannot read image " + file + ": " + reason(e), e);
        } catch (RuntimeException e) {
            // Decoders report corrupt data with assorted runtime exceptions as well as IIOException.
            throw new IOException("cannot read image " + file + ": " + reason(e), e);
        }
        ColorModel model = image.getColorModel();
        int bitDepth = model instanceof IndexColorModel ? model.getPixelSize() : model.getComponentSize(0);
        return new Decoded(BufferedImages.toSourceImage(image), model.getNumComponents(), bitDepth);
    }

    /**
     * Refuses, from the header alone, images whose decoded pixels would not fit in memory: a
     * 20,000 × 20,000 picture would need 4.8 GB as floats.
     */
    static void checkDimensions(Path file, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IOException("cannot read image " + file + ": its header gives " + width + "×" + height + " pixels");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IOException("cannot read image " + file + ": " + width + "×" + height + " pixels is more than the "
                    + MAX_PIXELS / 1_000_000 + " megapixels an image may have; downscale it first");
        }
    }

    /** @return the path of image {@code index} relative to {@link #folder()} */
    Path relativePath(int index) {
        return files.get(index);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** @return the folder of the split: its files are relative to it */
    public Path folder() {
        return folder;
    }

    /**
     * @param index an image's index
     * @return its file
     */
    public Path file(int index) {
        return folder.resolve(files.get(index));
    }

    @Override
    public String describe(int index) {
        return folder.resolve(files.get(index)).toString();
    }

    private static Path splitFolder(Path root, String split) {
        switch (split) {
            case "train" -> {
                Path train = root.resolve("train");
                return Files.isDirectory(train) ? train : root;
            }
            case "test" -> {
                for (String name : List.of("test", "val")) {
                    Path candidate = root.resolve(name);
                    if (Files.isDirectory(candidate)) {
                        return candidate;
                    }
                }
                throw new DataException("no test images: " + root + " has no test/ or val/ subfolder");
            }
            default -> throw new DataException("unknown split '" + split + "': expected train or test");
        }
    }

    /** @return image paths relative to {@code folder}, sorted by their '/'-separated text */
    private static List<Path> listImages(Path folder, boolean excludeEvalFolders) throws IOException {
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            List<Path> images = new ArrayList<>();
            walk.filter(Files::isRegularFile).forEach(file -> {
                Path relative = folder.relativize(file);
                if (PixelFiles.isImageName(relative) && !isHidden(relative) && !(excludeEvalFolders && isEvalFolder(relative))) {
                    images.add(relative);
                }
            });
            images.sort(Comparator.comparing(ImageFolderSource::sortKey));
            return images;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemLoopException loop) {
                throw new DataException("symbolic link loop in " + folder + ": " + loop.getFile()
                        + " leads back to a folder above it; remove the link");
            }
            throw e.getCause();
        }
    }

    private static String sortKey(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEvalFolder(Path relative) {
        String first = relative.getName(0).toString();
        return relative.getNameCount() > 1 && (first.equals("test") || first.equals("val"));
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

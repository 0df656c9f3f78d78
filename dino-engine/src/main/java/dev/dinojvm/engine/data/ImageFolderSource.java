package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files in a folder, decoded with {@code javax.imageio}. Files are recognised by extension
 * (case-insensitive: .png, .jpg, .jpeg, .bmp, .gif) and ordered by their path relative to the folder. When the
 * images sit in subfolders, the first-level subfolder names, sorted, are the classes (the layout of
 * torchvision's {@code ImageFolder} used by the reference); a flat folder is unlabeled. Hidden files and
 * folders (name starting with '.') are ignored.
 */
public final class ImageFolderSource implements ImageSource {

    static final String EXTENSIONS_TEXT = ".png, .jpg, .jpeg, .bmp, .gif";
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    /** The most pixels an image may have (read from its header, before decoding). */
    public static final long MAX_PIXELS = 40_000_000;

    private final Path folder;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classNames;

    private ImageFolderSource(Path folder, List<Path> files, int[] labels, List<String> classNames) {
        this.folder = folder;
        this.files = files;
        this.labels = labels;
        this.classNames = classNames;
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
        return new ImageFolderSource(folder, List.copyOf(kept), labels, classNames);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public ImageArray load(int index) throws IOException {
        return read(folder.resolve(files.get(index)));
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
     * @param pixels as {@link #read} gives them
     * @param channels the file's colour components, alpha included (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA)
     * @param bitDepth bits per component in the file
     */
    public record Decoded(ImageArray pixels, int channels, int bitDepth) {}

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
        try (ImageInputStream in = ImageIO.createImageInputStream(content != null ? new ByteArrayInputStream(content) : file.toFile())) {
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
        return new Decoded(BufferedImages.toImageArray(image), model.getNumComponents(), bitDepth);
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
                if (isImageName(relative) && !isHidden(relative) && !(excludeEvalFolders && isEvalFolder(relative))) {
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

    private static boolean isImageName(Path relative) {
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
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

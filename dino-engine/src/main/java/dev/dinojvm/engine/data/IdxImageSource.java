package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Grey images from MNIST-style IDX files ({@code train-images-idx3-ubyte[.gz]} with optional {@code
 * train-labels-idx1-ubyte[.gz]}, {@code t10k-*} for the test split), held in memory as bytes and scaled
 * to [0, 1] (u8 / 255) on load.
 */
public final class IdxImageSource implements ImageSource {

    /** Class names of Fashion-MNIST, in label order. */
    static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String EMBEDDED_FASHION_MNIST = "/embedded/fashion-mnist/";

    private final String imagesName;
    private final int count;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final byte[] labels;
    private final List<String> classNames;

    private IdxImageSource(IdxArray images, Optional<IdxArray> labelFile, List<String> classNames) {
        if (images.dims().length != 3) {
            throw new DataException(images.name() + ": expected a 3-dimensional IDX image file (count, rows, columns), found "
                    + images.dims().length + " dimensions");
        }
        if (images.dims()[1] == 0 || images.dims()[2] == 0) {
            throw new DataException(images.name() + ": images have zero rows or columns");
        }
        this.imagesName = images.name();
        this.count = images.items();
        this.height = images.dims()[1];
        this.width = images.dims()[2];
        this.pixels = images.data();
        if (labelFile.isPresent()) {
            IdxArray labelArray = labelFile.get();
            if (labelArray.dims().length != 1) {
                throw new DataException(labelArray.name() + ": expected a 1-dimensional IDX label file, found "
                        + labelArray.dims().length + " dimensions");
            }
            if (labelArray.declaredItems() != images.declaredItems()) {
                throw new DataException("mismatched image/label counts: " + images.declaredItems() + " images in "
                        + images.name() + " but " + labelArray.declaredItems() + " labels in " + labelArray.name());
            }
            this.labels = labelArray.data();
            this.classNames = classNames;
        } else {
            this.labels = null;
            this.classNames = List.of();
        }
    }

    /**
     * Opens the IDX files of a split in a directory.
     *
     * @param directory holds {@code train-images-idx3-ubyte[.gz]} and/or {@code t10k-images-idx3-ubyte[.gz]}
     *     (also accepted with a dot: {@code train-images.idx3-ubyte}), label files optional
     * @param split "train" or "test"
     * @param limit keep the first {@code limit} images, 0 for all
     * @throws IllegalArgumentException when the image file of the split is missing or the files disagree
     * @throws IOException when a file cannot be read or is not a valid IDX file
     */
    public static IdxImageSource open(Path directory, String split, int limit) throws IOException {
        String prefix = filePrefix(split);
        Path imagesFile = findIdxFile(directory, prefix, "images", "idx3")
                .orElseThrow(() -> new DataException("IDX files missing: no " + prefix + "-images-idx3-ubyte[.gz] in "
                        + directory + " for the " + split + " split"));
        Optional<Path> labelsFile = findIdxFile(directory, prefix, "labels", "idx1");
        IdxArray images = readFile(imagesFile, limit);
        Optional<IdxArray> labels = labelsFile.isPresent() ? Optional.of(readFile(labelsFile.get(), 0)) : Optional.empty();
        return new IdxImageSource(images, labels.map(l -> truncate(l, images.items())), labels.map(IdxImageSource::numericClassNames).orElse(List.of()));
    }

    /**
     * Opens the Fashion-MNIST subset shipped inside the engine (10,000 train and 2,000 test images).
     *
     * @param split "train" or "test"
     * @param limit keep the first {@code limit} images, 0 for all
     */
    public static IdxImageSource embeddedFashionMnist(String split, int limit) throws IOException {
        String prefix = filePrefix(split);
        IdxArray images = readResource(prefix + "-images-idx3-ubyte.gz", limit);
        IdxArray labels = readResource(prefix + "-labels-idx1-ubyte.gz", limit);
        return new IdxImageSource(images, Optional.of(labels), FASHION_MNIST_CLASSES);
    }

    /** Checks whether a directory holds IDX image files of either split. */
    static boolean containsIdxImages(Path directory) {
        return findIdxFile(directory, "train", "images", "idx3").isPresent()
                || findIdxFile(directory, "t10k", "images", "idx3").isPresent();
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public ImageArray load(int index) {
        checkIndex(index);
        int area = height * width;
        float[] values = new float[area];
        int offset = index * area;
        for (int i = 0; i < area; i++) {
            values[i] = (pixels[offset + i] & 0xff) / 255f;
        }
        return new ImageArray(1, height, width, values);
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels == null ? -1 : labels[index] & 0xff;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String describe(int index) {
        return imagesName + "[" + index + "]";
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image index " + index + " out of [0, " + count + ")");
        }
    }

    private static String filePrefix(String split) {
        return switch (split) {
            case "train" -> "train";
            case "test" -> "t10k";
            default -> throw new DataException("unknown split '" + split + "': expected train or test");
        };
    }

    private static Optional<Path> findIdxFile(Path directory, String prefix, String kind, String rank) {
        for (String separator : List.of("-", ".")) {
            for (String suffix : List.of("", ".gz")) {
                Path candidate = directory.resolve(prefix + "-" + kind + separator + rank + "-ubyte" + suffix);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static IdxArray readFile(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IdxArray.read(in, file.toString(), limit);
        }
    }

    private static IdxArray readResource(String fileName, int limit) throws IOException {
        String resource = EMBEDDED_FASHION_MNIST + fileName;
        try (InputStream in = IdxImageSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("embedded data set file missing from the class path: " + resource);
            }
            return IdxArray.read(in, "embedded:fashion-mnist/" + fileName.replace(".gz", ""), limit);
        }
    }

    private static IdxArray truncate(IdxArray labels, int items) {
        byte[] kept = Arrays.copyOf(labels.data(), Math.min(items, labels.items()));
        return new IdxArray(labels.name(), labels.dims(), kept.length, kept);
    }

    /** Generic IDX labels have no names: classes are "0" to the largest label of the whole file. */
    private static List<String> numericClassNames(IdxArray labels) {
        int max = -1;
        for (byte label : labels.data()) {
            max = Math.max(max, label & 0xff);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }
}

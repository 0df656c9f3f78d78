package dev.dinojvm.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Opens the {@link ImageSource} a data path designates. */
public final class ImageSources {

    /** The data path of the Fashion-MNIST subset shipped inside the engine. */
    public static final String EMBEDDED_FASHION_MNIST = "embedded:fashion-mnist";

    private static final String EMBEDDED_PREFIX = "embedded:";

    private ImageSources() {}

    /**
     * Opens a data set.
     *
     * @param path {@value #EMBEDDED_FASHION_MNIST}, a directory holding MNIST IDX files ({@link
     *     IdxImageSource}), or an image folder ({@link ImageFolderSource}; read from its {@link PreparedImages}
     *     when they are up to date)
     * @param split "train" or "test"
     * @param limit keep only the first {@code limit} images, 0 for all
     * @throws IllegalArgumentException for a path that does not exist, an unknown split or embedded name,
     *     and data sets that are empty or inconsistent
     * @throws IOException when the files cannot be listed or an IDX file cannot be read
     */
    public static ImageSource open(String path, String split, int limit) throws IOException {
        if (!"train".equals(split) && !"test".equals(split)) {
            throw new DataException("unknown split '" + split + "': expected train or test");
        }
        if (limit < 0) {
            throw new DataException("limit must be 0 (all images) or positive, got " + limit);
        }
        if (path == null || path.isBlank()) {
            throw new DataException("no data path given");
        }
        if (path.startsWith(EMBEDDED_PREFIX)) {
            if (!path.equals(EMBEDDED_FASHION_MNIST)) {
                throw new DataException("unknown embedded data set '" + path + "' (available: " + EMBEDDED_FASHION_MNIST + ")");
            }
            return IdxImageSource.embeddedFashionMnist(split, limit);
        }
        Path directory = Paths.get(path);
        if (!Files.exists(directory)) {
            throw new DataException("data path does not exist: " + directory.toAbsolutePath());
        }
        if (!Files.isDirectory(directory)) {
            throw new DataException("data path is not a directory: " + directory.toAbsolutePath()
                    + " (expected a folder of images or of MNIST IDX files)");
        }
        if (IdxImageSource.containsIdxImages(directory)) {
            return IdxImageSource.open(directory, split, limit);
        }
        ImageFolderSource files = ImageFolderSource.open(directory, split, limit);
        return PreparedImages.open(files).orElse(files);
    }
}

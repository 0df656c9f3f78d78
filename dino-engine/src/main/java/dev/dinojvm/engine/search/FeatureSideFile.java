package dev.dinojvm.engine.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code dino embed} writes beside its {@code .npy} ({@code features.npy} → {@code
 * features.json}): which tokens the array holds, the patch grid, the model, and the image of each row,
 * so that {@code dino search} can name its results.
 *
 * @param tokens {@code cls}, {@code patch} or {@code all}
 * @param dim the feature dimension D
 * @param gridRows patch rows of each image
 * @param gridColumns patch columns of each image
 * @param imageSize the side the images were resized and cropped to
 * @param model where the weights came from
 * @param images one path (or other description) per row, in row order
 */
public record FeatureSideFile(String tokens, int dim, int gridRows, int gridColumns, int imageSize, String model,
        List<String> images) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the image list. */
    public FeatureSideFile {
        images = List.copyOf(images);
    }

    /**
     * @param npy an embedding's {@code .npy}
     * @return its side file: the same name ending in {@code .json}
     */
    public static Path pathFor(Path npy) {
        String name = npy.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return npy.resolveSibling(stem + ".json");
    }

    /**
     * @param npy the embedding this side file describes
     * @throws IOException on write failure
     */
    public void write(Path npy) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("tokens", tokens);
        root.put("count", images.size());
        root.put("dim", dim);
        root.putArray("grid").add(gridRows).add(gridColumns);
        root.put("image_size", imageSize);
        root.put("model", model);
        ArrayNode list = root.putArray("images");
        images.forEach(list::add);
        Files.writeString(pathFor(npy), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /**
     * @param npy an embedding's {@code .npy}
     * @return its side file, or empty when there is none
     * @throws IOException when it exists but cannot be read
     */
    public static Optional<FeatureSideFile> read(Path npy) throws IOException {
        Path file = pathFor(npy);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not a readable embedding side file: " + e.getMessage(), e);
        }
        List<String> images = new ArrayList<>();
        root.path("images").forEach(node -> images.add(node.asText()));
        return Optional.of(new FeatureSideFile(root.path("tokens").asText("cls"), root.path("dim").asInt(),
                root.path("grid").path(0).asInt(), root.path("grid").path(1).asInt(), root.path("image_size").asInt(),
                root.path("model").asText(""), images));
    }
}

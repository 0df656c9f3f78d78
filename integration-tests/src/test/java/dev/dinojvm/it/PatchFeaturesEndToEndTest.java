package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patch features from the committed official-layout backbone (a tiny ViT written by PyTorch: 16
 * dimensions, patch 8, image 32): {@code embed --tokens patch} with its side file, {@code search} over
 * an embedded index, and {@code pca}.
 */
class PatchFeaturesEndToEndTest {

    @Test
    void embedsPatchTokensSearchesAnIndexAndDrawsPcaPictures(@TempDir Path dir) throws Exception {
        String weights = Path.of(System.getProperty("dino.root"), "dino-engine", "src", "test", "resources", "weights",
                "vit-backbone.pth").toString();
        Path data = TrainingData.shapes(dir.resolve("data"), 6);

        DinoProcess.Result patches = DinoProcess.run(dir, "embed", "--weights", weights, "--heads", "2", "--data", data.toString(),
                "--tokens", "patch", "--output", dir.resolve("patches.npy").toString());

        assertThat(patches.exitCode()).as(patches.output()).isZero();
        byte[] npy = Files.readAllBytes(dir.resolve("patches.npy"));
        assertThat(new String(npy, 0, 128, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("'shape': (6, 16, 16)");
        assertThat(npy.length).isEqualTo(128 + 6 * 16 * 16 * 4); // a 128-byte .npy header, then float32 data
        JsonObject side = JsonParser.parseString(Files.readString(dir.resolve("patches.json"))).getAsJsonObject();
        assertThat(side.get("tokens").getAsString()).isEqualTo("patch");
        assertThat(side.getAsJsonArray("grid").toString()).isEqualTo("[4,4]");
        assertThat(side.getAsJsonArray("images")).hasSize(6);

        DinoProcess.Result index = DinoProcess.run(dir, "embed", "--weights", weights, "--heads", "2", "--data", data.toString(),
                "--output", dir.resolve("index.npy").toString());
        assertThat(index.exitCode()).as(index.output()).isZero();
        JsonObject indexSide = JsonParser.parseString(Files.readString(dir.resolve("index.json"))).getAsJsonObject();
        String third = indexSide.getAsJsonArray("images").get(2).getAsString();

        DinoProcess.Result search = DinoProcess.run(dir, "search", "--weights", weights, "--heads", "2",
                "--index", dir.resolve("index.npy").toString(), "--query", third, "--top", "3");

        assertThat(search.exitCode()).as(search.output()).isZero();
        List<String> lines = search.output().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("  1.0000  " + third); // the query itself is in the index

        DinoProcess.Result pca = DinoProcess.run(dir, "pca", "--weights", weights, "--heads", "2", "--images", data.toString(),
                "--output", dir.resolve("pca").toString());

        assertThat(pca.exitCode()).as(pca.output()).isZero();
        BufferedImage grid = ImageIO.read(dir.resolve("pca").resolve("pca-grid.png").toFile());
        int panel = 32 * 5; // crops of 32 px scaled by 5 to reach 160 px
        assertThat(grid.getWidth()).isEqualTo(8 * panel + 7 * 4);
        assertThat(grid.getHeight()).isEqualTo(2 * panel + 4);
        try (var pictures = Files.list(dir.resolve("pca"))) {
            assertThat(pictures.filter(p -> p.getFileName().toString().endsWith("-pca.png")).count()).isEqualTo(6);
        }
    }
}

package dev.dinojvm.engine.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.engine.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nearest neighbours against cosines computed by hand, and the side file that names them. */
class CosineSearchTest {

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
    }

    @Test
    void ranksRowsByCosineSimilarityWhateverTheirLength() {
        float[] index = {
            1, 0, // cos with (2, 0): 1
            0, 2, // 0
            3, 3, // 1/√2
            -1, 0, // -1
            4, -3, // 4/5
        };
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                CosineSearch search = CosineSearch.of(manager, index, 2)) {
            List<List<CosineSearch.Hit>> results = search.search(new float[][] {{2, 0}, {0, -5}}, 3);

            assertThat(results.get(0)).extracting(CosineSearch.Hit::row).containsExactly(0, 4, 2);
            assertThat(results.get(0).get(1).similarity()).isCloseTo(0.8f, within(1e-6f));
            assertThat(results.get(0).get(2).similarity()).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
            // (0, -5) against (4, -3): 15 / 25 = 0.6; against (1, 0) and (-1, 0): 0; against (3, 3): -1/√2
            assertThat(results.get(1).get(0).row()).isEqualTo(4);
            assertThat(results.get(1).get(0).similarity()).isCloseTo(0.6f, within(1e-6f));
            assertThat(search.size()).isEqualTo(5);
        }
    }

    @Test
    void theSideFileKeepsTheImagePathsAndGrid(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("features.npy");
        new FeatureSideFile("patch", 16, 4, 4, 32, "vit.pth", List.of("a/x.png", "b/\"y\".png")).write(npy);

        FeatureSideFile read = FeatureSideFile.read(npy).orElseThrow();

        assertThat(FeatureSideFile.pathFor(npy)).isEqualTo(dir.resolve("features.json"));
        assertThat(read).isEqualTo(new FeatureSideFile("patch", 16, 4, 4, 32, "vit.pth", List.of("a/x.png", "b/\"y\".png")));
        assertThat(FeatureSideFile.read(dir.resolve("other.npy"))).isEmpty();
    }
}

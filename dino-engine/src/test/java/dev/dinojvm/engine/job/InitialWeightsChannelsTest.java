package dev.dinojvm.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.ConfigInput;
import dev.dinojvm.engine.config.ConfigLoader;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.data.PixelFolders;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose input channels come from its 4-channel images, started from the RGB fixture ViT: refused
 * before anything is written unless adaptation is asked for.
 */
class InitialWeightsChannelsTest {

    private static DinoSettings settings(Path images, Path output, String... more) throws URISyntaxException {
        PluginRegistry registry = PluginRegistry.load(List.of(PluginSource.classPath(InitialWeightsChannelsTest.class.getClassLoader())),
                false);
        Path weights = Path.of(InitialWeightsChannelsTest.class.getResource("/weights/vit-backbone.pth").toURI());
        List<String> set = new ArrayList<>(List.of("dino.data.path=" + images, "dino.train.output=" + output,
                "dino.train.init-from=" + weights, "dino.backbone.heads=2", "dino.train.batch-size=2", "dino.train.epochs=1",
                "dino.train.max-steps=1", "dino.head.out-dim=32", "dino.head.hidden-dim=24", "dino.head.bottleneck-dim=8",
                "dino.augmentation.local-crops=0", "dino.augmentation.global-size=32", "dino.data.workers=1",
                "dino.eval.knn-every=0", "dino.eval.knn-baselines=false", "dino.optimizer.warmup-epochs=0"));
        set.addAll(List.of(more));
        return new ConfigLoader(registry, java.util.Map.of()).load(new ConfigInput(null, List.of(), set));
    }

    @Test
    void anRgbFileOnFourChannelImagesIsRefusedBeforeAnythingIsWrittenUnlessAdapted(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < 4; i++) {
            PixelFolders.uint16Npy(images.resolve("image-" + i + ".npy"), i, 4, 40, 40);
        }
        Path output = dir.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        assertThatThrownBy(() -> TrainJob.run(settings(images, output), registryOf(), false, new PrintStream(log), List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("dino.backbone.in-chans");
                    assertThat(p.message()).isEqualTo("the model has 4 input channels but vit-backbone.pth has 3; set"
                            + " dino.train.init-adapt-channels=true (--adapt-channels) to adapt its RGB patch embedding"
                            + " (timm's adapt_input_conv rule)");
                }));
        assertThat(output).doesNotExist();

        PrintStream standardOut = System.out; // the initial weights' lines go there
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            var outcome = TrainJob.run(settings(images, output, "dino.train.init-adapt-channels=true"), registryOf(), false,
                    new PrintStream(log, true), List.of());
            assertThat(outcome.iterationsDone()).isEqualTo(1);
        } finally {
            System.setOut(standardOut);
        }
        assertThat(printed.toString()).contains("adapted the RGB patch embedding of vit-backbone.pth (backbone) to 4 input channels");
    }

    private static PluginRegistry registryOf() {
        return PluginRegistry.load(List.of(PluginSource.classPath(InitialWeightsChannelsTest.class.getClassLoader())), false);
    }
}

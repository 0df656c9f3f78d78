package dev.dinojvm.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.plugin.PluginSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sinkhorn-Knopp and KoLeo are refused at configuration time where they cannot work or would not be exact. */
class WholeBatchTermsConfigTest {

    private static final PluginRegistry REGISTRY =
            PluginRegistry.load(List.of(PluginSource.classPath(WholeBatchTermsConfigTest.class.getClassLoader())), false);

    private static DinoSettings load(String... assignments) {
        return new ConfigLoader(REGISTRY, Map.of()).load(new ConfigInput(null, List.of(), List.of(assignments)));
    }

    @Test
    void sinkhornKnoppWithABatchOfOneIsOneLine() {
        assertThatThrownBy(() -> load("dino.teacher.centering=sinkhorn-knopp", "dino.train.batch-size=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dino.teacher.centering: sinkhorn-knopp needs a batch of at least 2 images, but dino.train.batch-size"
                        + " is 1; use center");
    }

    @Test
    void koleoWithAccumulationOrABatchOfOneIsRefused() {
        assertThatThrownBy(() -> load("dino.student.koleo-weight=0.1", "dino.train.accumulate-steps=2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dino.student.koleo-weight: KoLeo compares the images of the whole batch");
        assertThatThrownBy(() -> load("dino.student.koleo-weight=0.1", "dino.train.batch-size=1"))
                .hasMessageContaining("dino.student.koleo-weight: KoLeo needs a batch of at least 2 images");
    }

    @Test
    void dinov2sTermsAreAcceptedOtherwise() {
        EngineSettings.Loss loss = load("dino.teacher.centering=sinkhorn-knopp", "dino.student.koleo-weight=0.1").engine().loss();

        assertThat(loss.centering()).isEqualTo(EngineSettings.Centering.SINKHORN_KNOPP);
        assertThat(loss.koleoWeight()).isEqualTo(0.1);
    }
}

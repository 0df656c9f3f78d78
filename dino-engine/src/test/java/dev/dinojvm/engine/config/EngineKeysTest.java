package dev.dinojvm.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ConfigKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key catalogue is a public contract: names and defaults as documented for users and scripts. */
class EngineKeysTest {

    @Test
    void theCatalogueHoldsExactlyTheDocumentedKeysAndDefaults() {
        Map<String, String> documented = new LinkedHashMap<>();
        documented.put("dino.backbone.type", "vit");
        documented.put("dino.head.type", "dino-head");
        documented.put("dino.augmentation.type", "multi-crop");
        documented.put("dino.teacher.type", "cosine-ema");
        documented.put("dino.objective.type", "dino");
        documented.put("dino.plugins.dir", "plugins");
        documented.put("dino.data.path", null);
        documented.put("dino.data.limit", "0");
        documented.put("dino.data.workers", "0");
        documented.put("dino.train.epochs", "100");
        documented.put("dino.train.batch-size", "64");
        documented.put("dino.train.output", "runs/dino");
        documented.put("dino.train.seed", "0");
        documented.put("dino.train.device", "auto");
        documented.put("dino.train.checkpoint-every", "500");
        documented.put("dino.train.keep-checkpoints", "3");
        documented.put("dino.train.max-steps", "0");
        documented.put("dino.train.log-every", "10");
        documented.put("dino.train.precision", "fp32");
        documented.put("dino.train.devices", "1");
        documented.put("dino.train.accumulate-steps", "1");
        documented.put("dino.train.init-from", null);
        documented.put("dino.train.init-format", "auto");
        documented.put("dino.train.init-strict", "true");
        documented.put("dino.train.init-adapt-channels", "false");
        documented.put("dino.teacher.temperature", "0.04");
        documented.put("dino.teacher.warmup-temperature", "0.04");
        documented.put("dino.teacher.warmup-epochs", "0");
        documented.put("dino.teacher.center-momentum", "0.9");
        documented.put("dino.student.temperature", "0.1");
        documented.put("dino.teacher.centering", "center");
        documented.put("dino.student.koleo-weight", "0");
        documented.put("dino.ibot.loss-weight", "0");
        documented.put("dino.ibot.separate-head", "false");
        documented.put("dino.ibot.mask-probability", "0.5");
        documented.put("dino.ibot.mask-ratio-min", "0.1");
        documented.put("dino.ibot.mask-ratio-max", "0.5");
        documented.put("dino.optimizer.lr", "0.0005");
        documented.put("dino.optimizer.min-lr", "1e-6");
        documented.put("dino.optimizer.warmup-epochs", "10");
        documented.put("dino.optimizer.weight-decay", "0.04");
        documented.put("dino.optimizer.weight-decay-end", "0.4");
        documented.put("dino.optimizer.clip-grad", "3.0");
        documented.put("dino.optimizer.freeze-last-layer", "1");
        documented.put("dino.optimizer.freeze-backbone-epochs", "0");
        documented.put("dino.eval.knn-every", "0");
        documented.put("dino.eval.knn-k", "20");
        documented.put("dino.eval.knn-temperature", "0.07");
        documented.put("dino.eval.knn-train-limit", "0");
        documented.put("dino.eval.knn-test-limit", "0");
        documented.put("dino.eval.knn-baselines", "true");
        documented.put("dino.report.channels", null);
        documented.put("dino.distributed.world-size", null);
        documented.put("dino.distributed.rank", null);
        documented.put("dino.distributed.local-rank", null);
        documented.put("dino.distributed.master-addr", null);
        documented.put("dino.distributed.master-port", null);
        documented.put("dino.distributed.timeout", null);
        documented.put("dino.distributed.listen-address", null);

        Map<String, String> catalogue = new LinkedHashMap<>();
        for (ConfigKey key : EngineKeys.keys()) {
            catalogue.put(key.name(), key.defaultValue());
            assertThat(key.description()).as(key.name()).isNotBlank();
        }
        assertThat(catalogue).containsExactlyEntriesOf(documented);
    }

    @Test
    void fp32Fp16AndTf32AreAcceptedAndBfloat16IsRefusedWithTheReason() {
        ConfigKey precision = EngineKeys.key("dino.train.precision").orElseThrow();
        for (String accepted : java.util.List.of("fp32", "fp16", "tf32")) {
            assertThat(EngineKeys.problemWith(precision, accepted)).as(accepted).isEmpty();
        }
        assertThat(EngineKeys.problemWith(precision, "bf16")).hasValueSatisfying(
                message -> assertThat(message).contains("bf16 is not supported").contains("docs/performance.md"));
        assertThat(EngineKeys.problemWith(precision, "fp64")).hasValueSatisfying(message -> assertThat(message).contains("fp64"));
    }

    @Test
    void theInitialWeightsFormatsAreTheReadersFormats() {
        assertThat(EngineKeys.key("dino.train.init-format").orElseThrow().choices())
                .containsExactlyElementsOf(dev.dinojvm.engine.weights.WeightsFormat.names());
    }

    @Test
    void devicesAreAllACountOrGpuIndices() {
        ConfigKey devices = EngineKeys.key("dino.train.devices").orElseThrow();
        for (String accepted : java.util.List.of("all", "1", "8", "0,1,3", "0, 2")) {
            assertThat(EngineKeys.problemWith(devices, accepted)).as(accepted).isEmpty();
        }
        for (String refused : java.util.List.of("0", "-1", "two", "0,", "gpu")) {
            assertThat(EngineKeys.problemWith(devices, refused)).as(refused).hasValueSatisfying(
                    message -> assertThat(message).contains("expected all, a count").contains(refused));
        }
    }

    @Test
    void theSeedIsALongAndTextMustNotBeEmpty() {
        ConfigKey seed = EngineKeys.key("dino.train.seed").orElseThrow();
        assertThat(EngineKeys.problemWith(seed, "12345678901")).isEmpty();
        assertThat(EngineKeys.problemWith(seed, "1.5")).contains("expected an integer, got '1.5'");
        assertThat(EngineKeys.problemWith(EngineKeys.key("dino.train.output").orElseThrow(), " ")).contains("must not be empty");
    }

    @Test
    void theWarmUpMessageNamesWhereEachOfTheTwoValuesCameFrom() {
        Map<String, SettingValue> values = Map.of("dino.train.epochs", new SettingValue("1", "--epochs"),
                "dino.optimizer.warmup-epochs", new SettingValue("10", "default"),
                "dino.teacher.warmup-epochs", new SettingValue("0", "default"));

        assertThat(EngineKeys.crossKeyProblems(values)).containsExactly(new dev.dinojvm.api.ConfigProblem("dino.optimizer.warmup-epochs",
                "10 warm-up epochs (from default) do not fit in dino.train.epochs = 1 (from --epochs); lower it or train longer"));
    }

    @Test
    void suggestionsUseTheLevenshteinDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("flaw", "lawn")).isEqualTo(2);
        assertThat(Suggestions.distance("same", "same")).isZero();
        assertThat(Suggestions.closest("dino.train.epoch", java.util.List.of("dino.train.epochs", "dino.train.seed")))
                .contains("dino.train.epochs");
        assertThat(Suggestions.closest("nonsense", java.util.List.of("dino.train.epochs"))).isEmpty();
    }
}

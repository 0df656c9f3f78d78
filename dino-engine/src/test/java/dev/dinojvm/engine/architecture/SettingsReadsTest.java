package dev.dinojvm.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ConfigKey;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.job.TrainJob;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine reads its settings through {@code EngineSettings}: no class outside the {@code config}
 * package looks an engine setting up by its name, in the settings, a recorded configuration or any
 * map.
 */
class SettingsReadsTest {

    private static final String CONFIG_PACKAGE = "dev/dinojvm/engine/config/";
    private static final String DINO_SETTINGS = CONFIG_PACKAGE + "DinoSettings";
    /** Methods that look a value up by its key. */
    private static final Set<String> LOOKUPS = Set.of("get", "getOrDefault", "getProperty", "getValue", "getOptionalValue",
            "getConfigValue", "string", "integer", "longValue", "number", "bool", "optional", "userValue");
    private static final Set<String> KEY_NAMES = EngineKeys.keys().stream().map(ConfigKey::name).collect(Collectors.toSet());

    /** The reads by name among {@code calls}, one line each: caller, key. */
    static List<String> readsByName(List<CompiledCalls.Call> calls) {
        return calls.stream()
                .filter(call -> !call.callerClass().startsWith(CONFIG_PACKAGE))
                .filter(call -> LOOKUPS.contains(call.name())
                        && (call.owner().equals(DINO_SETTINGS) || call.constants().stream().anyMatch(KEY_NAMES::contains)))
                .map(call -> call.caller().replace('/', '.') + " reads "
                        + call.constants().stream().filter(KEY_NAMES::contains).findFirst().orElse("a setting") + " by name")
                .distinct().sorted().toList();
    }

    @Test
    void noEngineClassOutsideConfigReadsASettingByName() {
        List<CompiledCalls.Call> engine = CompiledCalls.inCodeSourceOf(TrainJob.class);
        assertThat(engine).as("the engine's classes were read").hasSizeGreaterThan(1000);

        assertThat(readsByName(engine)).isEmpty();
    }

    @Test
    void aLookupOfARecordedSettingIsFound() throws IOException {
        try (InputStream in = SettingsReadsTest.class.getResourceAsStream("SettingsReadsTest$ReadsByName.class")) {
            assertThat(readsByName(CompiledCalls.in(in.readAllBytes())))
                    .containsExactly("dev.dinojvm.engine.architecture.SettingsReadsTest$ReadsByName.epochs reads dino.train.epochs by name");
        }
    }

    /** What the check is for: a key's constant, inlined by the compiler, used to look a value up. */
    static final class ReadsByName {
        static int epochs(Map<String, String> recorded) {
            return Integer.parseInt(recorded.get(EngineKeys.TRAIN_EPOCHS));
        }
    }
}

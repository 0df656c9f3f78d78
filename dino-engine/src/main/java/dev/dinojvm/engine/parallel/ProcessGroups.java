package dev.dinojvm.engine.parallel;

import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Opens the process group that a job's {@link DistributedEnvironment} describes. */
public final class ProcessGroups {

    private ProcessGroups() {}

    /**
     * @param environment where this process stands in the job
     * @param settings the effective configuration, which every rank must share
     * @return {@link ProcessGroup#SINGLE} for a world of one process, else a connected {@link GlooProcessGroup}
     * @throws ProcessGroupException when the ranks cannot meet (see {@link GlooProcessGroup#open})
     */
    public static ProcessGroup open(DistributedEnvironment environment, DinoSettings settings) {
        if (!environment.isDistributed()) {
            return ProcessGroup.SINGLE;
        }
        return GlooProcessGroup.open(environment, configurationDigest(settings.asProperties()));
    }

    /**
     * @param properties effective settings
     * @return the SHA-256 of the settings that must be equal on every rank: all but the {@code
     *     dino.distributed.*} keys and the output directory, which may be mounted at different paths
     */
    static String configurationDigest(Map<String, String> properties) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(properties).forEach((key, value) -> {
            if (!key.startsWith("dino.distributed.") && !key.equals(EngineKeys.TRAIN_OUTPUT)) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package dev.dinojvm.engine.parallel;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.DinoSettings;
import dev.dinojvm.engine.config.EngineKeys;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.config.SettingValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process stands in a job of several processes, read from the variables that {@code torchrun},
 * Kubernetes' PyTorchJob and SLURM scripts set ({@code WORLD_SIZE}, {@code RANK}, {@code LOCAL_RANK},
 * {@code MASTER_ADDR}, {@code MASTER_PORT}), each of which a {@code dino.distributed.*} setting overrides.
 *
 * @param worldSize how many processes train together, at least 1
 * @param rank this process, {@code 0 ≤ rank < worldSize}
 * @param localRank this process among those of its machine (chooses its GPU), at least 0
 * @param masterAddress host of rank 0's rendezvous store; empty for a single process
 * @param masterPort its port, 1 to 65535; 0 for a single process
 * @param timeout how long to wait for the other processes, at the rendezvous and in every reduction
 */
public record DistributedEnvironment(
        int worldSize, int rank, int localRank, String masterAddress, int masterPort, Duration timeout) {

    /** The timeout when {@code dino.distributed.timeout} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /** @return whether other processes take part */
    public boolean isDistributed() {
        return worldSize > 1;
    }

    /**
     * Resolves the job's layout from the settings and the process environment, checking it whole.
     *
     * @param settings the effective configuration ({@code dino.distributed.*} keys win over variables)
     * @param environment the process environment, e.g. {@link System#getenv()}
     * @return the layout: a world of 1 when nothing asks for more than one process
     * @throws ConfigException naming every wrong or missing value and where it came from
     */
    public static DistributedEnvironment resolve(DinoSettings settings, Map<String, String> environment) {
        EngineSettings.Distributed set = settings.engine().distributed();
        Reader reader = new Reader(settings, environment);
        int worldSize = reader.integerOrVariable(set.worldSize(), EngineKeys.DISTRIBUTED_WORLD_SIZE, "WORLD_SIZE", 1, Integer.MAX_VALUE)
                .orElse(1);
        Optional<Integer> rank = reader.integerOrVariable(set.rank(), EngineKeys.DISTRIBUTED_RANK, "RANK", 0, Integer.MAX_VALUE);
        int localRank = reader.integerOrVariable(set.localRank(), EngineKeys.DISTRIBUTED_LOCAL_RANK, "LOCAL_RANK", 0, Integer.MAX_VALUE)
                .orElse(0);
        Optional<String> address = reader.textOrVariable(set.masterAddress(), EngineKeys.DISTRIBUTED_MASTER_ADDR, "MASTER_ADDR");
        Optional<Integer> port = reader.integerOrVariable(set.masterPort(), EngineKeys.DISTRIBUTED_MASTER_PORT, "MASTER_PORT", 1, 65_535);
        Duration timeout = reader.integerOrVariable(set.timeoutSeconds(), EngineKeys.DISTRIBUTED_TIMEOUT, null, 1, Integer.MAX_VALUE)
                .<Duration>map(Duration::ofSeconds).orElse(DEFAULT_TIMEOUT);
        if (worldSize > 1) {
            reader.require(rank, EngineKeys.DISTRIBUTED_RANK, "RANK", worldSize);
            reader.require(address, EngineKeys.DISTRIBUTED_MASTER_ADDR, "MASTER_ADDR", worldSize);
            reader.require(port, EngineKeys.DISTRIBUTED_MASTER_PORT, "MASTER_PORT", worldSize);
        }
        rank.filter(r -> r >= worldSize).ifPresent(r -> reader.problem(EngineKeys.DISTRIBUTED_RANK, "RANK",
                r + " is not a rank of a world of " + worldSize + " (0 to " + (worldSize - 1) + ")"));
        reader.throwIfAnyProblem();
        return worldSize == 1
                ? new DistributedEnvironment(1, 0, localRank, "", 0, timeout)
                : new DistributedEnvironment(worldSize, rank.orElseThrow(), localRank, address.orElseThrow(), port.orElseThrow(), timeout);
    }

    /** Takes each value from its setting, else from its variable, collecting every problem. */
    private static final class Reader {

        private final DinoSettings settings;
        private final Map<String, String> environment;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Reader(DinoSettings settings, Map<String, String> environment) {
            this.settings = settings;
            this.environment = environment;
        }

        /** @param variable the environment variable behind the key, or {@code null} when there is none */
        Optional<String> textOrVariable(Optional<String> setting, String key, String variable) {
            Optional<String> value = setting;
            if (value.isEmpty() && variable != null) {
                value = Optional.ofNullable(environment.get(variable)).map(String::trim);
            }
            if (value.isPresent() && value.get().isEmpty()) {
                problem(key, variable, "must not be empty");
                return Optional.empty();
            }
            return value;
        }

        Optional<Integer> integerOrVariable(Optional<Integer> setting, String key, String variable, int min, int max) {
            Optional<String> text = textOrVariable(setting.map(String::valueOf), key, variable);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            int value;
            try {
                value = Integer.parseInt(text.get());
            } catch (NumberFormatException e) {
                problem(key, variable, "expected an integer, got '" + text.get() + "'");
                return Optional.empty();
            }
            if (value < min || value > max) {
                problem(key, variable, "must be " + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                        + ", got " + value);
                return Optional.empty();
            }
            return Optional.of(value);
        }

        void require(Optional<?> value, String key, String variable, int worldSize) {
            if (value.isEmpty() && problems.stream().noneMatch(p -> p.key().equals(key))) {
                problems.add(new ConfigProblem(key, "is required for a world of " + worldSize
                        + " processes: set the environment variable " + variable + " or " + key));
            }
        }

        void problem(String key, String variable, String message) {
            problems.add(new ConfigProblem(key, message + " (from " + source(key, variable) + ")"));
        }

        void throwIfAnyProblem() {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        private String source(String key, String variable) {
            SettingValue setting = settings.all().get(key);
            return setting != null ? setting.source() : "environment variable " + variable;
        }
    }
}

package dev.dinojvm.engine.parallel;

import dev.dinojvm.api.ConfigProblem;
import dev.dinojvm.engine.config.ConfigException;
import dev.dinojvm.engine.config.EngineKeys;
import java.util.List;

/** Opens the process group that a job's {@link DistributedEnvironment} describes. */
public final class ProcessGroups {

    private ProcessGroups() {}

    /**
     * @param environment where this process stands in the job
     * @return {@link ProcessGroup#SINGLE} for a world of one process
     * @throws ConfigException for a larger world: this version has no binding to PyTorch's c10d yet
     *     (docs/distributed.md, "Status: blocked"), and N processes each training the whole model into
     *     the same output would be N times the work for one model
     */
    public static ProcessGroup open(DistributedEnvironment environment) {
        if (!environment.isDistributed()) {
            return ProcessGroup.SINGLE;
        }
        throw new ConfigException(List.of(new ConfigProblem(EngineKeys.DISTRIBUTED_WORLD_SIZE,
                "a world of " + environment.worldSize() + " processes was asked for (rank " + environment.rank()
                        + "), but this version cannot train across processes: its binding to PyTorch's c10d is blocked"
                        + " (docs/distributed.md, \"Status: blocked\"); run one process, without WORLD_SIZE or with"
                        + " WORLD_SIZE=1")));
    }
}

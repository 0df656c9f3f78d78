package dev.dinojvm.engine.parallel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.dinojvm.engine.util.HostReads;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Processes on one or many machines that sum arrays through Gloo, the collective library PyTorch's c10d
 * uses for CPU tensors: rank 0 serves the rendezvous store at {@code MASTER_ADDR:MASTER_PORT}, every rank
 * checks that all ranks run the same configuration, then Gloo connects every pair of ranks over TCP.
 *
 * <p>A reduction copies the arrays into one reusable native buffer, sums it with Gloo's all-reduce and
 * writes the totals back into the arrays: one Gloo call per step, nothing allocated per call once the
 * buffer has grown. Arrays on a GPU pass through host memory. A failed reduction names the rank that
 * stopped, when the store saw its connection drop, and leaves the group unusable.
 */
public final class GlooProcessGroup implements ProcessGroup {

    /** How long a failed reduction waits for rank 0's store to notice which rank dropped out. */
    private static final long DEPARTURE_NOTICE_MILLIS = 2_000;

    private final DistributedEnvironment environment;
    private final StoreServer server;
    private final StoreClient store;
    private final long group;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private long reductions;
    private String failure;
    private boolean closed;

    private GlooProcessGroup(DistributedEnvironment environment, StoreServer server, StoreClient store, long group) {
        this.environment = environment;
        this.server = server;
        this.store = store;
        this.group = group;
    }

    /**
     * Joins the job: returns once every rank has joined with the same configuration and Gloo has connected
     * them, or fails within the environment's timeout.
     *
     * @param environment this process's place in the job; its world size is above 1
     * @param configurationDigest a digest of the settings every rank must share
     * @return the connected group
     * @throws ProcessGroupException naming what went wrong: the port in use, ranks that did not join,
     *     ranks whose configuration differs, rank 0 unreachable
     */
    public static GlooProcessGroup open(DistributedEnvironment environment, String configurationDigest) {
        GlooNative.load();
        StoreServer server = environment.rank() == 0 ? StoreServer.start(environment.masterPort()) : null;
        StoreClient store = null;
        try {
            store = StoreClient.connect(environment.masterAddress(), environment.masterPort(), environment.rank(), environment.timeout());
            checkEveryRankJoinedWithTheSameConfiguration(store, environment, configurationDigest);
            long group;
            try {
                group = GlooNative.connect(environment.rank(), environment.worldSize(), store.localAddress(), store,
                        environment.timeout().toMillis());
            } catch (GlooException e) {
                throw new ProcessGroupException("rank " + environment.rank() + " could not connect to the other ranks with Gloo: "
                        + e.getMessage(), e);
            }
            return new GlooProcessGroup(environment, server, store, group);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    private static void checkEveryRankJoinedWithTheSameConfiguration(StoreClient store, DistributedEnvironment environment,
            String digest) {
        store.set(configurationKey(environment.rank()), digest.getBytes(StandardCharsets.UTF_8));
        String[] keys = new String[environment.worldSize()];
        Arrays.setAll(keys, GlooProcessGroup::configurationKey);
        List<String> missing = store.missing(keys, environment.timeout().toMillis());
        if (!missing.isEmpty()) {
            throw new ProcessGroupException(ranksOf(missing) + " did not join within " + environment.timeout().toSeconds()
                    + " s (world size " + environment.worldSize() + ", rendezvous at " + environment.masterAddress() + ":"
                    + environment.masterPort() + "): start all " + environment.worldSize() + " ranks with the same MASTER_ADDR and MASTER_PORT");
        }
        List<Integer> differing = new ArrayList<>();
        for (int rank = 0; rank < environment.worldSize(); rank++) {
            String theirs = new String(store.get(configurationKey(rank), 0), StandardCharsets.UTF_8);
            if (!theirs.equals(digest)) {
                differing.add(rank);
            }
        }
        if (!differing.isEmpty()) {
            // Every rank sees a difference when one exists. Each says it has compared, and waits (briefly) for
            // the others to have compared too: rank 0 serves the store, and leaving at once could keep the
            // others from reading the digests, so that they would report a lost store instead of this.
            String[] compared = new String[environment.worldSize()];
            Arrays.setAll(compared, rank -> "compared/" + rank);
            store.set(compared[environment.rank()], new byte[] {1});
            store.missing(compared, Math.min(environment.timeout().toMillis(), 10_000));
            throw new ProcessGroupException("the configuration of rank(s) " + differing + " differs from that of rank "
                    + environment.rank() + " (compared by digest, dino.distributed.* and dino.train.output aside):"
                    + " start every rank with the same configuration file, settings and DINO_* variables");
        }
    }

    private static String configurationKey(int rank) {
        return "config/" + rank;
    }

    private static String ranksOf(List<String> configurationKeys) {
        List<String> ranks = configurationKeys.stream().map(key -> key.substring("config/".length())).toList();
        return (ranks.size() == 1 ? "rank " : "ranks ") + String.join(", ", ranks);
    }

    @Override
    public int rank() {
        return environment.rank();
    }

    @Override
    public int worldSize() {
        return environment.worldSize();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for arrays that are not float32
     * @throws ProcessGroupException when a rank stopped or the reduction timed out; the group is then unusable
     */
    @Override
    public synchronized void sumInPlace(List<NDArray> arrays) {
        if (closed || failure != null) {
            throw new IllegalStateException(closed ? "the process group is closed" : "the process group failed earlier: " + failure);
        }
        long count = 0;
        for (NDArray array : arrays) {
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("only float32 arrays can be summed across processes, got " + array.getDataType());
            }
            count += array.size();
        }
        if (count == 0) {
            return;
        }
        ByteBuffer floats = buffer(count);
        for (NDArray array : arrays) {
            copyToHost(array, floats);
        }
        try {
            GlooNative.sumFloats(group, floats, count, environment.timeout().toMillis());
        } catch (GlooException e) {
            ProcessGroupException explained = explain(e);
            failure = explained.getMessage();
            throw explained;
        }
        int offset = 0;
        for (NDArray array : arrays) {
            int bytes = Math.toIntExact(array.size() * Float.BYTES);
            array.set(floats.slice(offset, bytes));
            offset += bytes;
        }
        reductions++;
    }

    /** @return the reusable buffer, grown to hold {@code count} floats, cleared */
    private ByteBuffer buffer(long count) {
        int bytes = Math.toIntExact(count * Float.BYTES);
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        return buffer;
    }

    private static void copyToHost(NDArray array, ByteBuffer floats) {
        if (array.getDevice().isGpu()) {
            try (NDArray host = array.toDevice(Device.cpu(), true)) {
                floats.put(HostReads.bytes(host, HostReads.Reason.CROSS_PROCESS_SUM));
            }
        } else {
            // a view of the array's own memory when it is dense and contiguous, as gradients are
            floats.put(HostReads.bytes(array, HostReads.Reason.CROSS_PROCESS_SUM));
        }
    }

    private ProcessGroupException explain(GlooException e) {
        String step = "reduction " + (reductions + 1);
        List<Integer> departed;
        try {
            departed = store.departedRanks(DEPARTURE_NOTICE_MILLIS);
        } catch (ProcessGroupException storeLost) {
            return new ProcessGroupException("rank 0 (" + environment.masterAddress() + ":" + environment.masterPort()
                    + ") stopped during " + step + "; rank " + rank() + " stops too (Gloo: " + e.getMessage() + ")", e);
        }
        if (!departed.isEmpty()) {
            return new ProcessGroupException((departed.size() == 1 ? "rank " + departed.get(0) : "ranks " + departed)
                    + " stopped during " + step + "; rank " + rank() + " stops too (Gloo: " + e.getMessage() + ")", e);
        }
        return new ProcessGroupException(step + " failed on rank " + rank() + " within " + environment.timeout().toSeconds()
                + " s while every rank is still connected: a rank is stuck or the network is down (Gloo: " + e.getMessage() + ")", e);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        GlooNative.close(group);
        store.close();
        if (server != null) {
            server.close();
        }
    }
}

package dev.dinojvm.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real JVM processes on 127.0.0.1 summing DJL arrays through Gloo. */
class GlooProcessGroupTest {

    private final List<Rank> started = new ArrayList<>();

    @BeforeAll
    static void needsTheBinding() {
        assumeTrue(GlooNative.class.getResource("/native/linux-x86_64/libdino_gloo.so") != null,
                "the Gloo binding is built only where libgloo-dev is installed (.ci/run installs it)");
    }

    @AfterEach
    void stopRanks() {
        started.forEach(rank -> rank.process.destroyForcibly());
    }

    @Test
    void twoRanksSumLikeOneProcessWouldAdd() throws Exception {
        assertSums(2);
    }

    @Test
    void threeRanksSumLikeOneProcessWouldAdd() throws Exception {
        assertSums(3);
    }

    private void assertSums(int worldSize) throws Exception {
        int port = freePort();
        List<Rank> ranks = IntStream.range(0, worldSize).mapToObj(r -> start(r, worldSize, port, Map.of(), "sum")).toList();

        // the totals, added here independently: rank r gave a = [r·10 + i], b = (r + 1)/4, c = [r]
        float ranksTimesTen = 10f * worldSize * (worldSize - 1) / 2;
        String a = IntStream.range(0, 6).mapToObj(i -> Float.toString(worldSize * i + ranksTimesTen)).collect(Collectors.joining(","));
        float b = 0.25f * worldSize * (worldSize + 1) / 2;
        float c = worldSize * (worldSize - 1) / 2f;
        for (Rank rank : ranks) {
            assertThat(rank.exitWithin(60)).as(rank.output()).isZero();
            assertThat(rank.lines).as(rank.output()).containsSubsequence(
                    "joined rank " + rank.rank + " of " + worldSize,
                    "a " + a + " shape (2, 3)", "b min " + b + " max " + b, "c " + c,
                    "a " + a + " shape (2, 3)", "b min " + b + " max " + b, "c " + c,
                    "a " + a + " shape (2, 3)", "b min " + b + " max " + b, "c " + c);
        }
    }

    @Test
    void threeRanksOnSharesOfABatchGetTheGradientOfOneProcessOnTheWholeBatch() throws Exception {
        float[] whole;
        try (NDManager manager = NDManager.newBaseManager()) {
            whole = RankProcess.gradient(manager, 0, 12, 1f).toFloatArray();
        }
        int port = freePort();
        List<Rank> ranks = IntStream.range(0, 3).mapToObj(r -> start(r, 3, port, Map.of(), "gradient", "12")).toList();

        for (Rank rank : ranks) {
            assertThat(rank.exitWithin(60)).as(rank.output()).isZero();
            String[] values = rank.lineStartingWith("gradient ").substring("gradient ".length()).split(",");
            assertThat(values).hasSize(whole.length);
            for (int i = 0; i < whole.length; i++) {
                assertThat(Float.parseFloat(values[i])).as("element %d on rank %d", i, rank.rank).isCloseTo(whole[i], within(1e-5f));
            }
        }
        float largest = 0;
        for (float value : whole) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertThat(largest).as("the largest element of a gradient worth comparing").isGreaterThan(1e-2f);
    }

    @Test
    void aRankThatDiesStopsTheOthersWithItsRank() throws Exception {
        int port = freePort();
        List<Rank> ranks = IntStream.range(0, 3).mapToObj(r -> start(r, 3, port, Map.of(), "loop", "100000", "1000", "50")).toList();
        ranks.get(2).awaitLine("step 5", 60);

        ranks.get(2).process.destroyForcibly();

        for (Rank survivor : ranks.subList(0, 2)) {
            assertThat(survivor.exitWithin(30)).as(survivor.output()).isEqualTo(1);
            assertThat(survivor.output()).contains("error: rank 2 stopped during reduction");
        }
    }

    @Test
    void aMissingRankIsNamedAtTheTimeout() throws Exception {
        Rank alone = start(0, 2, freePort(), Map.of("TEST_TIMEOUT", "3"), "sum");

        assertThat(alone.exitWithin(30)).as(alone.output()).isEqualTo(1);
        assertThat(alone.output()).contains("error: rank 1 did not join within 3 s (world size 2, rendezvous at 127.0.0.1:");
    }

    @Test
    void aPortInUseIsSaid() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Rank rank0 = start(0, 2, taken.getLocalPort(), Map.of(), "sum");

            assertThat(rank0.exitWithin(30)).as(rank0.output()).isEqualTo(1);
            assertThat(rank0.output()).contains("error: MASTER_PORT " + taken.getLocalPort() + " is in use on this machine");
        }
    }

    @Test
    void ranksWithDifferentConfigurationsRefuseToTrainTogether() throws Exception {
        int port = freePort();
        Rank rank0 = start(0, 2, port, Map.of("TEST_RECIPE", "1"), "sum");
        Rank rank1 = start(1, 2, port, Map.of("TEST_RECIPE", "2"), "sum");

        assertThat(rank0.exitWithin(60)).as(rank0.output()).isEqualTo(1);
        assertThat(rank0.output()).contains("error: the configuration of rank(s) [1] differs from that of rank 0");
        assertThat(rank1.exitWithin(60)).as(rank1.output()).isEqualTo(1);
        assertThat(rank1.output()).contains("error: the configuration of rank(s) [0] differs from that of rank 1");
    }

    @Test
    void residentMemoryStaysFlatOverManyReductions() throws Exception {
        int port = freePort();
        List<Rank> ranks = IntStream.range(0, 2).mapToObj(r -> start(r, 2, port, Map.of(), "loop", "3000", "262144", "0")).toList();

        for (Rank rank : ranks) {
            assertThat(rank.exitWithin(300)).as(rank.output()).isZero();
            assertThat(rank.lines).as(rank.output()).contains("value 1.0");
            String[] rss = rank.lineStartingWith("rss ").split(" ");
            long before = Long.parseLong(rss[1]);
            long after = Long.parseLong(rss[2]);
            // a leak of the 1 MiB array per reduction would be ~3 GiB; of one small object per call, still megabytes
            assertThat(after - before).as(rank.output()).isLessThan(16 * 1024);
            System.out.println("rank " + rank.rank + ": resident " + before + " -> " + after + " KiB, " + rank.lineStartingWith("ms per reduction"));
        }
    }

    private Rank start(int rank, int worldSize, int port, Map<String, String> extra, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Xmx512m", RankProcess.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("DINO_") || List.of("WORLD_SIZE", "RANK", "LOCAL_RANK").contains(name));
        environment.putAll(Map.of("WORLD_SIZE", Integer.toString(worldSize), "RANK", Integer.toString(rank),
                "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", Integer.toString(port)));
        environment.putAll(extra);
        try {
            Rank started = new Rank(rank, builder.start());
            this.started.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A started rank and the lines it printed so far. */
    private static final class Rank {
        final int rank;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Rank(int rank, Process process) {
            this.rank = rank;
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e.getMessage() + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** @return the exit code, or -1 when the process had not ended in time (it is then killed) */
        int exitWithin(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            reader.join(5_000);
            return process.exitValue();
        }

        void awaitLine(String line, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!lines.contains(line)) {
                assertThat(System.nanoTime()).as("rank %d printed no '%s' in time: %s", rank, line, output()).isLessThan(deadline);
                assertThat(process.isAlive()).as("rank %d ended early: %s", rank, output()).isTrue();
                Thread.sleep(50);
            }
        }

        String lineStartingWith(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " missing: " + output()));
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}

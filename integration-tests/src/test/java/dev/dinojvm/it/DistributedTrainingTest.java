package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code dino train} processes over 127.0.0.1 (Gloo) train exactly what one process trains on the
 * whole batch: each takes half of every batch, the gradients and center statistics are summed between
 * them, and rank 0 alone writes the run.
 */
class DistributedTrainingTest {

    private static final int STEPS = 12;

    @Test
    void twoRanksOnHalfBatchesEqualOneProcessOnTheWholeBatch(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(DinoProcess.packagedWithGlooBinding(),
                "the packaged application has no Gloo binding: it is built only where Debian's libgloo-dev is installed"
                        + " when Maven starts (.ci/run installs it)");
        Path data = TrainingData.shapes(dir.resolve("data"), 32);
        String[] common = {"--max-steps", String.valueOf(STEPS), "--set", "dino.backbone.drop-path=0", "--set", "dino.train.log-every=1"};

        DinoProcess.Result single = DinoProcess.run(dir, concat(TrainingData.tinyModel(data, dir.resolve("single")), common));
        assertThat(single.exitCode()).as(single.output()).isZero();

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path shared = dir.resolve("two");
        try (DinoProcess rank0 = DinoProcess.start(dir, List.of(), rank(data, shared, common, 0, port));
                DinoProcess rank1 = DinoProcess.start(dir, List.of(), rank(data, shared, common, 1, port))) {
            DinoProcess.Result first = rank0.await(Duration.ofMinutes(5));
            DinoProcess.Result second = rank1.await(Duration.ofMinutes(5));
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(first.output()).contains("Process 0 of 2");
            assertThat(second.output()).contains("Process 1 of 2").doesNotContain("Report:");
        }

        List<JsonObject> expected = Metrics.read(dir.resolve("single")).stream().filter(m -> m.has("loss")).toList();
        List<JsonObject> actual = Metrics.read(shared).stream().filter(m -> m.has("loss")).toList();
        assertThat(actual).hasSize(STEPS).hasSameSizeAs(expected);
        for (int i = 0; i < STEPS; i++) {
            assertThat(actual.get(i).get("loss").getAsDouble()).as("loss of iteration " + i)
                    .isCloseTo(expected.get(i).get("loss").getAsDouble(), org.assertj.core.api.Assertions.within(1e-4));
        }
        Map<String, TensorFiles.Tensor> one = TensorFiles.readSafetensors(dir.resolve("single/backbone.safetensors"));
        Map<String, TensorFiles.Tensor> two = TensorFiles.readSafetensors(shared.resolve("backbone.safetensors"));
        assertThat(two.keySet()).isEqualTo(one.keySet());
        one.forEach((name, tensor) -> {
            float[] a = tensor.values();
            float[] b = two.get(name).values();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as(name + "[" + i + "]").isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-4f));
            }
        });
    }

    private static String[] rank(Path data, Path output, String[] common, int rank, int port) {
        return concat(TrainingData.tinyModel(data, output), concat(common, new String[] {
            "--set", "dino.distributed.world-size=2", "--set", "dino.distributed.rank=" + rank,
            "--set", "dino.distributed.master-addr=127.0.0.1", "--set", "dino.distributed.master-port=" + port,
            "--set", "dino.distributed.timeout=120"}));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

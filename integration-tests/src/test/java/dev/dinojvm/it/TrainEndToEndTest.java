package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEndToEndTest {

    @Test
    void trainsOnGeneratedImagesSkipsACorruptOneAndExportsTheBackbone(@TempDir Path dir) throws Exception {
        Path data = TrainingData.shapes(dir.resolve("data"), 40);
        Files.writeString(data.resolve("circles").resolve("broken.png"), "this is not a PNG");
        Path output = dir.resolve("run");

        DinoProcess.Result result = DinoProcess.run(dir, TrainingData.tinyModel(data, output, "--epochs", "2"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("broken.png").containsIgnoringCase("skipped")
                .contains("(all 1 in " + output.resolve("unreadable-images.tsv") + ")");
        assertThat(Files.readAllLines(output.resolve("unreadable-images.tsv"))).singleElement().asString()
                .matches("\\d+\t.*broken\\.png\t.+");
        assertThat(result.output()).doesNotContain("Exception");
        List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
        assertThat(metrics).hasSize(11); // 41 files, batch 8, drop_last: 5 iterations × 2 epochs, then the closing comparison
        for (int i = 0; i < 10; i++) {
            assertThat(metrics.get(i)).startsWith("{\"iteration\":" + i + ",");
        }
        // The closing k-NN comparison leaves the unreadable image out, says so, and runs on the 40 others (every 5th
        // of the 41 held out as queries, the broken one among them).
        assertThat(result.output()).containsPattern("note: k-NN queries: 1 unreadable image\\(s\\) left out: \\S*broken\\.png");
        assertThat(metrics.get(10)).contains("\"record\":\"demo_comparison\"").contains("\"bank\":32,\"queries\":8");
        try (Stream<Path> checkpoints = Files.list(output.resolve("checkpoints"))) {
            assertThat(checkpoints.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ckpt-000000005", "ckpt-000000010");
        }

        JsonObject header = Safetensors.header(output.resolve("backbone.safetensors"));
        assertThat(header.keySet()).contains("cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias",
                "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.weight", "blocks.0.mlp.fc1.weight",
                "blocks.0.mlp.fc2.bias", "norm.weight", "norm.bias");
        assertThat(header.keySet()).noneMatch(name -> name.startsWith("head") || name.startsWith("backbone."));
        JsonObject pos = header.getAsJsonObject("pos_embed");
        assertThat(pos.get("dtype").getAsString()).isEqualTo("F32");
        assertThat(shape(pos.getAsJsonArray("shape"))).containsExactly(1L, 17L, 32L); // 1 + (16/4)², dim 32
        assertThat(shape(header.getAsJsonObject("blocks.0.attn.qkv.weight").getAsJsonArray("shape"))).containsExactly(96L, 32L);
        long payload = Files.size(output.resolve("backbone.safetensors")) - 8 - headerLength(output.resolve("backbone.safetensors"));
        long covered = header.keySet().stream().mapToLong(k -> {
            JsonArray offsets = header.getAsJsonObject(k).getAsJsonArray("data_offsets");
            return offsets.get(1).getAsLong() - offsets.get(0).getAsLong();
        }).sum();
        assertThat(covered).isEqualTo(payload);
    }

    private static long headerLength(Path file) throws Exception {
        byte[] first = new byte[8];
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(first, 0, 8);
        }
        return java.nio.ByteBuffer.wrap(first).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static List<Long> shape(JsonArray array) {
        List<Long> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsLong()));
        return out;
    }
}

package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bench/gpu-check.sh in its CPU mode, so that the script the GPU machines run cannot rot. */
class GpuCheckScriptTest {

    @Test
    void runsEveryStepWithTinyModelsOnTheCpu() throws Exception {
        Path root = Path.of(System.getProperty("dino.root")).toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", root.resolve("bench/gpu-check.sh").toString(), "--cpu")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        List<JsonObject> lines = output.lines().filter(l -> l.startsWith("{")).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertThat(lines).as(output).hasSize(4);
        assertThat(lines.subList(0, 3)).extracting(j -> j.getAsJsonObject("config").get("precision").getAsString())
                .containsExactly("fp32", "tf32", "fp16");
        lines.forEach(j -> assertThat(j.get("training_images_per_second").getAsDouble()).isPositive());
        assertThat(lines.get(2).get("loss_scale").getAsDouble()).isPositive();
        assertThat(output).contains("fp16 losses: ").contains("fp32 losses: ").contains("gpu-check: all steps passed");
        String fp16 = output.lines().filter(l -> l.startsWith("fp16 losses: ")).findFirst().orElseThrow();
        assertThat(fp16.substring("fp16 losses: ".length()).split(",")).hasSize(5);
    }
}

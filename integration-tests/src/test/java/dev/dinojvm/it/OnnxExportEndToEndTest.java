package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dino export --format onnx} of a freshly trained checkpoint: the file passes ONNX's checker and,
 * run by ONNX Runtime in this test's JVM, gives the features and patch tokens that {@code dino embed}
 * computes with libtorch; {@code dino embed --engine onnxruntime} gives them too. Bad input exits 2.
 */
class OnnxExportEndToEndTest {

    private static final int SIZE = 16;
    private static final int IMAGES = 7;
    private static final int DIM = 32;
    private static final int TOKENS = 1 + (SIZE / 4) * (SIZE / 4);
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    @TempDir
    static Path work;

    static Path run;
    static Path queries;
    static float[] pixels;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        Path data = TrainingData.shapes(work.resolve("data"), 16);
        run = work.resolve("run");
        DinoProcess.Result trained = DinoProcess.run(work, TrainingData.tinyModel(data, run, "--max-steps", "3"));
        assertThat(trained.exitCode()).as(trained.output()).isZero();
        // Images of the model's own size: embedding only normalises them, as this test does for ONNX Runtime.
        queries = Files.createDirectories(work.resolve("queries"));
        Random random = new Random(5);
        pixels = new float[IMAGES * 3 * SIZE * SIZE];
        for (int i = 0; i < IMAGES; i++) {
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int rgb = random.nextInt(0x1000000);
                    image.setRGB(x, y, rgb);
                    for (int c = 0; c < 3; c++) {
                        int value = (rgb >> (16 - 8 * c)) & 0xff;
                        pixels[((i * 3 + c) * SIZE + y) * SIZE + x] = (value / 255f - MEAN[c]) / STD[c];
                    }
                }
            }
            ImageIO.write(image, "png", queries.resolve("q-" + i + ".png").toFile());
        }
    }

    @Test
    void theExportRunByOnnxRuntimeGivesTheFeaturesAndTokensOfLibtorch() throws Exception {
        Path model = work.resolve("model.onnx");
        DinoProcess.Result export = DinoProcess.run(work, "export", "--checkpoint", run.toString(), "--format", "onnx",
                "--input-size", "dynamic", "--outputs", "features,patch_tokens", "--output", model.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).contains("outputs features, patch_tokens");
        assertValidOnnx(model);
        float[] expected = embed("libtorch");

        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model.toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getOutputNames()).containsExactly("features", "patch_tokens");
            float[][] batch = run(session, pixels, IMAGES);
            compare("batch 7", batch, expected, 0, IMAGES);
            for (int i = 0; i < IMAGES; i++) {
                float[] one = Arrays.copyOfRange(pixels, i * 3 * SIZE * SIZE, (i + 1) * 3 * SIZE * SIZE);
                compare("batch 1, image " + i, run(session, one, 1), expected, i, 1);
            }
        }
    }

    @Test
    void embeddingWithOnnxRuntimeGivesLibtorchsTokens() throws Exception {
        float[] libtorch = embed("libtorch");
        float[] onnxRuntime = embed("onnxruntime");

        assertClose("all tokens", onnxRuntime, libtorch, DIM);
    }

    @Test
    void anOutputInAMissingDirectoryIsRefusedWithoutWork() throws Exception {
        Path output = work.resolve("missing").resolve("model.onnx");
        DinoProcess.Result result = DinoProcess.run(work, "export", "--checkpoint", run.toString(), "--format", "onnx",
                "--output", output.toString());

        assertOneErrorLine(result, "error: --output: the directory " + output.getParent() + " does not exist");
        assertThat(output.getParent()).doesNotExist();
    }

    @Test
    void aReadOnlyOutputIsLeftAsItWas() throws Exception {
        Path output = work.resolve("read-only.onnx");
        Files.writeString(output, "keep");
        Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("r--r--r--"));
        DinoProcess.Result result = DinoProcess.run(work, "export", "--checkpoint", run.toString(), "--format", "onnx",
                "--output", output.toString());

        assertOneErrorLine(result, "error: --output: " + output + " is read-only");
        assertThat(output).hasContent("keep");
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedWithoutAFile() throws Exception {
        Path weights = work.resolve("resnet.safetensors");
        Map<String, TensorFiles.Tensor> resnet = new LinkedHashMap<>();
        resnet.put("conv1.weight", new TensorFiles.Tensor(new long[] {8, 3, 7, 7}, new float[8 * 3 * 7 * 7]));
        resnet.put("fc.weight", new TensorFiles.Tensor(new long[] {10, 8}, new float[80]));
        TensorFiles.writeSafetensors(weights, resnet);
        Path output = work.resolve("resnet.onnx");

        DinoProcess.Result result = DinoProcess.run(work, "export", "--weights", weights.toString(), "--arch", "vit_tiny",
                "--format", "onnx", "--output", output.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output().lines().filter(l -> l.startsWith("error:")))
                .singleElement().satisfies(line -> assertThat(line).startsWith("error: --weights: resnet.safetensors does not fit the model"));
        assertThat(result.output()).doesNotContain("\tat ");
        assertThat(output).doesNotExist();
    }

    /** {@code dino embed --tokens all} of the query images: (7, 17, 32) flattened. */
    private static float[] embed(String engine) throws Exception {
        Path output = work.resolve("tokens-" + engine + ".npy");
        DinoProcess.Result result = DinoProcess.run(work, "embed", "--checkpoint", run.toString(), "--data", queries.toString(),
                "--tokens", "all", "--engine", engine, "--output", output.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        TensorFiles.Tensor tokens = TensorFiles.readNpy(output);
        assertThat(tokens.shape()).containsExactly(IMAGES, TOKENS, DIM);
        return tokens.values();
    }

    /** @return the outputs features (n, D) and patch_tokens (n, P, D) */
    private static float[][] run(OrtSession session, float[] images, int n) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(images),
                new long[] {n, 3, SIZE, SIZE}); OrtSession.Result result = session.run(Map.of("images", input))) {
            return new float[][] {values((OnnxTensor) result.get("features").orElseThrow()),
                values((OnnxTensor) result.get("patch_tokens").orElseThrow())};
        }
    }

    /** Compares ONNX Runtime's outputs for images {@code first..first+n} with embed's tokens of those images. */
    private static void compare(String what, float[][] outputs, float[] tokens, int first, int n) {
        float[] cls = new float[n * DIM];
        float[] patches = new float[n * (TOKENS - 1) * DIM];
        for (int i = 0; i < n; i++) {
            int image = (first + i) * TOKENS * DIM;
            System.arraycopy(tokens, image, cls, i * DIM, DIM);
            System.arraycopy(tokens, image + DIM, patches, i * (TOKENS - 1) * DIM, (TOKENS - 1) * DIM);
        }
        assertClose(what + " features", outputs[0], cls, DIM);
        assertClose(what + " patch tokens", outputs[1], patches, DIM);
    }

    /** Each row within cosine 0.99999 and absolute difference 1e-4. */
    private static void assertClose(String what, float[] actual, float[] expected, int row) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int r = 0; r < expected.length / row; r++) {
            double dot = 0;
            double a = 0;
            double b = 0;
            for (int i = r * row; i < (r + 1) * row; i++) {
                dot += (double) actual[i] * expected[i];
                a += (double) actual[i] * actual[i];
                b += (double) expected[i] * expected[i];
                assertThat((double) Math.abs(actual[i] - expected[i])).as("%s row %d value %d", what, r, i).isLessThanOrEqualTo(1e-4);
            }
            assertThat(dot / Math.sqrt(a * b)).as("%s row %d cosine", what, r).isGreaterThanOrEqualTo(0.99999);
        }
    }

    private static float[] values(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static void assertOneErrorLine(DinoProcess.Result result, String line) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly(line);
        assertThat(result.output()).doesNotContain("\tat ");
    }

    /** ONNX's own checker, from Debian's python3-onnx. */
    static void assertValidOnnx(Path model) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('valid')",
                model.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(output).as("onnx.checker on " + model).startsWith("valid");
    }
}

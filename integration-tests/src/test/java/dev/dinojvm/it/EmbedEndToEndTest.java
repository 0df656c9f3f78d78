package dev.dinojvm.it;

import dev.dinojvm.plugins.vit.ReferenceVit;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dino embed --weights}: a tiny ViT's random weights in a safetensors file, images of the
 * model's size (so preprocessing is ToTensor + normalisation only), and the CLS features compared
 * with an independent double-precision transcription of the reference forward.
 */
class EmbedEndToEndTest {

    private static final int DIM = 8;
    private static final int DEPTH = 2;
    private static final int HEADS = 2;
    private static final int PATCH = 4;
    private static final int SIZE = 8;
    private static final int HIDDEN = 4 * DIM;
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};
    private static final String[] ARCHITECTURE = {
        "--arch", "vit_tiny", "--embed-dim", "" + DIM, "--depth", "" + DEPTH, "--heads", "" + HEADS,
        "--patch-size", "" + PATCH, "--image-size", "" + SIZE,
    };

    @Test
    void embedsEveryImageInDataOrderAsTheReferenceForwardDoes(@TempDir Path dir) throws Exception {
        Map<String, TensorFiles.Tensor> weights = randomVit(new Random(7));
        Path file = dir.resolve("vit.safetensors");
        TensorFiles.writeSafetensors(file, weights);
        Random random = new Random(11);
        Path images = Files.createDirectories(dir.resolve("images"));
        int count = 5;
        double[][][][] expectedInputs = new double[count][][][];
        for (int i = 0; i < count; i++) {
            expectedInputs[i] = writeRandomPng(images.resolve("img-" + i + ".png"), random);
        }
        Path output = dir.resolve("features.npy");

        DinoProcess.Result result = DinoProcess.run(dir, concat(new String[] {"embed", "--weights", file.toString(),
            "--data", images.toString(), "--output", output.toString(), "--batch-size", "2"}, ARCHITECTURE));

        assertThat(result.exitCode()).as(result.output()).isZero();
        TensorFiles.Tensor features = TensorFiles.readNpy(output);
        assertThat(features.shape()).containsExactly(count, DIM);
        Map<String, float[]> parameters = new LinkedHashMap<>();
        weights.forEach((name, tensor) -> parameters.put(name, tensor.values()));
        ReferenceVit reference = new ReferenceVit(parameters, DIM, DEPTH, HEADS, PATCH, SIZE, HIDDEN);
        for (int i = 0; i < count; i++) {
            double[] expected = reference.features(expectedInputs[i]);
            double dot = 0;
            double a = 0;
            double b = 0;
            for (int d = 0; d < DIM; d++) {
                double actual = features.values()[i * DIM + d];
                dot += actual * expected[d];
                a += actual * actual;
                b += expected[d] * expected[d];
            }
            assertThat(dot / Math.sqrt(a * b)).as("cosine similarity of image %d", i).isGreaterThan(0.9999);
        }
    }

    @Test
    void weightsOfAnotherArchitectureGiveOneErrorLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vit.safetensors");
        TensorFiles.writeSafetensors(file, randomVit(new Random(7)));
        Path images = Files.createDirectories(dir.resolve("images"));
        writeRandomPng(images.resolve("a.png"), new Random(1));
        String[] wrong = ARCHITECTURE.clone();
        wrong[2 + 1] = "16"; // --embed-dim 16 against weights of dimension 8

        DinoProcess.Result result = DinoProcess.run(dir, concat(new String[] {"embed", "--weights", file.toString(),
            "--data", images.toString(), "--output", dir.resolve("f.npy").toString()}, wrong));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsPattern("(?m)^error: .*has shape .*does the architecture match the weights\\?\\)$");
        assertThat(result.output()).doesNotContain("\tat ");
        assertThat(dir.resolve("f.npy")).doesNotExist();
    }

    /** Random parameters with the official names and shapes; LayerNorm weights near 1. */
    private static Map<String, TensorFiles.Tensor> randomVit(Random random) {
        Map<String, TensorFiles.Tensor> p = new LinkedHashMap<>();
        put(p, random, "cls_token", 1, 1, DIM);
        put(p, random, "pos_embed", 1, 1 + (SIZE / PATCH) * (SIZE / PATCH), DIM);
        put(p, random, "patch_embed.proj.weight", DIM, 3, PATCH, PATCH);
        put(p, random, "patch_embed.proj.bias", DIM);
        for (int b = 0; b < DEPTH; b++) {
            String prefix = "blocks." + b + ".";
            put(p, random, prefix + "norm1.weight", DIM);
            put(p, random, prefix + "norm1.bias", DIM);
            put(p, random, prefix + "attn.qkv.weight", 3 * DIM, DIM);
            put(p, random, prefix + "attn.qkv.bias", 3 * DIM);
            put(p, random, prefix + "attn.proj.weight", DIM, DIM);
            put(p, random, prefix + "attn.proj.bias", DIM);
            put(p, random, prefix + "norm2.weight", DIM);
            put(p, random, prefix + "norm2.bias", DIM);
            put(p, random, prefix + "mlp.fc1.weight", HIDDEN, DIM);
            put(p, random, prefix + "mlp.fc1.bias", HIDDEN);
            put(p, random, prefix + "mlp.fc2.weight", DIM, HIDDEN);
            put(p, random, prefix + "mlp.fc2.bias", DIM);
        }
        put(p, random, "norm.weight", DIM);
        put(p, random, "norm.bias", DIM);
        return p;
    }

    private static void put(Map<String, TensorFiles.Tensor> p, Random random, String name, long... shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        boolean normWeight = name.matches(".*norm\\d?\\.weight");
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((normWeight ? 1 : 0) + (normWeight ? 0.2 : 0.4) * random.nextGaussian());
        }
        p.put(name, new TensorFiles.Tensor(shape, values));
    }

    /** Writes a random RGB PNG of the model's size; returns the expected model input [c][y][x]. */
    private static double[][][] writeRandomPng(Path file, Random random) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        double[][][] input = new double[3][SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int[] rgb = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
                image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                for (int c = 0; c < 3; c++) {
                    input[c][y][x] = (rgb[c] / 255.0 - MEAN[c]) / STD[c];
                }
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return input;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

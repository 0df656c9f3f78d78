package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training, resuming and the closing comparison on images that are not 8-bit RGB (4-channel 16-bit arrays,
 * 16-bit grey PNGs), and the refusal of bad input before anything is written.
 */
class MultiChannelTrainingTest {

    private static final int SIDE = 16;
    private static final int IMAGES = 16;

    /** The stored value of image i at channel c, row y, column x. */
    private static int value(int i, int c, int y, int x) {
        return (i * 7919 + c * 13_003 + y * 997 + x * 101) % 65_536;
    }

    @Test
    void fourChannelSixteenBitArraysTrainWithTheirOwnStatisticsAndResumeWithThem(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        for (int i = 0; i < IMAGES; i++) {
            uint16Npy(data.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".npy"), i, 4);
        }
        Path output = dir.resolve("run");

        DinoProcess.Result first = DinoProcess.run(dir, TrainingData.tinyModel(data, output, "--epochs", "2", "--max-steps", "2"));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Normalising the 4 channels, 16-bit images with their own per-channel mean")
                .doesNotContain("Exception");
        Properties config = latestConfig(output);
        assertThat(config.getProperty("dino.backbone.in-chans")).isEqualTo("4");
        assertThat(config.getProperty("dino.augmentation.pixels")).isEqualTo("channels");
        String[] mean = config.getProperty("dino.augmentation.mean").split(",");
        String[] std = config.getProperty("dino.augmentation.std").split(",");
        assertThat(mean).hasSize(4);
        for (int c = 0; c < 4; c++) {
            double[] expected = meanAndStd(c);
            assertThat(Double.parseDouble(mean[c])).as("mean of channel %d", c).isCloseTo(expected[0], within(1e-6));
            assertThat(Double.parseDouble(std[c])).as("std of channel %d", c).isCloseTo(expected[1], within(1e-6));
        }
        JsonObject header = Safetensors.header(output.resolve("backbone.safetensors"));
        assertThat(header.getAsJsonObject("patch_embed.proj.weight").getAsJsonArray("shape").toString()).isEqualTo("[32,4,4,4]");

        DinoProcess.Result resumed = DinoProcess.run(dir, TrainingData.tinyModel(data, output, "--epochs", "2", "--resume",
                "--set", "dino.eval.knn-baselines=true"));

        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        // the statistics come from the checkpoint; the closing comparison's raw pixels are the 4 normalised channels
        assertThat(resumed.output()).doesNotContain("Normalising").contains("raw pixels");
        Properties after = latestConfig(output);
        assertThat(after.getProperty("dino.augmentation.mean")).isEqualTo(config.getProperty("dino.augmentation.mean"));
        assertThat(after.getProperty("dino.backbone.in-chans")).isEqualTo("4");
    }

    @Test
    void benchTakesTheInputChannelsAndTheStatisticsFromTheImagesAsTrainingDoes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        for (int i = 0; i < IMAGES; i++) {
            uint16Npy(data.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".npy"), i, 4);
        }
        List<String> args = new ArrayList<>(List.of(TrainingData.tinyModel(data, dir.resolve("unused"))));
        int output = args.indexOf("--output");
        args.remove(output + 1);
        args.remove(output);
        args.set(0, "bench");
        args.addAll(List.of("--steps", "1", "--warmup", "1"));

        DinoProcess.Result result = DinoProcess.run(dir, args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Normalising the 4 channels, 16-bit images with their own per-channel mean")
                .doesNotContain("Exception");
        String json = result.output().lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow();
        JsonObject model = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("config").getAsJsonObject("model");
        assertThat(model.get("backbone.in-chans").getAsString()).isEqualTo("4");
    }

    @Test
    void sixteenBitGreyPngsTrainOnOneChannel(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        for (int i = 0; i < IMAGES; i++) {
            BufferedImage png = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_USHORT_GRAY);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    png.getRaster().setSample(x, y, 0, value(i, 0, y, x));
                }
            }
            Files.createDirectories(data);
            ImageIO.write(png, "png", data.resolve(i + ".png").toFile());
        }
        Path output = dir.resolve("run");

        DinoProcess.Result result = DinoProcess.run(dir, TrainingData.tinyModel(data, output, "--epochs", "1"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Normalising the 1 channel, 16-bit images");
        assertThat(latestConfig(output).getProperty("dino.backbone.in-chans")).isEqualTo("1");
        JsonObject header = Safetensors.header(output.resolve("backbone.safetensors"));
        assertThat(header.getAsJsonObject("patch_embed.proj.weight").getAsJsonArray("shape").toString()).isEqualTo("[32,1,4,4]");
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path fixtures = Path.of(System.getProperty("dino.root")).resolve("dino-engine/src/test/resources/pixels");
        List<String> failures = new ArrayList<>();
        record Case(String name, String expected, String... extra) {}
        List<Case> cases = List.of(
                new Case("mixed", "the images mix channel counts or bit depths"),
                new Case("five-dimensions", "five-dimensions.npy"),
                new Case("nan", "NaN"),
                new Case("zstd", "compression"),
                new Case("mean-count", "dino.augmentation.mean: has 2 values but the training images are 4 channels, 16-bit",
                        "--set", "dino.augmentation.mean=0.1,0.2", "--set", "dino.augmentation.std=0.3,0.4"));
        for (Case c : cases) {
            Path data = dir.resolve(c.name());
            Path arrays = data.resolve("a");
            for (int i = 0; i < 4; i++) {
                uint16Npy(arrays.resolve(i + ".npy"), i, 4);
            }
            switch (c.name()) {
                case "mixed" -> TrainingData.shapes(data.resolve("png"), 2);
                case "five-dimensions" -> Files.copy(fixtures.resolve("five-dimensions.npy"), arrays.resolve("five-dimensions.npy"));
                case "nan" -> {
                    for (int i = 0; i < 4; i++) {
                        Files.copy(fixtures.resolve(i == 3 ? "nan.npy" : "chw-float32.npy"), arrays.resolve(i + ".npy"),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                case "zstd" -> Files.copy(fixtures.resolve("zstd.tif"), arrays.resolve("zstd.tif"));
                default -> { }
            }
            Path output = dir.resolve("out-" + c.name());
            List<String> args = new ArrayList<>(List.of(TrainingData.tinyModel(data, output, "--epochs", "1")));
            args.addAll(List.of(c.extra()));
            DinoProcess.Result result = DinoProcess.run(dir, args.toArray(String[]::new));
            String errors = result.output().lines().filter(l -> l.startsWith("error: ")).reduce("", (a, b) -> a + b + "\n");
            if (result.exitCode() != 2 || !errors.contains(c.expected()) || errors.lines().count() != 1
                    || result.output().contains("\tat ") || Files.exists(output.resolve("checkpoints"))
                    || Files.exists(output.resolve("metrics.jsonl"))) {
                failures.add(c.name() + ": exit " + result.exitCode() + "\n" + result.output());
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The mean and population std of channel c over every image's values / 65535, as floats, in double. */
    private static double[] meanAndStd(int c) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    sum += value(i, c, y, x) / 65535f;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double d = value(i, c, y, x) / 65535f - mean;
                    squares += d * d;
                }
            }
        }
        return new double[] {mean, Math.sqrt(squares / n)};
    }

    private static Properties latestConfig(Path output) throws IOException {
        Path latest;
        try (Stream<Path> checkpoints = Files.list(output.resolve("checkpoints"))) {
            latest = checkpoints.sorted().reduce((a, b) -> b).orElseThrow();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(latest.resolve("config.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** A SIDE × SIDE × channels uint16 {@code .npy} file of {@link #value}. */
    private static void uint16Npy(Path file, int image, int channels) throws IOException {
        String header = "{'descr': '<u2', 'fortran_order': False, 'shape': (" + SIDE + ", " + SIDE + ", " + channels + "), }";
        header += " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + 2 * channels * SIDE * SIDE).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                for (int c = 0; c < channels; c++) {
                    out.putShort((short) value(image, c, y, x));
                }
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, out.array());
    }
}

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes photo-like 500×375 JPEG images (quality 90) for the data-pipeline benchmark
 * (configs/jpeg-pipeline.yaml): smooth colour gradients, a few hard-edged shapes and pixel noise, so
 * that the files compress like photographs (tens of KB) rather than like flat synthetic images.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/GenerateJpegs.java DIR [COUNT]} (default 512).
 */
public final class GenerateJpegs {

    private static final int WIDTH = 500;
    private static final int HEIGHT = 375;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/GenerateJpegs.java DIR [COUNT]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("photo-%05d.jpg", i));
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image(new Random(i)), null, null), param);
            }
            bytes += Files.size(file);
        }
        writer.dispose();
        System.out.printf("%d images of %dx%d in %s, %.1f KB each on average%n", count, WIDTH, HEIGHT, dir, bytes / 1024.0 / count);
    }

    private static BufferedImage image(Random random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        double[] base = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
        double fx = 20 + 60 * random.nextDouble();
        double fy = 15 + 45 * random.nextDouble();
        int shapes = 3 + random.nextInt(5);
        int[][] boxes = new int[shapes][];
        for (int s = 0; s < shapes; s++) {
            int w = 40 + random.nextInt(200);
            int h = 40 + random.nextInt(150);
            boxes[s] = new int[] {random.nextInt(WIDTH - w), random.nextInt(HEIGHT - h), w, h, random.nextInt(0xffffff)};
        }
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = base[c] + 0.25 * Math.sin(x / fx + c) * Math.cos(y / fy - c) + 0.2 * (x + y) / (WIDTH + HEIGHT)
                            + 0.08 * random.nextGaussian();
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, 255 * v));
                }
                for (int[] b : boxes) {
                    if (x >= b[0] && x < b[0] + b[2] && y >= b[1] && y < b[1] + b[3]) {
                        int noise = random.nextInt(24) - 12;
                        rgb = mix(b[4], noise);
                    }
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static int mix(int rgb, int noise) {
        int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xff) + noise));
        int g = Math.max(0, Math.min(255, ((rgb >> 8) & 0xff) + noise));
        int b = Math.max(0, Math.min(255, (rgb & 0xff) + noise));
        return (r << 16) | (g << 8) | b;
    }
}

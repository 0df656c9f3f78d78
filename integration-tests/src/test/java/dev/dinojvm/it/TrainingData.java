package dev.dinojvm.it;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small generated image folders for end-to-end runs. */
final class TrainingData {

    private TrainingData() {}

    /** Writes {@code count} 32×32 PNGs of random coloured shapes into two class folders. */
    static Path shapes(Path root, int count) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            String label = i % 2 == 0 ? "circles" : "squares";
            Path dir = Files.createDirectories(root.resolve(label));
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillRect(0, 0, 32, 32);
            g.setColor(new Color(random.nextInt(0xffffff)));
            int size = 8 + random.nextInt(16);
            int x = random.nextInt(32 - size);
            int y = random.nextInt(32 - size);
            if (label.equals("circles")) {
                g.fillOval(x, y, size, size);
            } else {
                g.fillRect(x, y, size, size);
            }
            g.dispose();
            ImageIO.write(image, "png", dir.resolve(String.format("img-%03d.png", i)).toFile());
        }
        return root;
    }

    /** The arguments of a tiny, fast model on 32 px images. */
    static String[] tinyModel(Path data, Path output, String... more) {
        String[] base = {
            "train", "--data", data.toString(), "--output", output.toString(), "--batch-size", "8",
            "--set", "dino.backbone.embed-dim=32", "--set", "dino.backbone.depth=1", "--set", "dino.backbone.heads=2",
            "--set", "dino.backbone.patch-size=4", "--set", "dino.backbone.image-size=16",
            "--set", "dino.augmentation.global-size=16", "--set", "dino.augmentation.local-size=8",
            "--set", "dino.augmentation.local-crops=2", "--set", "dino.head.out-dim=256",
            "--set", "dino.head.hidden-dim=64", "--set", "dino.head.bottleneck-dim=32",
            "--set", "dino.optimizer.warmup-epochs=1", "--set", "dino.data.workers=1",
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}

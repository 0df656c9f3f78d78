package dev.dinojvm.plugins.multicrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {

    @Test
    void cropsStayWithinScaleAndRatioBounds() {
        SplittableRandom random = new SplittableRandom(11);
        int height = 375;
        int width = 500;
        double area = height * width;
        double[][] scales = {{0.4, 1.0}, {0.05, 0.4}};
        for (double[] scale : scales) {
            double smallest = Double.MAX_VALUE;
            double largest = 0;
            for (int i = 0; i < 5000; i++) {
                CropBox box = RandomResizedCrop.sampleBox(height, width, scale[0], scale[1], random);
                int w = box.width();
                int h = box.height();
                assertThat(box.top()).isBetween(0, height - h);
                assertThat(box.left()).isBetween(0, width - w);
                // w and h are the sampled sides rounded to integers, so each is within 0.5 of the
                // real-valued side whose area and ratio lie exactly in the bounds.
                assertThat((w - 0.5) * (h - 0.5)).isLessThanOrEqualTo(scale[1] * area);
                assertThat((w + 0.5) * (h + 0.5)).isGreaterThanOrEqualTo(scale[0] * area);
                assertThat((w - 0.5) / (h + 0.5)).isLessThanOrEqualTo(4.0 / 3.0);
                assertThat((w + 0.5) / (h - 0.5)).isGreaterThanOrEqualTo(3.0 / 4.0);
                smallest = Math.min(smallest, w * h / area);
                largest = Math.max(largest, w * h / area);
            }
            // The whole range is used, not a narrower one.
            assertThat(smallest).isLessThan(scale[0] + 0.01);
            assertThat(largest).isGreaterThan(scale[1] - 0.05);
        }
    }

    @Test
    void matchesTorchvisionGetParamsDrivenByTheSameSequence() {
        int[][] sizes = {{375, 500}, {500, 375}, {224, 224}, {12, 300}, {300, 12}, {3, 5}, {1, 1}};
        for (int[] size : sizes) {
            for (double[] scale : new double[][] {{0.4, 1.0}, {0.05, 0.4}, {0.9, 1.0}}) {
                SplittableRandom ours = new SplittableRandom(size[0] * 31L + size[1]);
                SplittableRandom theirs = new SplittableRandom(size[0] * 31L + size[1]);
                for (int i = 0; i < 500; i++) {
                    CropBox box = RandomResizedCrop.sampleBox(size[0], size[1], scale[0], scale[1], ours);
                    int[] expected = torchvisionGetParams(size[0], size[1], scale, theirs);
                    assertThat(new int[] {box.top(), box.left(), box.height(), box.width()})
                            .as("image %dx%d scale %s draw %d", size[0], size[1], scale[0], i)
                            .containsExactly(expected);
                }
            }
        }
    }

    @Test
    void fallsBackToACentredCropOfTheClampedRatio() {
        // 10 x 1000 can never hold 90 % of its area at a ratio within [3/4, 4/3]: every try fails.
        CropBox wide = RandomResizedCrop.sampleBox(10, 1000, 0.9, 1.0, new SplittableRandom(1));
        // h = 10, w = round(10 * 4/3) = 13, left = (1000 - 13) // 2 = 493
        assertThat(wide).isEqualTo(new CropBox(0, 493, 10, 13));
        CropBox tall = RandomResizedCrop.sampleBox(1000, 10, 0.9, 1.0, new SplittableRandom(1));
        // w = 10, h = round(10 / (3/4)) = 13, top = (1000 - 13) // 2 = 493
        assertThat(tall).isEqualTo(new CropBox(493, 0, 13, 10));
        assertThat(RandomResizedCrop.centreCrop(375, 500)).isEqualTo(new CropBox(0, 0, 375, 500));
    }

    /**
     * torchvision.transforms.RandomResizedCrop.get_params line by line, with torch.empty(1).uniform_(a, b)
     * as a + (b - a) * nextDouble() and torch.randint(0, n) as nextInt(n).
     */
    private static int[] torchvisionGetParams(int height, int width, double[] scale, SplittableRandom random) {
        double area = height * width;
        double[] logRatio = {Math.log(3.0 / 4.0), Math.log(4.0 / 3.0)};
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * (scale[0] + (scale[1] - scale[0]) * random.nextDouble());
            double aspectRatio = Math.exp(logRatio[0] + (logRatio[1] - logRatio[0]) * random.nextDouble());
            int w = (int) pythonRound(Math.sqrt(targetArea * aspectRatio));
            int h = (int) pythonRound(Math.sqrt(targetArea / aspectRatio));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int i = random.nextInt(height - h + 1);
                int j = random.nextInt(width - w + 1);
                return new int[] {i, j, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < 3.0 / 4.0) {
            w = width;
            h = (int) pythonRound(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            h = height;
            w = (int) pythonRound(h * (4.0 / 3.0));
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    /** Python 3 round(): halves go to the even neighbour. */
    private static double pythonRound(double v) {
        double floor = Math.floor(v);
        double diff = v - floor;
        if (diff > 0.5) {
            return floor + 1;
        }
        if (diff < 0.5) {
            return floor;
        }
        return floor % 2 == 0 ? floor : floor + 1;
    }
}

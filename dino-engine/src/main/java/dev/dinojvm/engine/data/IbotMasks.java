package dev.dinojvm.engine.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The iBOT masks of a batch's global crops, as DINOv2's {@code collate_data_and_cast} with its
 * block-wise {@code MaskingGenerator} draws them: {@code ⌊crops · probability⌋} crops are masked, the
 * i-th of them with a ratio drawn uniformly from the i-th of as many equal slices of {@code [minRatio,
 * maxRatio]}; the masks are rectangles of random area (at least 4 patches) and aspect ratio (0.3 to
 * 1/0.3) added until the count is reached, each crop at most half its patches; the masks are shuffled
 * over the crops. Python's random module is replaced by {@link Random}: the same distribution, other
 * draws.
 */
public final class IbotMasks {

    private static final int MIN_BLOCK_PATCHES = 4;
    private static final double MIN_ASPECT = 0.3;
    private static final int ATTEMPTS = 10;

    private final int side;
    private final double maxBlockPatches;

    /** @param side patches along each side of a global crop */
    public IbotMasks(int side) {
        this.side = side;
        this.maxBlockPatches = 0.5 * side * side; // the reference's max_num_patches
    }

    /**
     * @param crops global crops of the batch
     * @param probability the share of crops masked (DINOv2: 0.5)
     * @param minRatio the smallest share of a masked crop's patches (0.1)
     * @param maxRatio the largest (0.5)
     * @param random the source of randomness
     * @return {@code crops} masks of {@code side²} patches, row-major, {@code true} for masked
     */
    public List<boolean[]> draw(int crops, double probability, double minRatio, double maxRatio, Random random) {
        int patches = side * side;
        int masked = (int) (crops * probability);
        List<boolean[]> masks = new ArrayList<>(crops);
        for (int i = 0; i < masked; i++) {
            // torch.linspace(min, max, masked + 1) in float32, as the reference
            float low = (float) (minRatio + (maxRatio - minRatio) * i / masked);
            float high = (float) (minRatio + (maxRatio - minRatio) * (i + 1) / masked);
            masks.add(mask((int) (patches * (low + (high - low) * random.nextDouble())), random));
        }
        for (int i = masked; i < crops; i++) {
            masks.add(new boolean[patches]);
        }
        Collections.shuffle(masks, random);
        return masks;
    }

    /** {@code MaskingGenerator.__call__}: blocks until {@code target} patches are masked or no block fits. */
    boolean[] mask(int target, Random random) {
        boolean[] mask = new boolean[side * side];
        int count = 0;
        while (count < target) {
            double limit = Math.min(target - count, maxBlockPatches);
            int added = addBlock(mask, limit, random);
            if (added == 0) {
                break;
            }
            count += added;
        }
        return mask;
    }

    /** {@code MaskingGenerator._mask}: up to 10 tries at a rectangle adding between 1 and {@code limit} patches. */
    private int addBlock(boolean[] mask, double limit, Random random) {
        int added = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double area = MIN_BLOCK_PATCHES + (limit - MIN_BLOCK_PATCHES) * random.nextDouble();
            double aspect = Math.exp(Math.log(MIN_ASPECT) + (Math.log(1 / MIN_ASPECT) - Math.log(MIN_ASPECT)) * random.nextDouble());
            int h = (int) Math.rint(Math.sqrt(area * aspect)); // Python's round: half to even
            int w = (int) Math.rint(Math.sqrt(area / aspect));
            if (w < side && h < side) {
                int top = random.nextInt(side - h + 1);
                int left = random.nextInt(side - w + 1);
                int already = 0;
                for (int i = top; i < top + h; i++) {
                    for (int j = left; j < left + w; j++) {
                        already += mask[i * side + j] ? 1 : 0;
                    }
                }
                int fresh = h * w - already;
                if (fresh > 0 && fresh <= limit) {
                    for (int i = top; i < top + h; i++) {
                        for (int j = left; j < left + w; j++) {
                            if (!mask[i * side + j]) {
                                mask[i * side + j] = true;
                                added++;
                            }
                        }
                    }
                }
                if (added > 0) {
                    break;
                }
            }
        }
        return added;
    }
}

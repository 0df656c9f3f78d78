package dev.dinojvm.engine.train;

import java.util.ArrayList;
import java.util.List;

/** Splits a range of images into near-equal consecutive parts (the first ones one image larger when uneven). */
final class BatchSplit {

    private BatchSplit() {}

    /**
     * @param from the first image
     * @param to one past the last image
     * @param parts how many parts
     * @return {@code parts} ranges {@code {start, end}}, consecutive, covering {@code [from, to)}; some are
     *     empty when there are fewer images than parts
     */
    static List<int[]> ranges(int from, int to, int parts) {
        int images = to - from;
        List<int[]> ranges = new ArrayList<>(parts);
        int start = from;
        for (int i = 0; i < parts; i++) {
            int size = images / parts + (i < images % parts ? 1 : 0);
            ranges.add(new int[] {start, start + size});
            start += size;
        }
        return ranges;
    }
}

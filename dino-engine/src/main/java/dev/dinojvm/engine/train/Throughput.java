package dev.dinojvm.engine.train;

/** Images per second over a recent window and since the start. */
final class Throughput {

    private static final int WINDOW = 20;
    private final long startNanos = System.nanoTime();
    private final long[] times = new long[WINDOW];
    private final int[] images = new int[WINDOW];
    private int recorded;
    private long totalImages;

    void record(int imageCount) {
        times[recorded % WINDOW] = System.nanoTime();
        images[recorded % WINDOW] = imageCount;
        recorded++;
        totalImages += imageCount;
    }

    double imagesPerSecond() {
        int n = Math.min(recorded, WINDOW);
        if (n < 2) {
            return overallImagesPerSecond();
        }
        long newest = times[(recorded - 1) % WINDOW];
        long oldest = times[(recorded - n) % WINDOW];
        long count = 0;
        for (int i = 1; i < n; i++) {
            count += images[(recorded - i) % WINDOW];
        }
        return count / ((newest - oldest) / 1e9);
    }

    double secondsPerIteration() {
        return recorded == 0 ? 0 : elapsedSeconds() / recorded;
    }

    double overallImagesPerSecond() {
        return totalImages / Math.max(1e-9, elapsedSeconds());
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

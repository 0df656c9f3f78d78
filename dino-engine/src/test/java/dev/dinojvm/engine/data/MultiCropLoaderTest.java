package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.MultiCropViews;
import dev.dinojvm.engine.parallel.BatchShare;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MultiCropLoaderTest {

    private static final CropLayout LAYOUT = new CropLayout(2, 2, 3, 1);

    @Test
    void dropsTheLastIncompleteBatch() {
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(10), new CodingAugmentation(LAYOUT), 3, 1, 2, 2)) {
            assertThat(loader.batchesPerEpoch()).isEqualTo(3);

            List<CropBatch> batches = drain(loader.epoch(0, 0));

            assertThat(batches).extracting(CropBatch::batchIndex).containsExactly(0, 1, 2);
            assertThat(allIndices(batches)).hasSize(9).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 10);
        }
    }

    @Test
    void theAugmentationRunsWithTheLoaderOfItsClassAsContextLoader() throws IOException {
        CodingAugmentation augmentation = new CodingAugmentation(LAYOUT);
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        // Threads inherit the context loader of the thread that starts them: make it a stranger's.
        try (URLClassLoader stranger = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(stranger);
            try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(10), augmentation, 3, 1, 2, 2)) {
                drain(loader.epoch(0, 0));
            } finally {
                thread.setContextClassLoader(original);
            }
        }

        assertThat(augmentation.contextLoaders).containsExactly(CodingAugmentation.class.getClassLoader());
    }

    @Test
    void dataSetSmallerThanOneBatchIsRejected() {
        assertThatThrownBy(() -> new MultiCropLoader(new FakeSource(5), new CodingAugmentation(LAYOUT), 8, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 image")
                .hasMessageContaining("fewer than one batch of 8");
    }

    @Test
    void viewsAreLaidOutViewMajor() {
        int batchSize = 3;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(7), new CodingAugmentation(LAYOUT), batchSize, 5, 2, 1)) {
            CropBatch batch = loader.epoch(0, 0).next();

            int globalLength = 3 * 2 * 2;
            int localLength = 3 * 1 * 1;
            assertThat(batch.globalViews()).hasSize(2 * batchSize * globalLength);
            assertThat(batch.localViews()).hasSize(3 * batchSize * localLength);
            for (int b = 0; b < batchSize; b++) {
                int index = batch.indices()[b];
                assertThat(batch.labels()[b]).isEqualTo(index % 3);
                for (int v = 0; v < 2; v++) {
                    int start = (v * batchSize + b) * globalLength;
                    assertThat(batch.globalOffset(v, b)).isEqualTo(start);
                    // channel 0 = image index, channel 1 = view number (4 pixels per channel)
                    assertThat(Arrays.copyOfRange(batch.globalViews(), start, start + 8))
                            .containsExactly(index, index, index, index, v, v, v, v);
                }
                for (int v = 0; v < 3; v++) {
                    int start = (v * batchSize + b) * localLength;
                    assertThat(batch.localOffset(v, b)).isEqualTo(start);
                    assertThat(Arrays.copyOfRange(batch.localViews(), start, start + 2)).containsExactly(index, 2 + v);
                }
            }
        }
    }

    @Test
    void noLocalCropsGivesAnEmptyLocalArray() {
        CropLayout globalOnly = new CropLayout(2, 2, 0, 0);
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(4), new CodingAugmentation(globalOnly), 2, 5, 1, 1)) {
            CropBatch batch = loader.epoch(0, 0).next();

            assertThat(batch.localViews()).isEmpty();
            assertThat(batch.globalViews()).hasSize(2 * 2 * 12);
        }
    }

    @Test
    void everyImageAppearsOncePerEpoch() {
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(20), new CodingAugmentation(LAYOUT), 4, 9, 3, 2)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                assertThat(allIndices(drain(loader.epoch(epoch, 0))))
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBatchesWithOneOrThreeWorkers() {
        List<CropBatch> oneWorker = new ArrayList<>();
        List<CropBatch> threeWorkers = new ArrayList<>();
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(24), new CodingAugmentation(LAYOUT), 4, 42, 1, 1)) {
            oneWorker.addAll(drain(loader.epoch(0, 0)));
            oneWorker.addAll(drain(loader.epoch(1, 0)));
        }
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(24), new CodingAugmentation(LAYOUT), 4, 42, 3, 3)) {
            threeWorkers.addAll(drain(loader.epoch(0, 0)));
            threeWorkers.addAll(drain(loader.epoch(1, 0)));
        }

        assertSameBatches(threeWorkers, oneWorker);
    }

    @Test
    void eachRankPreparesOnlyItsShareAndTheSharesMakeTheWholeBatch() {
        List<CropBatch> whole;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(25), new CodingAugmentation(LAYOUT), 6, 42, 2, 1)) {
            whole = drain(loader.epoch(1, 0));
        }
        int ranks = 3;
        List<List<CropBatch>> shares = new ArrayList<>();
        List<Set<Integer>> loaded = new ArrayList<>();
        for (int rank = 0; rank < ranks; rank++) {
            FakeSource source = new FakeSource(25);
            try (MultiCropLoader loader = new MultiCropLoader(source, new CodingAugmentation(LAYOUT), BatchShare.of(6, rank, ranks), 42, 2, 1)) {
                assertThat(loader.batchesPerEpoch()).isEqualTo(4);
                shares.add(drain(loader.epoch(1, 0)));
            }
            loaded.add(source.loaded);
        }

        for (int b = 0; b < whole.size(); b++) {
            CropBatch expected = whole.get(b);
            for (int rank = 0; rank < ranks; rank++) {
                CropBatch share = shares.get(rank).get(b);
                assertThat(share.batchSize()).isEqualTo(2);
                for (int slot = 0; slot < 2; slot++) {
                    int wholeSlot = rank * 2 + slot;
                    assertThat(share.indices()[slot]).isEqualTo(expected.indices()[wholeSlot]);
                    assertThat(share.labels()[slot]).isEqualTo(expected.labels()[wholeSlot]);
                    assertThat(globalView(share, 1, slot)).isEqualTo(globalView(expected, 1, wholeSlot));
                }
            }
        }
        // Each rank decoded its 8 images of the epoch and no other rank's.
        for (int rank = 0; rank < ranks; rank++) {
            assertThat(loaded.get(rank)).hasSize(8);
            for (int other = rank + 1; other < ranks; other++) {
                assertThat(loaded.get(rank)).doesNotContainAnyElementsOf(loaded.get(other));
            }
        }
    }

    @Test
    void epochsAndSeedsChangeTheOrderAndTheViews() {
        List<CropBatch> epoch0;
        List<CropBatch> epoch1;
        List<CropBatch> otherSeed;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(32), new CodingAugmentation(LAYOUT), 4, 42, 2, 2)) {
            epoch0 = drain(loader.epoch(0, 0));
            epoch1 = drain(loader.epoch(1, 0));
        }
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(32), new CodingAugmentation(LAYOUT), 4, 43, 2, 2)) {
            otherSeed = drain(loader.epoch(0, 0));
        }

        assertThat(allIndices(epoch1)).isNotEqualTo(allIndices(epoch0));
        assertThat(allIndices(otherSeed)).isNotEqualTo(allIndices(epoch0));
        // The random channel of image 0's first global view differs between epochs.
        assertThat(randomChannelOfImage(epoch1, 0)).isNotEqualTo(randomChannelOfImage(epoch0, 0));
    }

    @Test
    void firstBatchResumesTheSameSequence() {
        List<CropBatch> full;
        List<CropBatch> resumed;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(24), new CodingAugmentation(LAYOUT), 4, 7, 2, 2)) {
            full = drain(loader.epoch(2, 0));
        }
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(24), new CodingAugmentation(LAYOUT), 4, 7, 2, 2)) {
            resumed = drain(loader.epoch(2, 4));
            assertThat(drain(loader.epoch(2, 6))).isEmpty();
        }

        assertThat(resumed).extracting(CropBatch::batchIndex).containsExactly(4, 5);
        assertSameBatches(resumed, full.subList(4, 6));
    }

    @Test
    void corruptImageIsReplacedByTheNextReadableOneAndReported() {
        List<Integer> clean;
        List<CropBatch> cleanBatches;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(8), new CodingAugmentation(LAYOUT), 4, 3, 2, 1)) {
            cleanBatches = drain(loader.epoch(0, 0));
            clean = allIndices(cleanBatches);
            assertThat(loader.skipped().isEmpty()).isTrue();
        }
        int broken = clean.get(5);

        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(8, Set.of(broken)), new CodingAugmentation(LAYOUT), 4, 3, 2, 1)) {
            List<CropBatch> batches = drain(loader.epoch(0, 0));

            List<Integer> expected = new ArrayList<>(clean);
            expected.set(5, clean.get(6));
            assertThat(allIndices(batches)).isEqualTo(expected);
            assertThat(batches.get(1).labels()[1]).isEqualTo(clean.get(6) % 3);
            // The stand-in has the same views as in its own slot (position 6 = batch 1, slot 2).
            assertThat(globalView(batches.get(1), 0, 1)).isEqualTo(globalView(cleanBatches.get(1), 0, 2));

            SkipReport report = loader.skipped();
            assertThat(report.count()).isEqualTo(1);
            assertThat(report.images()).hasSize(1);
            assertThat(report.images().get(0).index()).isEqualTo(broken);
            assertThat(report.images().get(0).description()).isEqualTo("fake-" + broken);
            assertThat(report.images().get(0).reason()).contains("broken bytes");
            assertThat(report.summary()).contains("fake-" + broken);
        }
    }

    @Test
    void replacementWrapsAroundAndSkipsSeveralUnreadableImages() {
        List<Integer> clean;
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(8), new CodingAugmentation(LAYOUT), 4, 3, 2, 1)) {
            clean = allIndices(drain(loader.epoch(1, 0)));
        }
        Set<Integer> broken = Set.of(clean.get(2), clean.get(3), clean.get(7));

        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(8, broken), new CodingAugmentation(LAYOUT), 4, 3, 3, 1)) {
            List<Integer> indices = allIndices(drain(loader.epoch(1, 0)));

            List<Integer> expected = new ArrayList<>(clean);
            expected.set(2, clean.get(4));
            expected.set(3, clean.get(4));
            expected.set(7, clean.get(0));
            assertThat(indices).isEqualTo(expected);
            assertThat(loader.skipped().count()).isEqualTo(3);
            assertThat(loader.skipped().images()).extracting(SkipReport.SkippedImage::index)
                    .containsExactlyElementsOf(broken.stream().sorted().toList());
        }
    }

    @Test
    void noReadableImageAtAllFailsTheBatch() {
        Set<Integer> all = Set.of(0, 1, 2, 3);
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(4, all), new CodingAugmentation(LAYOUT), 2, 3, 2, 1)) {
            Iterator<CropBatch> epoch = loader.epoch(0, 0);

            assertThatThrownBy(epoch::next)
                    .isInstanceOf(RuntimeException.class)
                    .rootCause()
                    .isInstanceOf(DataException.class) // the CLI's exit code 2: the data, not the program
                    .hasMessageContaining("none of the 4 images could be read");
            assertThat(loader.skipped().count()).isEqualTo(4);
        }
    }

    @Test
    void augmentationFailuresReachTheConsumer() {
        Augmentation failing = new CodingAugmentation(LAYOUT) {
            @Override
            public MultiCropViews apply(ImageArray image, RandomGenerator random) {
                if (indexOf(image) == 5) {
                    throw new IllegalStateException("boom");
                }
                return super.apply(image, random);
            }
        };
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(12), failing, 4, 3, 2, 2)) {
            Iterator<CropBatch> epoch = loader.epoch(0, 0);

            assertThatThrownBy(() -> drain(epoch))
                    .isInstanceOf(RuntimeException.class)
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("boom");
            assertThat(loader.skipped().isEmpty()).isTrue();
        }
    }

    @Test
    void viewsOfTheWrongSizeAreReported() {
        Augmentation wrong = new CodingAugmentation(LAYOUT) {
            @Override
            public MultiCropViews apply(ImageArray image, RandomGenerator random) {
                return new MultiCropViews(super.apply(image, random).views().subList(0, 4));
            }
        };
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(4), wrong, 2, 3, 1, 1)) {
            assertThatThrownBy(() -> loader.epoch(0, 0).next())
                    .isInstanceOf(RuntimeException.class)
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("returned 4 views for fake-")
                    .hasMessageContaining("promises 5");
        }
    }

    @Test
    void workersAreNamedDaemonThreadsThatShareEachBatch() {
        CodingAugmentation augmentation = new CodingAugmentation(LAYOUT);
        try (MultiCropLoader loader = new MultiCropLoader(new FakeSource(6), augmentation, 6, 3, 3, 0)) {
            loader.epoch(0, 0).next();
        }

        assertThat(augmentation.threads).hasSize(3).allMatch(name -> name.matches("dino-data-\\d+"));
        assertThat(augmentation.daemon).containsOnly(true);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    void closeMidEpochStopsPromptlyAndWakesTheConsumer() throws InterruptedException {
        BlockingAugmentation blocking = new BlockingAugmentation();
        MultiCropLoader loader = new MultiCropLoader(new FakeSource(40), blocking, 4, 3, 2, 3);
        Iterator<CropBatch> epoch = loader.epoch(0, 0);
        AtomicReference<Throwable> consumerError = new AtomicReference<>();
        Thread consumer = startConsumer(epoch, consumerError);
        blocking.entered.await();
        awaitWaiting(consumer);

        loader.close();
        consumer.join();

        assertThat(consumerError.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> loader.epoch(1, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(loader.skipped().isEmpty()).isTrue();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    void closeWakesAConsumerWaitingForWorkThatNeverStarted() throws InterruptedException {
        BlockingAugmentation blocking = new BlockingAugmentation();
        MultiCropLoader loader = new MultiCropLoader(new FakeSource(40), blocking, 4, 3, 1, 2);
        // An abandoned epoch keeps the only worker busy, so the next epoch's first batch stays queued.
        loader.epoch(0, 0);
        blocking.entered.await();
        Iterator<CropBatch> epoch = loader.epoch(1, 0);
        AtomicReference<Throwable> consumerError = new AtomicReference<>();
        Thread consumer = startConsumer(epoch, consumerError);
        awaitWaiting(consumer);

        loader.close();
        consumer.join();

        assertThat(consumerError.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    // helpers

    /** Starts a daemon thread that asks {@code epoch} for its next batch and keeps what that throws in {@code error}. */
    private static Thread startConsumer(Iterator<CropBatch> epoch, AtomicReference<Throwable> error) {
        Thread consumer = new Thread(() -> {
            try {
                epoch.next();
            } catch (Throwable t) {
                error.set(t);
            }
        });
        consumer.setDaemon(true);
        consumer.start();
        return consumer;
    }

    /** Waits until the thread parks (here: inside next(), waiting for its batch). */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
    }

    private static List<CropBatch> drain(Iterator<CropBatch> epoch) {
        List<CropBatch> batches = new ArrayList<>();
        epoch.forEachRemaining(batches::add);
        return batches;
    }

    private static List<Integer> allIndices(List<CropBatch> batches) {
        List<Integer> indices = new ArrayList<>();
        for (CropBatch batch : batches) {
            for (int index : batch.indices()) {
                indices.add(index);
            }
        }
        return indices;
    }

    private static float[] globalView(CropBatch batch, int view, int slot) {
        int length = 3 * LAYOUT.globalSize() * LAYOUT.globalSize();
        int start = (view * batch.batchSize() + slot) * length;
        return Arrays.copyOfRange(batch.globalViews(), start, start + length);
    }

    /** @return channel 2 (random draws) of global view 0 of {@code index}, wherever it sits in the epoch */
    private static float[] randomChannelOfImage(List<CropBatch> batches, int index) {
        for (CropBatch batch : batches) {
            for (int slot = 0; slot < batch.batchSize(); slot++) {
                if (batch.indices()[slot] == index) {
                    float[] view = globalView(batch, 0, slot);
                    return Arrays.copyOfRange(view, 8, 12);
                }
            }
        }
        throw new AssertionError("image " + index + " not in the epoch");
    }

    private static void assertSameBatches(List<CropBatch> actual, List<CropBatch> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            CropBatch a = actual.get(i);
            CropBatch e = expected.get(i);
            assertThat(a.epoch()).isEqualTo(e.epoch());
            assertThat(a.batchIndex()).isEqualTo(e.batchIndex());
            assertThat(a.indices()).isEqualTo(e.indices());
            assertThat(a.labels()).isEqualTo(e.labels());
            assertThat(a.globalViews()).isEqualTo(e.globalViews());
            assertThat(a.localViews()).isEqualTo(e.localViews());
        }
    }

    /** In-memory images: image i is a single grey pixel of value i/1000; label i % 3. */
    private static final class FakeSource implements ImageSource {
        private final int size;
        private final Set<Integer> corrupt;
        final Set<Integer> loaded = ConcurrentHashMap.newKeySet();

        FakeSource(int size) {
            this(size, Set.of());
        }

        FakeSource(int size, Set<Integer> corrupt) {
            this.size = size;
            this.corrupt = corrupt;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public ImageArray load(int index) throws IOException {
            if (corrupt.contains(index)) {
                throw new IOException("broken bytes in fake-" + index);
            }
            loaded.add(index);
            return new ImageArray(1, 1, 1, new float[] {index / 1000f});
        }

        @Override
        public int label(int index) {
            return index % 3;
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c");
        }

        @Override
        public String describe(int index) {
            return "fake-" + index;
        }
    }

    /** Blocks the worker that calls it until the test ends; {@link #entered} opens at the first call. */
    private static final class BlockingAugmentation extends CodingAugmentation {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);

        BlockingAugmentation() {
            super(LAYOUT);
        }

        @Override
        public MultiCropViews apply(ImageArray image, RandomGenerator random) {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return super.apply(image, random);
        }
    }

    /**
     * Writes the image index into channel 0 of every view, the view number into channel 1, and draws from
     * the generator into channel 2, so positions and seeding can be checked.
     */
    static class CodingAugmentation implements Augmentation {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Boolean> daemon = ConcurrentHashMap.newKeySet();
        final Set<ClassLoader> contextLoaders = ConcurrentHashMap.newKeySet();
        private final CropLayout layout;

        CodingAugmentation(CropLayout layout) {
            this.layout = layout;
        }

        @Override
        public CropLayout layout() {
            contextLoaders.add(Thread.currentThread().getContextClassLoader());
            return layout;
        }

        @Override
        public MultiCropViews apply(ImageArray image, RandomGenerator random) {
            contextLoaders.add(Thread.currentThread().getContextClassLoader());
            threads.add(Thread.currentThread().getName());
            daemon.add(Thread.currentThread().isDaemon());
            int index = indexOf(image);
            List<ImageArray> views = new ArrayList<>();
            for (int v = 0; v < layout.totalCrops(); v++) {
                int size = v < layout.globalCrops() ? layout.globalSize() : layout.localSize();
                int area = size * size;
                float[] pixels = new float[3 * area];
                for (int p = 0; p < area; p++) {
                    pixels[p] = index;
                    pixels[area + p] = v;
                    pixels[2 * area + p] = random.nextInt(1_000_000);
                }
                views.add(new ImageArray(3, size, size, pixels));
            }
            return new MultiCropViews(views);
        }

        static int indexOf(ImageArray image) {
            return Math.round(image.pixels()[0] * 1000);
        }
    }
}

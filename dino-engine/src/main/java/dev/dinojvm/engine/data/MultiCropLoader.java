package dev.dinojvm.engine.data;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.MultiCropViews;
import dev.dinojvm.api.RandomPermutation;
import dev.dinojvm.engine.parallel.BatchShare;
import dev.dinojvm.engine.plugin.ContextLoaderSwap;
import dev.dinojvm.engine.util.Seeds;
import dev.dinojvm.engine.data.pixels.PixelInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns an {@link ImageSource} into shuffled batches of multi-crop views, decoding and augmenting on a
 * pool of daemon threads ({@code dino-data-N}) ahead of the consumer.
 *
 * <p>Like the reference's {@code DataLoader(shuffle=True, drop_last=True)}, every epoch visits a fresh
 * permutation of the images and drops the last incomplete batch. Everything random is a pure function of
 * the seed: the permutation of epoch {@code e} comes from a generator seeded with (seed, e), the views of
 * image {@code i} in epoch {@code e} from one seeded with (seed, e, i). Batches are therefore identical
 * whatever the number of workers or their scheduling, and a resumed run continues exactly.
 *
 * <p>With several processes, each loader prepares only its process's {@link BatchShare} of every global
 * batch: the same images and views as the single-process batch's slots {@code [from, from + size)}.
 *
 * <p>An image that fails to load is not fatal: it is recorded ({@link #skipped()}) and its slot takes the
 * next readable image in the epoch's permutation, wrapping around. An image refused as it is ({@link
 * PixelInputException}: NaN, or another kind than the rest) stops the run: it is bad input, not a bad file. Exceptions thrown by the augmentation
 * are bugs and reach the consumer.
 *
 * <p>Iterate one epoch at a time from a single consumer thread; {@link #close()} may be called from any
 * thread.
 */
public final class MultiCropLoader implements AutoCloseable {

    private static final long PERMUTATION_STREAM = 1;
    private static final long VIEW_STREAM = 2;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final ImageSource source;
    private final Augmentation augmentation;
    private final CropLayout layout;
    /** Channels of every view: the source's pixel kind says how many. */
    private final int channels;
    private final BatchShare share;
    private final long seed;
    private final int prefetchBatches;
    private final int chunksPerBatch;
    private final ThreadPoolExecutor pool;
    private final SkipLog skipLog = new SkipLog();
    private volatile boolean closed;

    /**
     * @param source the images; its {@code load} is called from several threads
     * @param augmentation turns one image into its views
     * @param batchSize images per batch
     * @param seed the run seed
     * @param workers decoding/augmentation threads, 0 for one per available processor
     * @param prefetchBatches batches prepared ahead of the consumer (bounds memory), 0 to prepare each on demand
     * @throws IllegalArgumentException for invalid sizes, or when the source holds fewer images than one batch
     */
    public MultiCropLoader(ImageSource source, Augmentation augmentation, int batchSize, long seed, int workers, int prefetchBatches) {
        this(source, augmentation, BatchShare.whole(batchSize), seed, workers, prefetchBatches);
    }

    /**
     * A loader of one process's share of every global batch.
     *
     * @param source the images; its {@code load} is called from several threads
     * @param augmentation turns one image into its views
     * @param share which slots of each global batch this loader prepares; its batches hold {@code share.size()} images
     * @param seed the run seed
     * @param workers decoding/augmentation threads, 0 for one per available processor
     * @param prefetchBatches batches prepared ahead of the consumer (bounds memory), 0 to prepare each on demand
     * @throws IllegalArgumentException for invalid sizes, or when the source holds fewer images than one global batch
     */
    public MultiCropLoader(ImageSource source, Augmentation augmentation, BatchShare share, long seed, int workers, int prefetchBatches) {
        int batchSize = share.globalBatch();
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (share.size() <= 0 || share.from() < 0 || share.from() + share.size() > batchSize) {
            throw new IllegalArgumentException("invalid batch share " + share);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 0 (one per processor) or positive, got " + workers);
        }
        if (prefetchBatches < 0) {
            throw new IllegalArgumentException("prefetch batches must be 0 or positive, got " + prefetchBatches);
        }
        if (source.size() < batchSize) {
            throw new DataException("the data set has " + source.size() + " image(s), fewer than one batch of " + batchSize
                    + " (incomplete batches are dropped): lower the batch size or use more images");
        }
        try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
            this.layout = checkLayout(augmentation.layout());
        }
        this.source = source;
        this.channels = source.pixelKind().channels();
        this.augmentation = augmentation;
        this.share = share;
        this.seed = seed;
        this.prefetchBatches = prefetchBatches;
        int threads = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
        this.chunksPerBatch = Math.min(share.size(), threads);
        this.pool = newPool(threads);
    }

    /** @return the view layout of every batch */
    public CropLayout layout() {
        return layout;
    }

    /** @return full global batches per epoch: {@code size / globalBatch}, the remainder is dropped */
    public int batchesPerEpoch() {
        return source.size() / share.globalBatch();
    }

    /**
     * Starts preparing an epoch's batches (up to the prefetch limit) and returns them in order.
     *
     * @param epoch the epoch number, which selects the permutation and the views
     * @param firstBatch the batch to start at, for a run resumed mid-epoch; {@link #batchesPerEpoch()} gives an empty iterator
     * @return the batches {@code firstBatch .. batchesPerEpoch()-1}; {@code next()} throws a RuntimeException
     *     with the cause when preparing a batch failed, and IllegalStateException once the loader is closed
     */
    public Iterator<CropBatch> epoch(int epoch, int firstBatch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("first batch " + firstBatch + " outside [0, " + batchesPerEpoch() + "]");
        }
        ensureOpen();
        return new EpochIterator(epoch, permutation(epoch), firstBatch);
    }

    /** @return the images that failed to load so far, over all epochs */
    public SkipReport skipped() {
        return skipLog.report();
    }

    /** Stops the workers, abandoning prepared and queued batches; waits briefly for running ones to stop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Tasks that never started must be cancelled, or a consumer waiting on them would wait forever.
        for (Runnable neverStarted : pool.shutdownNow()) {
            if (neverStarted instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        try {
            pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int[] permutation(int epoch) {
        return RandomPermutation.of(new SplittableRandom(Seeds.mix(seed, PERMUTATION_STREAM, epoch)), source.size());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the data loader is closed");
        }
    }

    private static CropLayout checkLayout(CropLayout layout) {
        if (layout.globalCrops() < 1 || layout.globalSize() < 1 || layout.localCrops() < 0
                || (layout.localCrops() > 0 && layout.localSize() < 1)) {
            throw new IllegalArgumentException("invalid crop layout from the augmentation: " + layout);
        }
        return layout;
    }

    private static ThreadPoolExecutor newPool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "dino-data-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The batches of one epoch, prepared up to {@code prefetchBatches} ahead and delivered in order. */
    private final class EpochIterator implements Iterator<CropBatch> {
        private final int epoch;
        private final int[] permutation;
        private final ArrayDeque<PendingBatch> inFlight = new ArrayDeque<>();
        private int nextToSubmit;
        private int nextToDeliver;
        private boolean failed;

        EpochIterator(int epoch, int[] permutation, int firstBatch) {
            this.epoch = epoch;
            this.permutation = permutation;
            this.nextToSubmit = firstBatch;
            this.nextToDeliver = firstBatch;
            submitUpTo(prefetchBatches);
        }

        @Override
        public boolean hasNext() {
            return !failed && nextToDeliver < batchesPerEpoch();
        }

        @Override
        public CropBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has no more batches");
            }
            ensureOpen();
            submitUpTo(Math.max(1, prefetchBatches));
            PendingBatch head = inFlight.poll();
            CropBatch batch = await(head);
            nextToDeliver++;
            // Refill while the consumer works on this batch.
            submitUpTo(prefetchBatches);
            return batch;
        }

        private void submitUpTo(int target) {
            while (inFlight.size() < target && nextToSubmit < batchesPerEpoch()) {
                PendingBatch batch = new PendingBatch(epoch, nextToSubmit++);
                try {
                    for (int chunk = 0; chunk < chunksPerBatch; chunk++) {
                        int from = chunk * share.size() / chunksPerBatch;
                        int to = (chunk + 1) * share.size() / chunksPerBatch;
                        batch.parts.add(pool.submit(() -> fill(batch, permutation, from, to), null));
                    }
                } catch (RejectedExecutionException e) {
                    batch.cancel();
                    throw new IllegalStateException("the data loader is closed", e);
                }
                inFlight.add(batch);
            }
        }

        private CropBatch await(PendingBatch batch) {
            try {
                for (Future<?> part : batch.parts) {
                    part.get();
                }
                return batch.toCropBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(batch, new IllegalStateException("interrupted while waiting for batch " + batch.batchIndex + " of epoch " + epoch, e));
            } catch (CancellationException e) {
                throw fail(batch, new IllegalStateException("the data loader is closed", e));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (closed) {
                    throw fail(batch, new IllegalStateException("the data loader is closed", cause));
                }
                throw fail(batch, new RuntimeException("preparing batch " + batch.batchIndex + " of epoch " + epoch + " failed: " + cause, cause));
            }
        }

        /** Abandons the rest of the epoch: the failed batch and everything prefetched after it. */
        private RuntimeException fail(PendingBatch batch, RuntimeException exception) {
            failed = true;
            batch.cancel();
            for (PendingBatch pending : inFlight) {
                pending.cancel();
            }
            inFlight.clear();
            return exception;
        }
    }

    /** Loads, augments and stores the images of slots {@code [from, to)} of this share's batch; runs on a worker. */
    private void fill(PendingBatch batch, int[] permutation, int from, int to) {
        for (int slot = from; slot < to; slot++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("the data loader is closed");
            }
            int position = batch.batchIndex * share.globalBatch() + share.from() + slot;
            Loaded loaded = loadReadable(permutation, position);
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, VIEW_STREAM, batch.epoch, loaded.index));
            MultiCropViews views;
            try (ContextLoaderSwap swap = ContextLoaderSwap.of(augmentation)) {
                views = loaded.image.augment(augmentation, random);
            }
            batch.store(slot, loaded.index, source.label(loaded.index), views);
        }
    }

    private record Loaded(int index, SourceImage image) {}

    /** @return the image at {@code position} of the permutation, or the next readable one after it, wrapping around */
    private Loaded loadReadable(int[] permutation, int position) {
        for (int step = 0; step < permutation.length; step++) {
            int index = permutation[(position + step) % permutation.length];
            if (skipLog.isKnownBad(index)) {
                continue;
            }
            try {
                return new Loaded(index, source.loadForViews(index));
            } catch (PixelInputException e) {
                throw new UncheckedIOException(e.getMessage(), e); // refused as it is (NaN, another kind): the run stops
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted() || closed) {
                    // An I/O call aborted by close() says nothing about the file.
                    throw new CancellationException("the data loader is closed");
                }
                skipLog.record(index, source.describe(index), e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        throw new DataException("none of the " + permutation.length + " images could be read: " + skipLog.report().summary());
    }

    /** A batch being prepared: its arrays are written by the worker parts in disjoint regions. */
    private final class PendingBatch {
        final int epoch;
        final int batchIndex;
        final List<Future<?>> parts = new ArrayList<>();
        final CropBatch batch;

        PendingBatch(int epoch, int batchIndex) {
            this.epoch = epoch;
            this.batchIndex = batchIndex;
            this.batch = CropBatch.allocate(epoch, batchIndex, layout, share.size(), channels);
        }

        void store(int slot, int index, int label, MultiCropViews views) {
            List<ImageArray> list = views.views();
            if (list.size() != layout.totalCrops()) {
                throw new IllegalStateException("the augmentation returned " + list.size() + " views for " + source.describe(index)
                        + ", its layout " + layout + " promises " + layout.totalCrops());
            }
            for (int v = 0; v < layout.globalCrops(); v++) {
                copyView(list.get(v), v, layout.globalSize(), batch.globalViews(), batch.globalOffset(v, slot), index);
            }
            for (int v = 0; v < layout.localCrops(); v++) {
                int view = layout.globalCrops() + v;
                copyView(list.get(view), view, layout.localSize(), batch.localViews(), batch.localOffset(v, slot), index);
            }
            batch.indices()[slot] = index;
            batch.labels()[slot] = label;
        }

        private void copyView(ImageArray view, int number, int size, float[] target, int offset, int index) {
            if (view.channels() != channels || view.height() != size || view.width() != size) {
                throw new IllegalStateException("the augmentation returned view " + number + " of " + source.describe(index) + " as "
                        + view.channels() + "x" + view.height() + "x" + view.width() + ", expected " + channels + "x" + size + "x" + size);
            }
            System.arraycopy(view.pixels(), 0, target, offset, view.pixels().length);
        }

        CropBatch toCropBatch() {
            return batch;
        }

        void cancel() {
            for (Future<?> part : parts) {
                part.cancel(true);
            }
        }
    }

    /** Distinct images that failed to load, each with its description and reason. */
    private static final class SkipLog {
        private final TreeMap<Integer, SkipReport.SkippedImage> failed = new TreeMap<>();

        synchronized boolean isKnownBad(int index) {
            return failed.containsKey(index);
        }

        synchronized void record(int index, String description, String reason) {
            failed.putIfAbsent(index, new SkipReport.SkippedImage(index, description, reason));
        }

        synchronized SkipReport report() {
            return new SkipReport(new ArrayList<>(failed.values()));
        }
    }
}

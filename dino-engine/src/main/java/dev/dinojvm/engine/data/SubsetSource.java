package dev.dinojvm.engine.data;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.pixels.PixelKind;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Some images of another source, by index: an evenly spread sample, or a held-out part. */
public final class SubsetSource implements ImageSource {

    private final ImageSource source;
    private final int[] indices;

    private SubsetSource(ImageSource source, int[] indices) {
        this.source = source;
        this.indices = indices;
    }

    /**
     * @param source the images
     * @param count how many to keep
     * @return {@code count} images spread evenly over the source (all of it when it has no more), so that a
     *     folder sorted by class keeps every class
     */
    public static ImageSource spread(ImageSource source, int count) {
        if (count >= source.size()) {
            return source;
        }
        return new SubsetSource(source, IntStream.range(0, count).map(i -> (int) ((long) i * source.size() / count)).toArray());
    }

    /**
     * @param source the images
     * @param every the period of the held-out images
     * @param heldOut whether to keep the images at {@code 0, every, 2·every, ...} or all the others
     * @return that part of the source
     */
    public static ImageSource everyNth(ImageSource source, int every, boolean heldOut) {
        return new SubsetSource(source, IntStream.range(0, source.size()).filter(i -> (i % every == 0) == heldOut).toArray());
    }

    /**
     * @param source the images
     * @param excluded indices of the source to leave out
     * @return the source without them (the source itself when there are none)
     */
    public static ImageSource without(ImageSource source, Set<Integer> excluded) {
        if (excluded.isEmpty()) {
            return source;
        }
        return new SubsetSource(source, IntStream.range(0, source.size()).filter(i -> !excluded.contains(i)).toArray());
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public ImageArray load(int index) throws IOException {
        return source.load(indices[index]);
    }

    @Override
    public SourceImage loadForViews(int index) throws IOException {
        return source.loadForViews(indices[index]);
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public PixelKind pixelKind() {
        return source.pixelKind();
    }

    @Override
    public String describe(int index) {
        return source.describe(indices[index]);
    }
}

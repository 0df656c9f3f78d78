package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;
import dev.dinojvm.api.MultiCropViews;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The official DINO multi-crop ({@code DataAugmentationDINO}): global view 1 (blur always), global
 * view 2 (blur 10 %, solarization 20 %), then the local views (blur 50 %), in that order, each drawing
 * its randomness from the generator in a fixed order. Images that are not 8-bit RGB get the same views
 * with the steps defined for any channel count ({@link ChannelViewRecipe}). Immutable, hence thread-safe.
 */
final class DinoMultiCrop implements Augmentation {

    private final CropLayout layout;
    private final ViewRecipe firstGlobal;
    private final ViewRecipe secondGlobal;
    private final ViewRecipe local;
    private final ChannelViewRecipe[] channelRecipes;
    private final PixelSettings pixels;
    private final ViewObserver observer;

    DinoMultiCrop(MultiCropSettings settings) {
        this(settings, ViewObserver.NONE);
    }

    /** @param observer told of each random step taken, for tests; must itself be thread-safe */
    DinoMultiCrop(MultiCropSettings settings, ViewObserver observer) {
        this.layout = settings.layout();
        this.firstGlobal = new ViewRecipe(settings.globalSize(), settings.globalScaleMin(), settings.globalScaleMax(), 1.0, 0.0, settings.colour());
        this.secondGlobal = new ViewRecipe(settings.globalSize(), settings.globalScaleMin(), settings.globalScaleMax(), 0.1, 0.2, settings.colour());
        this.local = new ViewRecipe(settings.localSize(), settings.localScaleMin(), settings.localScaleMax(), 0.5, 0.0, settings.colour());
        this.pixels = settings.pixels();
        this.channelRecipes = new ChannelViewRecipe[] {
            channelRecipe(firstGlobal), channelRecipe(secondGlobal), channelRecipe(local)};
        this.observer = observer;
    }

    private ChannelViewRecipe channelRecipe(ViewRecipe recipe) {
        return new ChannelViewRecipe(recipe.size(), recipe.scaleMin(), recipe.scaleMax(), recipe.blurProbability(),
                recipe.solarizeProbability(), recipe.colour(), pixels);
    }

    @Override
    public CropLayout layout() {
        return layout;
    }

    @Override
    public MultiCropViews apply(ImageArray image, RandomGenerator random) {
        return apply(image, random, StageClock.NONE);
    }

    /** The views {@link ImageBytes#toImageArray()} would give, with each sample converted while the image is laid out as columns. */
    @Override
    public MultiCropViews apply(ImageBytes image, RandomGenerator random) {
        return apply(image, random, StageClock.NONE);
    }

    MultiCropViews apply(ImageArray image, RandomGenerator random, StageClock clock) {
        checkChannels(image.channels());
        return render(ColumnImage.of(image), random, clock);
    }

    MultiCropViews apply(ImageBytes image, RandomGenerator random, StageClock clock) {
        checkChannels(image.channels());
        return render(ColumnImage.of(image), random, clock);
    }

    private void checkChannels(int channels) {
        if (pixels.rgb8() ? channels != 1 && channels != 3 : channels != pixels.normalisation().channels()) {
            throw new IllegalArgumentException("expected " + (pixels.rgb8() ? "a 1- or 3-channel image" : "an image of "
                    + pixels.normalisation().channels() + " channels (as many as mean and std have)") + ", got " + channels + " channels");
        }
    }

    private MultiCropViews render(ColumnImage columns, RandomGenerator random, StageClock clock) {
        List<ImageArray> views = new ArrayList<>(layout.totalCrops());
        for (int view = 0; view < layout.totalCrops(); view++) {
            int index = view;
            Consumer<ViewStep> steps = step -> observer.applied(index, step);
            if (!pixels.rgb8()) {
                views.add(channelRecipes[Math.min(view, 2)].render(columns, random, steps, clock));
                continue;
            }
            ViewRecipe recipe = recipeOf(view);
            ImageArray rgb = recipe.render(columns, random, steps, clock);
            if (!recipe.colour().standardizeViews() && !pixels.normalisation().isImagenet()) {
                pixels.normalisation().replaceImagenet(rgb.pixels());
            }
            views.add(rgb);
        }
        return new MultiCropViews(views);
    }

    private ViewRecipe recipeOf(int view) {
        return switch (view) {
            case 0 -> firstGlobal;
            case 1 -> secondGlobal;
            default -> local;
        };
    }
}

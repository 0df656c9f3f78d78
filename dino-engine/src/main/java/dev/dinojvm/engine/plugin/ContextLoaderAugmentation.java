package dev.dinojvm.engine.plugin;

import dev.dinojvm.api.Augmentation;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.MultiCropViews;
import java.util.random.RandomGenerator;

/**
 * A plugin's {@link Augmentation} whose calls run with the plugin's class loader as the thread's
 * context class loader (they run on the engine's data threads, whose context loader is the engine's).
 */
final class ContextLoaderAugmentation implements Augmentation {

    private final Augmentation augmentation;
    private final ClassLoader loader;

    ContextLoaderAugmentation(Augmentation augmentation, ClassLoader loader) {
        this.augmentation = augmentation;
        this.loader = loader;
    }

    @Override
    public CropLayout layout() {
        return ContextLoaders.call(loader, augmentation::layout);
    }

    @Override
    public MultiCropViews apply(ImageArray image, RandomGenerator random) {
        return ContextLoaders.call(loader, () -> augmentation.apply(image, random));
    }
}

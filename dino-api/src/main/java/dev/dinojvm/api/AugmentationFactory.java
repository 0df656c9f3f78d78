package dev.dinojvm.api;

/** Extension point: creates the {@link Augmentation} selected by {@code dino.augmentation.type}. */
public interface AugmentationFactory extends Component {

    /**
     * The key saying what the input images are: {@value #PIXELS_RGB8} or {@value #PIXELS_CHANNELS}. An
     * augmentation that declares it, without a default, gets it from the engine, which knows the training
     * images; the value is recorded with the run like any other setting.
     */
    String PIXELS_KEY = "pixels";
    /** 8-bit RGB or grey images (grey repeated to RGB by the augmentation), values in [0, 1]. */
    String PIXELS_RGB8 = "rgb8";
    /** Images of any channel count and depth, every channel kept, values in [0, 1]. */
    String PIXELS_CHANNELS = "channels";
    /**
     * The keys of the per-channel normalisation, comma-separated numbers. An augmentation that declares
     * them, without defaults, gets from the engine ImageNet's statistics for {@value #PIXELS_RGB8} images
     * and the training images' own per-channel statistics for any other, when the user does not set them.
     */
    String MEAN_KEY = "mean";
    /** See {@link #MEAN_KEY}. */
    String STD_KEY = "std";

    @Override
    default ComponentKind kind() {
        return ComponentKind.AUGMENTATION;
    }

    /**
     * @param config validated settings under {@code dino.augmentation}
     * @return a thread-safe augmentation
     */
    Augmentation create(ComponentConfig config);
}

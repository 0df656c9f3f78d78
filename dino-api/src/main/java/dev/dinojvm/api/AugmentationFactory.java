package dev.dinojvm.api;

/** Extension point: creates the {@link Augmentation} selected by {@code dino.augmentation.type}. */
public interface AugmentationFactory extends Component {

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

package dev.dinojvm.api;

/** Extension point: creates the {@link Head} selected by {@code dino.head.type}. */
public interface HeadFactory extends Component {

    @Override
    default ComponentKind kind() {
        return ComponentKind.HEAD;
    }

    /**
     * @param config validated settings under {@code dino.head}
     * @param inputDim the backbone's {@link Backbone#outputDim()}
     * @return a new, uninitialised head
     */
    Head create(ComponentConfig config, int inputDim);
}

package dev.dinojvm.api;

/** Extension point: creates the {@link Backbone} selected by {@code dino.backbone.type}. */
public interface BackboneFactory extends Component {

    @Override
    default ComponentKind kind() {
        return ComponentKind.BACKBONE;
    }

    /**
     * @param config validated settings under {@code dino.backbone}
     * @param role student, teacher or evaluation: student and teacher must have the same parameters
     * @return a new, uninitialised backbone
     */
    Backbone create(ComponentConfig config, ModelRole role);
}

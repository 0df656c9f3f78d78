package dev.dinojvm.api;

/** Extension point: creates the {@link Backbone} selected by {@code dino.backbone.type}. */
public interface BackboneFactory extends Component {

    /**
     * The key of a backbone's input channel count. A backbone that declares it, without a default, gets
     * from the engine the channel count of the training images when the user does not set it; the
     * resolved value is recorded with the run like any other setting.
     */
    String INPUT_CHANNELS_KEY = "in-chans";

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

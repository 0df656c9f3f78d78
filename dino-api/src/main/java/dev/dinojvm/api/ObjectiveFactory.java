package dev.dinojvm.api;

/**
 * Extension point (since SPI 1.5): creates the training {@link Objective} selected by {@code dino.objective.type}.
 */
public interface ObjectiveFactory extends Component {

    @Override
    default ComponentKind kind() {
        return ComponentKind.OBJECTIVE;
    }

    /**
     * @param config validated settings under {@code dino.objective}
     * @param setup the run's views, output dimensions and the engine's own settings
     * @return a new objective, closed by the engine after the run
     */
    Objective create(ComponentConfig config, ObjectiveSetup setup);
}

package dev.dinojvm.api;

import java.util.List;

/**
 * A named, configurable implementation of one extension point. Use one of the sub-interfaces: {@link
 * AugmentationFactory}, {@link BackboneFactory}, {@link HeadFactory}, {@link TeacherUpdateFactory}, {@link ObjectiveFactory}.
 */
public interface Component {

    /** @return the name users select it by in {@code <prefix>.type}, kebab-case (e.g. {@code vit}) */
    String name();

    /** @return which extension point this component implements */
    ComponentKind kind();

    /** @return one sentence for {@code dino plugins describe} */
    String description();

    /** @return the keys this component reads, relative to {@link ComponentKind#configPrefix()} */
    List<ConfigKey> configKeys();

    /**
     * Checks a configuration across keys, returning every problem at once (an empty list when it is valid).
     *
     * <p>The engine first checks each value against its declared {@link ConfigKey}: type, choices and
     * {@link ValueRange range}. It calls this method only when all of those pass, so the typed getters
     * of {@code config} return values of the declared type and range here. Override it for checks that
     * involve several keys (e.g. {@code embed-dim} divisible by {@code heads}); the default finds none.
     * (Before SPI 1.2 the engine did not check ranges, and the default returned {@code
     * config.typeProblems()}; returning it still works, and is empty here.)
     *
     * @param config this component's settings
     * @return the problems, each with its full key path and a sentence a user understands
     */
    default List<ConfigProblem> validate(ComponentConfig config) {
        return List.of();
    }
}

package dev.dinojvm.api;

import java.util.List;

/**
 * A named, configurable implementation of one extension point. Use one of the sub-interfaces: {@link
 * AugmentationFactory}, {@link BackboneFactory}, {@link HeadFactory}, {@link TeacherUpdateFactory}.
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
     * Checks a configuration, returning every problem at once (an empty list when it is valid).
     *
     * <p>The default checks each value against its declared {@link ConfigKey} type and choices.
     * Override to add checks across keys, and include {@code config.typeProblems()} in the result.
     *
     * @param config this component's settings
     * @return the problems, each with its full key path and a sentence a user understands
     */
    default List<ConfigProblem> validate(ComponentConfig config) {
        return config.typeProblems();
    }
}

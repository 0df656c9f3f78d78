package dev.dinojvm.engine.train;

import ai.djl.nn.Parameter;

/**
 * A trainable parameter of the student with its full name (e.g. {@code backbone.blocks.0.attn.qkv.bias}).
 *
 * @param name full name, as in the reference's {@code student.named_parameters()}
 * @param parameter the DJL parameter
 * @param decayed whether weight decay applies: as the reference's {@code get_params_groups}, not for
 *     biases and one-dimensional parameters (norm weights)
 * @param lastLayer whether it belongs to the head's last layer, frozen during the first epochs
 */
public record NamedParameter(String name, Parameter parameter, boolean decayed, boolean lastLayer) {

    /** @return whether it belongs to the backbone (held while {@code dino.optimizer.freeze-backbone-epochs} last) */
    public boolean backbone() {
        return name.startsWith("backbone.");
    }

    /**
     * @param name full name
     * @param parameter the parameter
     * @param lastLayer whether it is in the head's last layer
     * @return the parameter with its weight-decay group decided as the reference does
     */
    public static NamedParameter of(String name, Parameter parameter, boolean lastLayer) {
        boolean notRegularised = name.endsWith(".bias") || parameter.getArray().getShape().dimension() == 1;
        return new NamedParameter(name, parameter, !notRegularised, lastLayer);
    }
}

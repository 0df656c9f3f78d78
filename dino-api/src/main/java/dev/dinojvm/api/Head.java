package dev.dinojvm.api;

import ai.djl.nn.Block;
import java.util.Set;

/**
 * A projection head: its {@link #block()} maps backbone features {@code (B, inputDim)} to the
 * outputs the DINO loss compares {@code (B, outputDim)}.
 *
 * <p>Parameters that must not be trained (such as a weight-norm gain fixed at 1) are built with
 * {@code requiresGrad(false)}; the engine leaves them to the teacher update only.
 */
public interface Head {

    /** @return the DJL block */
    Block block();

    /** @return the output dimension K of the DINO loss */
    int outputDim();

    /**
     * @return the names (as listed by {@code block().getParameters()}) of the last layer, which the
     *     engine keeps frozen during the first epochs ({@code dino.optimizer.freeze-last-layer})
     */
    Set<String> lastLayerParameters();
}

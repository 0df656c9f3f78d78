package dev.dinojvm.plugins.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The running centre of teacher outputs that DINO's and iBOT's losses subtract before sharpening:
 * {@code centre ← m·centre + (1 − m)·batch mean}, starting at zero, replaceable from a checkpoint.
 */
final class RunningCenter implements AutoCloseable {

    private final NDManager manager;
    private final double momentum;
    private NDArray center;

    /**
     * @param parent manager whose device holds the centre
     * @param outDim output dimension K
     * @param momentum the momentum m (0.9)
     */
    RunningCenter(NDManager parent, int outDim, double momentum) {
        this.manager = parent.newSubManager();
        this.momentum = momentum;
        this.center = manager.zeros(new Shape(1, outDim), DataType.FLOAT32);
    }

    /** @param batchMean the batch's mean teacher output {@code (1, K)} */
    void update(NDArray batchMean) {
        try (NDArray update = batchMean.mul((float) (1 - momentum))) {
            center.muli((float) momentum).addi(update);
        }
    }

    /** @return the centre {@code (1, K)} */
    NDArray array() {
        return center;
    }

    /** @param values {@code K} values, e.g. from a checkpoint */
    void set(float[] values) {
        NDArray updated = manager.create(values, center.getShape()).toDevice(center.getDevice(), false);
        updated.attach(manager);
        center.close();
        center = updated;
    }

    @Override
    public void close() {
        manager.close();
    }
}

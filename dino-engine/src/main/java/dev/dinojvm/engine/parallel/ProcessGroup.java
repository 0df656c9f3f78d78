package dev.dinojvm.engine.parallel;

import ai.djl.ndarray.NDArray;
import dev.dinojvm.api.BatchSums;
import java.util.List;

/**
 * The processes that train one model together: the seam between the data-parallel step and whatever
 * connects processes. Within a process the replicas' gradients are summed on one device first; a process
 * group then sums those sums across processes, so that all processes take the same optimizer step. The
 * single-process group does nothing; a multi-machine group (c10d) is another implementation of this
 * interface, not a change to the step.
 */
public interface ProcessGroup extends BatchSums, AutoCloseable {

    /** The group of one process: every reduction is the identity. */
    ProcessGroup SINGLE = new ProcessGroup() {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public void sumInPlace(List<NDArray> arrays) {
            // one process: its sum is already the total
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    /** @return this process's rank, from 0 */
    int rank();

    /** @return how many processes train together */
    int worldSize();

    /**
     * Replaces each array by its element-wise sum over all processes, in place, every process passing
     * arrays of the same shapes in the same order. Returns when every array holds the total.
     *
     * @param arrays the arrays to sum, on this process's reduction device
     */
    void sumInPlace(List<NDArray> arrays);

    @Override
    void close();
}

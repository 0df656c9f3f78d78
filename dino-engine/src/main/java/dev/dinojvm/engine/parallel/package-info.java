/**
 * Training across processes: the {@link dev.dinojvm.engine.parallel.ProcessGroup} seam through which gradients and center statistics are summed, its Gloo implementation, the rendezvous store and the torchrun environment contract (docs/distributed.md).
 */
package dev.dinojvm.engine.parallel;

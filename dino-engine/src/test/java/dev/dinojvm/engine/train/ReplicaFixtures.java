package dev.dinojvm.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.parallel.ProcessGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Trainers of tiny networks with several replicas, micro-batches or fp16, and host batches for them. */
final class ReplicaFixtures {

    static final CropLayout LAYOUT = new CropLayout(2, 8, 2, 4);

    private ReplicaFixtures() {}

    static TrainingRecipe recipe() {
        // Warm-up over the first epoch of 5 steps, last layer frozen for it, clipping on.
        return new TrainingRecipe(4, 5, new TrainingRecipe.Optimization(0.05, 1e-4, 1, 0.04, 0.4, 3.0, 1, 0),
                new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9));
    }

    static DinoTrainer trainer(NDManager manager, int replicas, int microBatches, Precision precision) {
        return trainer(manager, replicas, microBatches, precision, new ArrayList<>());
    }

    /**
     * @param copies receives the networks the trainer builds for its replicas, in the order it builds
     *     them (each replica's student, then its teacher); none when a replica computes with the masters
     */
    static DinoTrainer trainer(NDManager manager, int replicas, int microBatches, Precision precision, List<DinoNetwork> copies) {
        Engine.getInstance().setRandomSeed(7);
        DinoNetwork student = TinyNetworks.network(manager);
        DinoNetwork teacher = TinyNetworks.network(manager);
        teacher.copyFrom(student);
        DinoTrainer.Parallelism parallelism = new DinoTrainer.Parallelism(precision,
                Collections.nCopies(replicas, Device.cpu()), microBatches, ProcessGroup.SINGLE,
                (isTeacher, m, type) -> {
                    DinoNetwork copy = new DinoNetwork(TinyNetworks.backbone(4), TinyNetworks.head(5), m, type);
                    copies.add(copy);
                    return copy;
                });
        return new DinoTrainer(recipe(), student, teacher, new TinyNetworks.RecordingEma(), new int[] {2, 4}, manager, parallelism);
    }

    /** A batch of {@code images} images whose values depend on the iteration only. */
    static CropBatch batch(long iteration, int images) {
        Random random = new Random(1000 + iteration);
        float[] global = new float[LAYOUT.globalCrops() * images * 3 * 8 * 8];
        float[] local = new float[LAYOUT.localCrops() * images * 3 * 4 * 4];
        for (float[] views : new float[][] {global, local}) {
            for (int i = 0; i < views.length; i++) {
                views[i] = (float) random.nextGaussian();
            }
        }
        return new CropBatch(0, (int) iteration, LAYOUT, images, global, local, new int[images], new int[images]);
    }
}

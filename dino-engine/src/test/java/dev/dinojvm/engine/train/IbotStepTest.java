package dev.dinojvm.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.dinojvm.api.CropLayout;
import dev.dinojvm.engine.config.EngineSettings;
import dev.dinojvm.engine.config.Precision;
import dev.dinojvm.engine.data.CropBatch;
import dev.dinojvm.engine.parallel.ProcessGroup;
import dev.dinojvm.plugins.vit.VisionTransformer;
import dev.dinojvm.plugins.vit.VitArchitecture;
import dev.dinojvm.plugins.vit.VitBackbone;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step with iBOT's masked-patch term, on a tiny ViT with a mask token and a register: the term equals
 * DINOv2's iBOT loss (checked against DINOv2 in {@code Dinov2LossesTest}) computed here in plain Java from
 * the networks' own outputs on the same masks; it is exact under accumulation and replicas; its gradient
 * reaches the mask token; its centre moves and survives a checkpoint.
 */
class IbotStepTest {

    private static final int BATCH = 4;
    private static final int PATCHES = 16; // 8 px crops of 2 px patches
    private static final CropLayout LAYOUT = new CropLayout(2, 8, 2, 4);
    private static final Shape GLOBAL_VIEWS = new Shape(2 * BATCH, 3, 8, 8);
    private static final Shape LOCAL_VIEWS = new Shape(2 * BATCH, 3, 4, 4);
    private static final double IBOT_WEIGHT = 0.5;
    private static final VitArchitecture VIT = new VitArchitecture(8, 1, 2, 2, 8, 2, 0, 1, 0, false,
            VitArchitecture.FeedForward.MLP, true);

    private static DinoNetwork network(NDManager manager, DataType type) {
        return new DinoNetwork(new VitBackbone(new VisionTransformer(VIT)), TinyNetworks.head(5), manager, type);
    }

    private static TrainingRecipe recipe(double ibotWeight) {
        // No warm-up and no weight decay: the first step moves exactly the parameters that have a gradient.
        return new TrainingRecipe(2, 3, new TrainingRecipe.Optimization(0.01, 1e-4, 0, 0, 0, 3.0, 0, 0),
                new EngineSettings.Loss(0.04, 0.04, 0, 0.1, 0.9, EngineSettings.Centering.CENTER, 0,
                        new EngineSettings.Ibot(ibotWeight, 0.5, 0.1, 0.5, false)));
    }

    private static DinoTrainer trainer(NDManager manager, double ibotWeight, int replicas, int microBatches) {
        Engine.getInstance().setRandomSeed(7);
        DinoNetwork student = network(manager, DataType.FLOAT32);
        DinoNetwork teacher = network(manager, DataType.FLOAT32);
        teacher.copyFrom(student);
        return new DinoTrainer(recipe(ibotWeight), student, teacher, new TinyNetworks.RecordingEma(), new int[] {2, 4}, manager,
                new DinoTrainer.Parallelism(Precision.FP32, Collections.nCopies(replicas, Device.cpu()), microBatches,
                        ProcessGroup.SINGLE, (isTeacher, m, type) -> network(m, type)));
    }

    /** Masks of the 2·4 global crops in view order: three crops masked, one patch, four and six. */
    private static boolean[][] masks() {
        boolean[][] masks = new boolean[2 * BATCH][PATCHES];
        for (int p : new int[] {0, 1, 4, 5}) {
            masks[0][p] = true;
        }
        for (int p : new int[] {5, 6, 7, 10, 11, 15}) {
            masks[3][p] = true;
        }
        masks[6][2] = true;
        return masks;
    }

    private static CropBatch batch() {
        Random random = new Random(100);
        float[] global = new float[(int) GLOBAL_VIEWS.size()];
        float[] local = new float[(int) LOCAL_VIEWS.size()];
        for (float[] views : new float[][] {global, local}) {
            for (int i = 0; i < views.length; i++) {
                views[i] = (float) random.nextGaussian();
            }
        }
        return new CropBatch(0, 0, LAYOUT, BATCH, global, local, new int[BATCH], new int[BATCH]).withMasks(masks());
    }

    /** The networks' head outputs for the CLS tokens and for every patch token, computed apart from the step. */
    private record HeadOutputs(float[][] cls, float[][] patches) {}

    private static HeadOutputs outputs(DinoNetwork network, NDManager manager, CropBatch batch, boolean masked) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray global = manager.create(batch.globalViews(), GLOBAL_VIEWS);
        NDArray masks = null;
        if (masked) {
            float[] flags = new float[2 * BATCH * PATCHES];
            for (int c = 0; c < 2 * BATCH; c++) {
                for (int p = 0; p < PATCHES; p++) {
                    flags[c * PATCHES + p] = batch.masks()[c][p] ? 1 : 0;
                }
            }
            masks = manager.create(flags, new Shape(2 * BATCH, PATCHES));
        }
        NDArray tokens = ((VitBackbone) network.backbone()).tokens(store, global, masks, false);
        assertThat(tokens.getShape()).isEqualTo(new Shape(2 * BATCH, 1 + PATCHES, 8)); // the register left out
        NDArray all = network.head().block().forward(store, new NDList(tokens.reshape(-1, 8)), false).singletonOrThrow();
        float[][] rows = rows(all.toFloatArray(), 5);
        float[][] cls = new float[2 * BATCH][];
        float[][] patches = new float[2 * BATCH * PATCHES][];
        for (int c = 0; c < 2 * BATCH; c++) {
            cls[c] = rows[c * (1 + PATCHES)];
            for (int p = 0; p < PATCHES; p++) {
                patches[c * PATCHES + p] = rows[c * (1 + PATCHES) + 1 + p];
            }
        }
        return new HeadOutputs(cls, patches);
    }

    private static float[][] rows(float[] values, int width) {
        float[][] rows = new float[values.length / width][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(values, r * width, (r + 1) * width);
        }
        return rows;
    }

    /** DINOv2's iBOT term with a zero centre: Σ over masked patches of CE / (crop's masked count), over the crops. */
    private static double ibot(HeadOutputs student, HeadOutputs teacher, boolean[][] masks) {
        double sum = 0;
        for (int c = 0; c < masks.length; c++) {
            int count = 0;
            for (boolean m : masks[c]) {
                count += m ? 1 : 0;
            }
            for (int p = 0; p < PATCHES; p++) {
                if (masks[c][p]) {
                    double[] t = softmax(teacher.patches()[c * PATCHES + p], 0.04);
                    double[] s = softmax(student.patches()[c * PATCHES + p], 0.1);
                    double ce = 0;
                    for (int k = 0; k < t.length; k++) {
                        ce -= t[k] * Math.log(s[k]);
                    }
                    sum += ce / count;
                }
            }
        }
        return sum / masks.length;
    }

    private static double[] softmax(float[] logits, double temperature) {
        double[] values = new double[logits.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = logits[k];
        }
        return ReferenceMath.softmax(values, temperature);
    }

    @Test
    void theStepsIbotTermIsDinov2sOnTheSameMasksAndOutputsAndItsCentreMoves() {
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager, IBOT_WEIGHT, 1, 1)) {
            CropBatch batch = batch();
            HeadOutputs student = outputs(trainer.student(), manager, batch, true);
            HeadOutputs teacher = outputs(trainer.teacher(), manager, batch, false);
            double expectedIbot = IBOT_WEIGHT * ibot(student, teacher, batch.masks());
            // The DINO term on the student's CLS outputs of the masked global crops and of the local crops.
            NDArray local = trainer.student().forward(List.of(manager.create(batch.localViews(), LOCAL_VIEWS)), false);
            NDArray studentOut = manager.create(flatten(student.cls()), new Shape(2 * BATCH, 5)).concat(local, 0);
            NDArray teacherOut = manager.create(flatten(teacher.cls()), new Shape(2 * BATCH, 5));
            float expectedDino = TinyNetworks.dinoLoss(trainer).compute(studentOut, teacherOut, 0.04).getFloat();
            float[] masked = maskedTeacherMean(teacher, batch.masks());

            DinoTrainer.StepResult result = trainer.step(0, batch, true);

            assertThat(result.lossTerms().keySet()).containsExactly("dino", "ibot");
            assertEquals(expectedIbot, result.lossTerms().get("ibot"), 1e-5 * Math.abs(expectedIbot));
            assertEquals(expectedDino, result.lossTerms().get("dino"), 1e-5 * Math.abs(expectedDino));
            assertEquals(expectedDino + expectedIbot, result.loss(), 1e-5 * (expectedDino + expectedIbot));
            float[] centre = TinyNetworks.ibotLoss(trainer).center().toFloatArray();
            for (int k = 0; k < centre.length; k++) {
                assertEquals(0.1 * masked[k], centre[k], 1e-6, "centre ← 0.9·0 + 0.1·mean of the masked teacher outputs");
            }
        }
    }

    private static float[] maskedTeacherMean(HeadOutputs teacher, boolean[][] masks) {
        float[] mean = new float[5];
        int count = 0;
        for (int c = 0; c < masks.length; c++) {
            for (int p = 0; p < PATCHES; p++) {
                if (masks[c][p]) {
                    for (int k = 0; k < 5; k++) {
                        mean[k] += teacher.patches()[c * PATCHES + p][k];
                    }
                    count++;
                }
            }
        }
        for (int k = 0; k < 5; k++) {
            mean[k] /= count;
        }
        return mean;
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * rows[r].length, rows[r].length);
        }
        return out;
    }

    @Test
    void accumulationAndReplicasGiveTheSameStep() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer whole = trainer(manager, IBOT_WEIGHT, 1, 1);
                DinoTrainer split = trainer(manager, IBOT_WEIGHT, 2, 2)) {
            for (long iteration = 0; iteration < 2; iteration++) {
                DinoTrainer.StepResult a = whole.step(iteration, batch(), true);
                DinoTrainer.StepResult b = split.step(iteration, batch(), true);
                assertEquals(a.loss(), b.loss(), 1e-5 * Math.abs(a.loss()));
                assertEquals(a.lossTerms().get("ibot"), b.lossTerms().get("ibot"), 1e-5 * a.lossTerms().get("ibot"));
            }
            assertArrayEquals(TinyNetworks.ibotLoss(whole).center().toFloatArray(), TinyNetworks.ibotLoss(split).center().toFloatArray(),
                    1e-6f);
            assertArrayEquals(whole.student().parameters().get("backbone.mask_token").getArray().toFloatArray(),
                    split.student().parameters().get("backbone.mask_token").getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theIbotGradientReachesTheMaskToken() {
        try (NDManager manager = NDManager.newBaseManager();
                DinoTrainer withIbot = trainer(manager, IBOT_WEIGHT, 1, 1);
                DinoTrainer without = trainer(manager, 0, 1, 1)) {
            float[] before = maskToken(withIbot);
            assertArrayEquals(before, maskToken(without));

            withIbot.step(0, batch(), false);
            without.step(0, batch(), false);

            assertThat(maskToken(withIbot)).isNotEqualTo(before);
            assertArrayEquals(before, maskToken(without), "without masks the token gets no gradient (and no weight decay here)");
        }
    }

    private static float[] maskToken(DinoTrainer trainer) {
        return trainer.student().parameters().get("backbone.mask_token").getArray().toFloatArray();
    }

    @Test
    void theIbotCentreIsSavedAndRestored(@TempDir Path output) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); DinoTrainer trainer = trainer(manager, IBOT_WEIGHT, 1, 1)) {
            trainer.step(0, batch(), false);
            Path checkpoint = new Checkpoints(output, 1).save(1, trainer, Map.of());
            float[] centre = TinyNetworks.ibotLoss(trainer).center().toFloatArray();
            assertThat(centre).isNotEqualTo(new float[centre.length]);

            try (DinoTrainer resumed = trainer(manager, IBOT_WEIGHT, 1, 1)) {
                Checkpoints.restore(checkpoint, resumed, manager);

                assertArrayEquals(centre, TinyNetworks.ibotLoss(resumed).center().toFloatArray());
                assertArrayEquals(TinyNetworks.dinoLoss(trainer).center().toFloatArray(), TinyNetworks.dinoLoss(resumed).center().toFloatArray());
            }
        }
    }

    @Test
    void aSeparatePatchHeadTakesThePatchTokensAndIsTrainedLikeTheHead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            DinoNetwork student = new DinoNetwork(new VitBackbone(new VisionTransformer(VIT)), TinyNetworks.head(5), TinyNetworks.head(5),
                    manager, DataType.FLOAT32);
            DinoNetwork teacher = new DinoNetwork(new VitBackbone(new VisionTransformer(VIT)), TinyNetworks.head(5), TinyNetworks.head(5),
                    manager, DataType.FLOAT32);
            teacher.copyFrom(student);
            NamedParameter patchLastLayer = student.trainableParameters().stream().filter(p -> p.name().equals("ibot_head.weight"))
                    .findFirst().orElseThrow();
            assertThat(patchLastLayer.lastLayer()).as("frozen with the head's last layer").isTrue();
            float[] head = student.parameters().get("head.weight").getArray().toFloatArray();
            float[] patchHead = patchLastLayer.parameter().getArray().toFloatArray();
            try (DinoTrainer trainer = new DinoTrainer(recipe(IBOT_WEIGHT), student, teacher, new TinyNetworks.RecordingEma(),
                    new int[] {2, 4}, manager)) {
                DinoTrainer.StepResult result = trainer.step(0, batch(), true);

                assertThat(result.lossTerms().get("ibot")).isPositive();
                assertThat(patchLastLayer.parameter().getArray().toFloatArray()).isNotEqualTo(patchHead);
                assertThat(student.parameters().get("head.weight").getArray().toFloatArray()).isNotEqualTo(head);
            }
        }
    }

    @Test
    void theTrainerRefusesIbotWithABackboneWithoutAMaskToken() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = TinyNetworks.network(manager);
            DinoNetwork teacher = TinyNetworks.network(manager);
            assertThrows(IllegalArgumentException.class,
                    () -> new DinoTrainer(recipe(1), student, teacher, new TinyNetworks.RecordingEma(), new int[] {2, 4}, manager));
        }
    }

    @Test
    void maskDrawsAreAFunctionOfSeedEpochBatchAndRank() {
        EngineSettings.Ibot settings = new EngineSettings.Ibot(1, 0.5, 0.1, 0.5, false);
        BatchSource plain = (epoch, first) -> List.of(new CropBatch(epoch, first, new CropLayout(2, 56, 0, 0), 8, new float[0],
                new float[0], new int[8], new int[8])).iterator();
        boolean[][] a = new IbotMaskDraws(plain, settings, 14, 3, 0).epoch(1, 5).next().masks();
        boolean[][] again = new IbotMaskDraws(plain, settings, 14, 3, 0).epoch(1, 5).next().masks();
        boolean[][] otherBatch = new IbotMaskDraws(plain, settings, 14, 3, 0).epoch(1, 6).next().masks();
        boolean[][] otherRank = new IbotMaskDraws(plain, settings, 14, 3, 1).epoch(1, 5).next().masks();

        assertThat(a).hasDimensions(16, 196);
        assertThat(again).isDeepEqualTo(a);
        assertThat(java.util.Arrays.deepEquals(otherBatch, a)).isFalse();
        assertThat(java.util.Arrays.deepEquals(otherRank, a)).isFalse();
        long maskedCrops = java.util.Arrays.stream(a).filter(mask -> {
            for (boolean m : mask) {
                if (m) {
                    return true;
                }
            }
            return false;
        }).count();
        assertEquals(8, maskedCrops, "⌊16 crops · 0.5⌋ crops masked");
    }
}

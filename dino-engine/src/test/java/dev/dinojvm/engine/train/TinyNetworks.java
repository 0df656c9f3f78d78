package dev.dinojvm.engine.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import ai.djl.nn.Parameter;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.Head;
import dev.dinojvm.api.TeacherUpdateRule;
import dev.dinojvm.api.TrainingProgress;
import dev.dinojvm.plugins.objective.DinoLoss;
import dev.dinojvm.plugins.objective.DinoObjective;
import dev.dinojvm.plugins.objective.IbotPatchLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Small stand-ins for the plugins, so the engine's loop is tested on its own. */
final class TinyNetworks {

    private TinyNetworks() {}

    /** @return the DINO term's loss of a trainer with the standard objective, for its centre */
    static DinoLoss dinoLoss(DinoTrainer trainer) {
        return ((DinoObjective) trainer.objective()).dinoLoss();
    }

    /** @return the iBOT term's loss of a trainer with the standard objective and iBOT on, for its centre */
    static IbotPatchLoss ibotLoss(DinoTrainer trainer) {
        return java.util.Objects.requireNonNull(((DinoObjective) trainer.objective()).ibotLoss(), "iBOT is off");
    }

    /** Global average pooling then a linear layer: accepts any crop size. */
    static Backbone backbone(int dim) {
        Block block = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2}))))
                .add(Linear.builder().setUnits(dim).build());
        return new Backbone() {
            public Block block() {
                return block;
            }

            public int outputDim() {
                return dim;
            }

            public int imageSize() {
                return 8;
            }
        };
    }

    static Head head(int outDim) {
        Block block = Linear.builder().setUnits(outDim).optBias(false).build();
        return new Head() {
            public Block block() {
                return block;
            }

            public int outputDim() {
                return outDim;
            }

            public Set<String> lastLayerParameters() {
                return Set.of("weight");
            }
        };
    }

    static DinoNetwork network(NDManager manager) {
        return new DinoNetwork(backbone(4), head(5), manager);
    }

    /** θt ← 0.9 θt + 0.1 θs, recording the student values it saw. */
    static final class RecordingEma implements TeacherUpdateRule {
        final List<float[]> studentSeen = new ArrayList<>();

        public double momentum(TrainingProgress progress) {
            return 0.9;
        }

        public void update(ParameterList teacher, ParameterList student, TrainingProgress progress) {
            studentSeen.add(student.get(0).getValue().getArray().toFloatArray());
            for (int i = 0; i < teacher.size(); i++) {
                teacher.valueAt(i).getArray().muli(0.9f).addi(student.valueAt(i).getArray().mul(0.1f));
            }
        }
    }

    static float[] values(ParameterList parameters, int index) {
        Pair<String, Parameter> p = parameters.get(index);
        return p.getValue().getArray().toFloatArray();
    }
}

package dev.dinojvm.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import dev.dinojvm.api.ModelRole;
import dev.dinojvm.engine.plugin.PluginRegistry;
import dev.dinojvm.engine.runtime.DjlRuntime;
import dev.dinojvm.engine.train.DinoNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training starts from a file: both networks get its backbone, and its head when it has one. */
class InitialWeightsTest {

    /** {@code sha256sum vit-full-checkpoint.pth} of the committed fixture. */
    private static final String CHECKPOINT_SHA256 = "656ce627e08d68148446194d9186fc0692765b70d2fe34cc657fbd8147438b2c";

    private static final ChannelAdaptation NO_ADAPTATION = ChannelAdaptation.forTraining(false);

    private static PluginRegistry registry;

    @BeforeAll
    static void startEngine() {
        DjlRuntime.initialise();
        registry = WeightFixtures.registry();
    }

    @Test
    void aFullCheckpointGivesStudentAndTeacherItsTeacherBackboneAndHead() throws IOException {
        ModelWeights file = WeightsFile.read(WeightFixtures.file("vit-full-checkpoint.pth"), Optional.empty());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = WeightFixtures.network(registry, ModelRole.STUDENT, manager);
            DinoNetwork teacher = WeightFixtures.network(registry, ModelRole.TEACHER, manager);

            WeightsProvenance provenance = InitialWeights.apply(file.file(), Optional.empty(), true, NO_ADAPTATION, student, teacher,
                    new PrintStream(log, true, StandardCharsets.UTF_8));

            assertThat(provenance.format()).isEqualTo(WeightsFormat.DINO_CHECKPOINT);
            assertThat(provenance.sha256()).isEqualTo(CHECKPOINT_SHA256);
            assertThat(provenance.headLoaded()).isTrue();
            for (DinoNetwork network : new DinoNetwork[] {student, teacher}) {
                assertThat(values(network.parameters(), "backbone.blocks.1.mlp.fc2.weight"))
                        .containsExactly(file.backbone().get("blocks.1.mlp.fc2.weight").values());
                assertThat(values(network.parameters(), "head.last_layer.weight_v"))
                        .containsExactly(file.head().get("last_layer.weight_v").values());
            }
            assertThat(log.toString(StandardCharsets.UTF_8)).startsWith("initial weights: ")
                    .contains("official DINO full checkpoint", "sha256 " + CHECKPOINT_SHA256, "backbone and head");
        }
    }

    @Test
    void aBackboneFileLeavesTheFreshHeadAndSaysSo() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = WeightFixtures.network(registry, ModelRole.STUDENT, manager);
            DinoNetwork teacher = WeightFixtures.network(registry, ModelRole.TEACHER, manager);
            float[] freshHead = values(student.parameters(), "head.mlp.0.weight");

            WeightsProvenance provenance = InitialWeights.apply(WeightFixtures.file("vit-backbone.pth"), Optional.empty(), true,
                    NO_ADAPTATION, student, teacher, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            assertThat(provenance.headLoaded()).isFalse();
            assertThat(provenance.summary()).endsWith("backbone only, fresh head");
            assertThat(provenance.notes()).contains("the file has no projection head: the head starts freshly initialised");
            assertThat(values(student.parameters(), "head.mlp.0.weight")).containsExactly(freshHead);
            assertThat(values(teacher.parameters(), "head.mlp.0.weight")).containsExactly(freshHead);
        }
    }

    @Test
    void aHeadOfAnotherSizeIsRefusedStrictlyAndListedWhenNonStrict() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DinoNetwork student = WeightFixtures.network(registry, ModelRole.STUDENT, manager, 64);
            DinoNetwork teacher = WeightFixtures.network(registry, ModelRole.TEACHER, manager, 64);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

            assertThatThrownBy(() -> InitialWeights.apply(WeightFixtures.file("vit-full-checkpoint.pth"), Optional.empty(), true,
                    NO_ADAPTATION, student, teacher, quiet))
                    .hasMessage("vit-full-checkpoint.pth (head) does not fit the model: 2 shape mismatch: last_layer.weight_g has"
                            + " shape (32, 1) but the model expects (64, 1), last_layer.weight_v has shape (32, 8) but the model"
                            + " expects (64, 8) (does the architecture match the weights? --init-non-strict loads what fits)");

            WeightsProvenance provenance = InitialWeights.apply(WeightFixtures.file("vit-full-checkpoint.pth"), Optional.empty(),
                    false, NO_ADAPTATION, student, teacher, quiet);

            assertThat(provenance.notes()).anySatisfy(note -> assertThat(note)
                    .startsWith("loaded 6 head tensors non-strictly; 2 shape mismatch: last_layer.weight_g"));
        }
    }

    private static float[] values(ParameterList parameters, String name) {
        return parameters.get(name).getArray().toFloatArray();
    }
}

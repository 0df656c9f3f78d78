package dev.dinojvm.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.data.ImageSources;
import dev.dinojvm.engine.data.SubsetSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Evaluation images that cannot be read are left out, said once, and left out of every later evaluation. */
class TrainingKnnTest {

    private static final int SIZE = 28;

    @Test
    void unreadableImagesAreLeftOutAndTheRestIsEvaluatedAsWithoutThem() throws IOException {
        ImageSource bank = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "train", 200);
        ImageSource queries = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "test", 50);
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        TrainingKnn withBroken = new TrainingKnn(new Unreadable(bank, Set.of(3, 150)), new Unreadable(queries, Set.of(0)), 5, 0.07, 1,
                InputNormalisation.IMAGENET_RGB, new PrintStream(notes, true, StandardCharsets.UTF_8));
        TrainingKnn without = new TrainingKnn(SubsetSource.without(bank, Set.of(3, 150)), SubsetSource.without(queries, Set.of(0)), 5,
                0.07, 1, InputNormalisation.IMAGENET_RGB, System.out);

        try (NDManager manager = NDManager.newBaseManager()) {
            KnnResult first = withBroken.evaluate(manager, InitialisationComparison.RAW_PIXELS, SIZE);
            String said = notes.toString(StandardCharsets.UTF_8);
            KnnResult second = withBroken.evaluate(manager, InitialisationComparison.RAW_PIXELS, SIZE);
            KnnResult expected = without.evaluate(manager, InitialisationComparison.RAW_PIXELS, SIZE);

            assertThat(first).isEqualTo(expected);
            assertThat(second).isEqualTo(expected);
            assertThat(first.trainSize()).isEqualTo(198);
            assertThat(first.testSize()).isEqualTo(49);
            assertThat(said).contains("k-NN bank: 2 unreadable image(s) left out: broken-3 (corrupt data); broken-150 (corrupt data)")
                    .contains("k-NN queries: 1 unreadable image(s) left out: broken-0 (corrupt data)");
            assertThat(notes.toString(StandardCharsets.UTF_8)).isEqualTo(said);
        }
    }

    @Test
    void aBankOfWhichNoImageCanBeReadIsAnErrorNamingTheFirst() throws IOException {
        ImageSource bank = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "train", 3);
        ImageSource queries = ImageSources.open(ImageSources.EMBEDDED_FASHION_MNIST, "test", 3);
        TrainingKnn knn = new TrainingKnn(new Unreadable(bank, Set.of(0, 1, 2)), queries, 1, 0.07, 1, InputNormalisation.IMAGENET_RGB,
                System.out);

        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> knn.evaluate(manager, InitialisationComparison.RAW_PIXELS, SIZE))
                    .isInstanceOf(IOException.class)
                    .hasMessage("k-NN bank: none of the 3 images can be read; the first: broken-0 (corrupt data)");
        }
    }

    /** A source whose images at some indices fail to load, as corrupt files do. */
    private record Unreadable(ImageSource source, Set<Integer> broken) implements ImageSource {
        @Override
        public int size() {
            return source.size();
        }

        @Override
        public ImageArray load(int index) throws IOException {
            if (broken.contains(index)) {
                throw new IOException("corrupt data");
            }
            return source.load(index);
        }

        @Override
        public int label(int index) {
            return source.label(index);
        }

        @Override
        public List<String> classNames() {
            return source.classNames();
        }

        @Override
        public String describe(int index) {
            return broken.contains(index) ? "broken-" + index : source.describe(index);
        }
    }
}

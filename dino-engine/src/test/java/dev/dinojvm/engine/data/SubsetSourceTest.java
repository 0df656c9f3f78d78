package dev.dinojvm.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dinojvm.api.ImageArray;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubsetSourceTest {

    /** Ten images labelled by their index / 2: a folder sorted by class. */
    private static final ImageSource TEN = new ImageSource() {
        @Override
        public int size() {
            return 10;
        }

        @Override
        public ImageArray load(int index) {
            return new ImageArray(1, 1, 1, new float[] {index});
        }

        @Override
        public int label(int index) {
            return index / 2;
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c", "d", "e");
        }

        @Override
        public String describe(int index) {
            return "image " + index;
        }
    };

    private static int[] described(ImageSource source) {
        return IntStream.range(0, source.size()).map(i -> Integer.parseInt(source.describe(i).substring(6))).toArray();
    }

    @Test
    void aSpreadSampleKeepsEveryClassOfASortedSource() {
        ImageSource five = SubsetSource.spread(TEN, 5);
        assertThat(described(five)).containsExactly(0, 2, 4, 6, 8);
        assertThat(IntStream.range(0, 5).map(five::label).toArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(SubsetSource.spread(TEN, 20)).isSameAs(TEN);
    }

    @Test
    void heldOutAndBankPartitionTheSource() throws Exception {
        ImageSource queries = SubsetSource.everyNth(TEN, 5, true);
        ImageSource bank = SubsetSource.everyNth(TEN, 5, false);
        assertThat(described(queries)).containsExactly(0, 5);
        assertThat(described(bank)).containsExactly(1, 2, 3, 4, 6, 7, 8, 9);
        assertThat(bank.load(4).pixels()[0]).isEqualTo(6f);
        assertThat(bank.classNames()).isEqualTo(TEN.classNames());
    }
}

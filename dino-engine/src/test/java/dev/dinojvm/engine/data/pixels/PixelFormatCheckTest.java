package dev.dinojvm.engine.data.pixels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PixelFormatCheckTest {

    private static final PixelHeader FOUR_16 = new PixelHeader(4, 32, 32, 16, false);

    @Test
    void filesOfOneKindPassWhateverTheirSizes() throws PixelInputException {
        PixelFormatCheck check = new PixelFormatCheck();
        check.add(Path.of("a.tif"), FOUR_16);
        check.add(Path.of("b.tif"), new PixelHeader(4, 500, 20, 16, false));

        assertThat(check.requireOneKind()).isEqualTo(new PixelKind(4, 16, false));
    }

    @Test
    void eightBitGreyAndColourAreOneKind() throws PixelInputException {
        PixelFormatCheck check = new PixelFormatCheck();
        check.add(Path.of("grey.png"), new PixelHeader(1, 32, 32, 8, false));
        check.add(Path.of("colour.jpg"), new PixelHeader(3, 32, 32, 8, false));

        assertThat(check.requireOneKind()).isEqualTo(PixelKind.RGB8);
    }

    @Test
    void mixedChannelCountsAndDepthsAreRefusedWithTheFirstExamplesOfEachKind() {
        PixelFormatCheck check = new PixelFormatCheck();
        for (String name : new String[] {"t/e.tif", "t/d.tif", "t/c.tif", "t/b.tif", "t/a.tif"}) {
            check.add(Path.of(name), FOUR_16);
        }
        check.add(Path.of("rgb/z.png"), new PixelHeader(3, 32, 32, 8, false));
        check.add(Path.of("rgb/y.png"), new PixelHeader(3, 32, 32, 8, false));
        check.add(Path.of("f/x.npy"), new PixelHeader(4, 32, 32, 32, true));

        assertThatThrownBy(check::requireOneKind).isInstanceOf(PixelInputException.class)
                .hasMessage("the images mix channel counts or bit depths: 5 files of 4 channels, 16-bit (e.g. t/a.tif, t/b.tif, t/c.tif);"
                        + " 2 files of 8-bit RGB or grey (e.g. rgb/y.png, rgb/z.png); 1 file of 4 channels, 32-bit float (e.g. f/x.npy);"
                        + " convert them to one kind, as one model takes one kind of input");
    }

    @Test
    void anEmptySetIsRefused() {
        assertThatThrownBy(() -> new PixelFormatCheck().requireOneKind()).isInstanceOf(PixelInputException.class);
    }
}

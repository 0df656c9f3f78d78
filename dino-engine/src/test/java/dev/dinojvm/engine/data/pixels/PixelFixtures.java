package dev.dinojvm.engine.data.pixels;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The files written by {@code src/test/resources/pixels/make_fixtures.py} with NumPy and tifffile. Integer
 * images hold {@link #value} at channel c, row y, column x.
 */
final class PixelFixtures {

    static final int HEIGHT = 5;
    static final int WIDTH = 7;

    private PixelFixtures() {}

    static Path file(String name) {
        try {
            return Path.of(PixelFixtures.class.getResource("/pixels/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored value of the integer fixtures at channel c, row y, column x. */
    static int value(int c, int y, int x) {
        return 1000 * c + 10 * y + x;
    }
}

package dev.dinojvm.plugins.multicrop;

import dev.dinojvm.api.ImageArray;
import dev.dinojvm.api.ImageBytes;

/**
 * A source image held as columns ({@code columns[c][x][y]}), made once per image and shared by all its
 * views: the horizontal pass of {@link BicubicResize} runs along columns, and transposing the whole image
 * once costs less than transposing each view's crop.
 *
 * @param channels number of channels
 * @param height rows
 * @param width columns
 * @param columns {@code [channels][width][height]}
 */
record ColumnImage(int channels, int height, int width, float[][][] columns) {

    static ColumnImage of(ImageArray image) {
        int plane = image.height() * image.width();
        float[][][] columns = new float[image.channels()][][];
        for (int c = 0; c < image.channels(); c++) {
            columns[c] = Lines.columnsOf(image.pixels(), c * plane, image.height(), image.width());
        }
        return new ColumnImage(image.channels(), image.height(), image.width(), columns);
    }

    /** The columns of an 8-bit image, each sample converted as {@link ImageBytes#toImageArray()} does, in the same pass. */
    static ColumnImage of(ImageBytes image) {
        int plane = image.height() * image.width();
        float[][][] columns = new float[image.channels()][][];
        for (int c = 0; c < image.channels(); c++) {
            columns[c] = Lines.columnsOf(image.samples(), c * plane, image.height(), image.width());
        }
        return new ColumnImage(image.channels(), image.height(), image.width(), columns);
    }
}

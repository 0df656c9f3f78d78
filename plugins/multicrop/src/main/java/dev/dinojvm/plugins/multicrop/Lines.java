package dev.dinojvm.plugins.multicrop;

/**
 * Moves one plane of a planar image to and from arrays of lines (rows or columns), the form in which
 * {@link ResampleWeights#apply} runs fast.
 */
final class Lines {

    private Lines() {}

    /** Copies the region of {@code source} starting at {@code firstPixel} into {@code columns[x][y]}. */
    static void readColumns(float[] source, int firstPixel, int stride, float[][] columns) {
        int height = columns[0].length;
        for (int y = 0; y < height; y++) {
            int row = firstPixel + y * stride;
            for (int x = 0; x < columns.length; x++) {
                columns[x][y] = source[row + x];
            }
        }
    }

    /** {@code out[j][i] = in[i][j]}. */
    static void transpose(float[][] in, float[][] out) {
        for (int i = 0; i < in.length; i++) {
            float[] line = in[i];
            for (int j = 0; j < line.length; j++) {
                out[j][i] = line[j];
            }
        }
    }

    /** Writes {@code rows} one after the other into {@code target} from {@code offset}. */
    static void writeRows(float[][] rows, float[] target, int offset) {
        int width = rows[0].length;
        for (int y = 0; y < rows.length; y++) {
            System.arraycopy(rows[y], 0, target, offset + y * width, width);
        }
    }
}

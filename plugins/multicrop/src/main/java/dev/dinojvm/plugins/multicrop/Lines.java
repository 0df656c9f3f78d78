package dev.dinojvm.plugins.multicrop;

/**
 * Moves planes of a planar image to and from arrays of lines (rows or columns), the form in which
 * {@link ResampleWeights#apply} runs fast. Transposes go in blocks of {@value #BLOCK} lines, so that
 * both sides are read and written along cache lines (16 floats) rather than one element per line.
 */
final class Lines {

    private static final int BLOCK = 16;

    private Lines() {}

    /** @return {@code columns[x][y]} of the {@code height × width} plane starting at {@code offset} */
    static float[][] columnsOf(float[] plane, int offset, int height, int width) {
        float[][] columns = new float[width][height];
        for (int y0 = 0; y0 < height; y0 += BLOCK) {
            int y1 = Math.min(height, y0 + BLOCK);
            for (int x = 0; x < width; x++) {
                float[] column = columns[x];
                for (int y = y0, i = offset + y0 * width + x; y < y1; y++, i += width) {
                    column[y] = plane[i];
                }
            }
        }
        return columns;
    }

    /** {@code out[j][i] = in[i][j]}. */
    static void transpose(float[][] in, float[][] out) {
        for (int j0 = 0; j0 < out.length; j0 += BLOCK) {
            int j1 = Math.min(out.length, j0 + BLOCK);
            for (int i = 0; i < in.length; i++) {
                float[] line = in[i];
                for (int j = j0; j < j1; j++) {
                    out[j][i] = line[j];
                }
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

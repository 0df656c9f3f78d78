package dev.dinojvm.plugins.multicrop;

/**
 * Moves planes of a planar image to and from arrays of lines (rows or columns), the form in which
 * {@link ResampleWeights#apply} runs fast. Transposes go in blocks of {@value #BLOCK} lines, so that
 * both sides are read and written along cache lines rather than one element per line.
 */
final class Lines {

    private static final int BLOCK = 8;

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

    /**
     * @return {@code columns[x][y]} of the {@code height × width} plane of 8-bit samples starting at
     *     {@code offset}, each {@code (s & 0xff) / 255f}
     */
    static float[][] columnsOf(byte[] plane, int offset, int height, int width) {
        float[][] columns = new float[width][height];
        for (int y0 = 0; y0 < height; y0 += BLOCK) {
            int y1 = Math.min(height, y0 + BLOCK);
            for (int x = 0; x < width; x++) {
                float[] column = columns[x];
                for (int y = y0, i = offset + y0 * width + x; y < y1; y++, i += width) {
                    column[y] = (plane[i] & 0xff) / 255f;
                }
            }
        }
        return columns;
    }

    /** Writes the columns back as a plane: {@code plane[offset + y * width + x] = columns[x][y]}. */
    static void writeColumns(float[][] columns, float[] plane, int offset) {
        writeColumns(columns, columns.length, columns[0].length, plane, offset);
    }

    /** {@link #writeColumns(float[][], float[], int)} of the first {@code height} elements of the first {@code width} columns. */
    static void writeColumns(float[][] columns, int width, int height, float[] plane, int offset) {
        for (int x0 = 0; x0 < width; x0 += BLOCK) {
            int x1 = Math.min(width, x0 + BLOCK);
            for (int y = 0; y < height; y++) {
                int row = offset + y * width;
                for (int x = x0; x < x1; x++) {
                    plane[row + x] = columns[x][y];
                }
            }
        }
    }

    /** {@code out[j][i] = in[i][j]}. */
    static void transpose(float[][] in, float[][] out) {
        transpose(in, in.length, out, out.length);
    }

    /** {@code out[j][i] = in[i][j]} for the first {@code inLines} input lines and {@code outLines} output lines. */
    static void transpose(float[][] in, int inLines, float[][] out, int outLines) {
        for (int i = 0; i < inLines; i++) {
            float[] line = in[i];
            for (int j = 0; j < outLines; j++) {
                out[j][i] = line[j];
            }
        }
    }

    /** Writes the first {@code width} elements of the first {@code count} rows one after the other into {@code target} from {@code offset}. */
    static void writeRows(float[][] rows, int count, int width, float[] target, int offset) {
        for (int y = 0; y < count; y++) {
            System.arraycopy(rows[y], 0, target, offset + y * width, width);
        }
    }
}

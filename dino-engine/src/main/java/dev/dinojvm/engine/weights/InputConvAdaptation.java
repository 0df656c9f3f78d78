package dev.dinojvm.engine.weights;

/**
 * Adapts an RGB patch-embedding weight {@code (D, 3, P, P)} to another input channel count, by the rule of
 * timm's {@code adapt_input_conv}: 1 channel takes the sum over red, green and blue (a grey image fed as
 * RGB gives the same response); N other than 3 takes the RGB weights repeated over the channels
 * (R, G, B, R, G, …), cut to N and multiplied by 3 / N (so 2 channels take R and G times 1.5), which keeps the
 * response to an image whose channels are all equal. The bias is unchanged.
 */
public final class InputConvAdaptation {

    private InputConvAdaptation() {}

    /**
     * @param rgb a convolution weight {@code (D, 3, P, Q)}
     * @param channels the input channel count wanted, at least 1
     * @return the weight {@code (D, channels, P, Q)}; {@code rgb} itself for 3
     * @throws IllegalArgumentException when {@code rgb} is not a 4-dimensional weight over 3 input channels
     */
    public static WeightTensor adapt(WeightTensor rgb, int channels) {
        long[] shape = rgb.shape();
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException("only an RGB convolution weight (D, 3, P, P) can be adapted to other input channels,"
                    + " got " + rgb.shapeText());
        }
        if (channels < 1) {
            throw new IllegalArgumentException("input channels must be at least 1, got " + channels);
        }
        if (channels == 3) {
            return rgb;
        }
        int outputs = (int) shape[0];
        int kernel = (int) (shape[2] * shape[3]);
        float[] in = rgb.values();
        float[] out = new float[outputs * channels * kernel];
        for (int o = 0; o < outputs; o++) {
            for (int c = 0; c < channels; c++) {
                int to = (o * channels + c) * kernel;
                for (int k = 0; k < kernel; k++) {
                    out[to + k] = channels == 1 ? sumOverRgb(in, o, k, kernel) : in[(o * 3 + c % 3) * kernel + k] * (3f / channels);
                }
            }
        }
        return new WeightTensor(new long[] {shape[0], channels, shape[2], shape[3]}, out);
    }

    private static float sumOverRgb(float[] in, int output, int k, int kernel) {
        int base = output * 3 * kernel + k;
        return in[base] + in[base + kernel] + in[base + 2 * kernel];
    }
}

package dev.dinojvm.engine.visual;

import dev.dinojvm.engine.eval.EvalTransform;
import ai.djl.ndarray.types.Shape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.dinojvm.api.AttentionMaps;
import dev.dinojvm.api.Backbone;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.eval.TrainedBackbone;

/** Runs a trained backbone's last-block attention on images, through the optional {@link AttentionMaps} SPI capability. */
public final class AttentionExtractor {

    private final TrainedBackbone model;
    private final AttentionMaps attention;

    /**
     * @param model the trained backbone
     * @throws UnsupportedOperationException when its backbone does not offer attention maps
     */
    public AttentionExtractor(TrainedBackbone model) {
        this.model = model;
        this.attention = capability(model.backbone(), model.description());
    }

    /**
     * @param backbone a backbone
     * @param description where it comes from, for the message
     * @return its attention capability
     * @throws UnsupportedOperationException when it has none
     */
    public static AttentionMaps capability(Backbone backbone, String description) {
        if (backbone instanceof AttentionMaps maps) {
            return maps;
        }
        throw new UnsupportedOperationException("the backbone of " + description + " (" + backbone.getClass().getSimpleName()
                + ") does not offer attention maps: its plugin does not implement dev.dinojvm.api.AttentionMaps");
    }

    private static float[] rgb(ImageArray crop) {
        if (crop.channels() == 3) {
            return crop.pixels();
        }
        float[] out = new float[3 * crop.pixels().length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(crop.pixels(), 0, out, c * crop.pixels().length, crop.pixels().length);
        }
        return out;
    }

    /** @return the side of the crops the model is given */
    public int size() {
        return model.backbone().imageSize();
    }

    /**
     * Resizes the shorter side to the model's image size, crops the centre square, and computes the
     * attention of every head.
     *
     * @param image an image, 1 or 3 channels in [0, 1]
     * @return the crop and its attention maps
     */
    public CropAttention compute(ImageArray image) {
        int size = size();
        try (NDManager scope = model.manager().newSubManager()) {
            EvalTransform transform = model.evalTransform();
            float[] crop = rgb(transform.crop(image, scope));
            NDArray batch = scope.create(transform.apply(image, scope), new Shape(1, 3, size, size));
            NDArray probabilities = attention.lastSelfAttention(model.parameterStore(), batch);
            long heads = probabilities.getShape().get(1);
            NDArray cls = probabilities.get(new NDIndex("0, :, 0, 1:"));
            float[] flat = cls.toFloatArray();
            int patches = flat.length / (int) heads;
            float[][] maps = new float[(int) heads][patches];
            for (int h = 0; h < heads; h++) {
                System.arraycopy(flat, h * patches, maps[h], 0, patches);
            }
            return new CropAttention(crop, size, attention.patchSize(), maps);
        }
    }
}

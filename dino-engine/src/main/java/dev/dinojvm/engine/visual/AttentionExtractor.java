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
    private final ChannelDisplay display;

    /**
     * @param model the trained backbone
     * @param display which channels of the images the figures show
     * @throws UnsupportedOperationException when its backbone does not offer attention maps
     */
    public AttentionExtractor(TrainedBackbone model, ChannelDisplay display) {
        this.model = model;
        this.attention = capability(model.backbone(), model.description());
        this.display = display;
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

    /** @return the side of the crops the model is given */
    public int size() {
        return model.backbone().imageSize();
    }

    /**
     * Resizes the shorter side to the model's image size, crops the centre square, and computes the
     * attention of every head.
     *
     * @param image an image in [0, 1], of 1 channel or the model's
     * @return the crop, as the display shows it, and its attention maps
     * @throws IllegalArgumentException when the display's channels are not among the image's
     */
    public CropAttention compute(ImageArray image) {
        int size = size();
        try (NDManager scope = model.manager().newSubManager()) {
            EvalTransform transform = new EvalTransform(size, model.normalisation());
            float[] crop = display.rgb(image, transform.crop(image, scope)).pixels();
            NDArray batch = scope.create(transform.apply(image, scope), new Shape(1, transform.channels(), size, size));
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

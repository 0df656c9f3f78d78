package dev.dinojvm.engine.visual;

import ai.djl.ndarray.NDManager;
import dev.dinojvm.api.ImageArray;
import dev.dinojvm.engine.data.ImageSource;
import dev.dinojvm.engine.eval.EvalTransform;
import dev.dinojvm.engine.eval.FeatureExtractor;
import dev.dinojvm.engine.eval.TrainedBackbone;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The PCA of a backbone's patch features over a set of images (the DINOv2 paper's figure), with the
 * model's input crops beside them: what {@code dino pca} writes and the training report shows.
 *
 * @param crops each image's centre crop at the model's size, as shown ({@link ChannelDisplay}): RGB
 * @param result the patches' colours and foreground
 * @param gridSide patches per side
 */
public record PatchPcaImages(List<ImageArray> crops, PatchPca.Result result, int gridSide) {

    /**
     * @param backbone a backbone whose plugin offers patch tokens
     * @param source the images, all of them used
     * @param threshold foreground: first component above this many standard deviations
     * @param display which channels of the images are shown
     * @param progress told how many images have been embedded
     * @return the crops and their PCA
     * @throws IOException when an image cannot be read
     * @throws UnsupportedOperationException when the backbone offers no patch tokens
     * @throws IllegalArgumentException when the display's channels are not among the images'
     */
    public static PatchPcaImages compute(TrainedBackbone backbone, ImageSource source, double threshold, ChannelDisplay display,
            IntConsumer progress) throws IOException {
        int size = backbone.backbone().imageSize();
        int grid = size / backbone.tokenCapability().patchSize();
        EvalTransform transform = new EvalTransform(size, backbone.normalisation());
        FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), backbone::patchTokenRows, size, backbone.normalisation(), 16);
        float[][] tokens = extractor.extract(source, source.size(), progress);
        PatchPca.Result result = PatchPca.compute(tokens, backbone.backbone().outputDim(), grid, threshold);
        List<ImageArray> crops = new ArrayList<>();
        try (NDManager scope = backbone.manager().newSubManager()) {
            for (int i = 0; i < source.size(); i++) {
                ImageArray image = source.load(i);
                crops.add(display.rgb(image, transform.crop(image, scope)));
            }
        }
        return new PatchPcaImages(crops, result, grid);
    }

    /** @return crops and PCA pictures side by side */
    public BufferedImage figure() {
        return PcaFigure.grid(crops, result, gridSide);
    }
}

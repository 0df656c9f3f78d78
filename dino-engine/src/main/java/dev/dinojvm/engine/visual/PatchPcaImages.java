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
 * @param crops each image's centre crop at the model's size
 * @param result the patches' colours and foreground
 * @param gridSide patches per side
 */
public record PatchPcaImages(List<ImageArray> crops, PatchPca.Result result, int gridSide) {

    /**
     * @param backbone a backbone whose plugin offers patch tokens
     * @param source the images, all of them used
     * @param threshold foreground: first component above this many standard deviations
     * @param progress told how many images have been embedded
     * @return the crops and their PCA
     * @throws IOException when an image cannot be read
     * @throws UnsupportedOperationException when the backbone offers no patch tokens
     */
    public static PatchPcaImages compute(TrainedBackbone backbone, ImageSource source, double threshold, IntConsumer progress)
            throws IOException {
        int size = backbone.backbone().imageSize();
        int grid = size / backbone.tokenCapability().patchSize();
        FeatureExtractor extractor = new FeatureExtractor(backbone.manager(), backbone::patchTokenRows, backbone.evalTransform(), 16);
        float[][] tokens = extractor.extract(source, source.size(), progress);
        PatchPca.Result result = PatchPca.compute(tokens, backbone.backbone().outputDim(), grid, threshold);
        List<ImageArray> crops = new ArrayList<>();
        EvalTransform transform = backbone.evalTransform();
        try (NDManager scope = backbone.manager().newSubManager()) {
            for (int i = 0; i < source.size(); i++) {
                crops.add(transform.crop(source.load(i), scope));
            }
        }
        return new PatchPcaImages(crops, result, grid);
    }

    /** @return crops and PCA pictures side by side */
    public BufferedImage figure() {
        return PcaFigure.grid(crops, result, gridSide);
    }
}

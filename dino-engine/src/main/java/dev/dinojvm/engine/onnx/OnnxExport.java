package dev.dinojvm.engine.onnx;

import dev.dinojvm.engine.eval.TrainedBackbone;
import dev.dinojvm.engine.eval.EvalTransform;
import dev.dinojvm.engine.util.AtomicFiles;
import dev.dinojvm.plugins.vit.VisionTransformer;
import dev.dinojvm.plugins.vit.VitArchitecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;

/**
 * A trained backbone as an ONNX model (opset {@value OnnxExportOptions#OPSET}, a dynamic batch axis).
 * Only the built-in ViT has a mapping; any other backbone is refused with {@link NotExportableException}.
 */
public final class OnnxExport {

    private OnnxExport() {}

    /**
     * @param backbone the loaded backbone
     * @param options what the model holds
     * @return the model
     * @throws NotExportableException when the backbone is not the built-in ViT, or has parts it lacks
     */
    public static ModelProto model(TrainedBackbone backbone, OnnxExportOptions options) {
        if (!(backbone.backbone().block() instanceof VisionTransformer vit)) {
            throw new NotExportableException("the backbone '" + backbone.component() + "' ("
                    + backbone.backbone().getClass().getName() + ") has no ONNX mapping: only the built-in ViT (backbone 'vit') is exportable");
        }
        int patch = vit.architecture().patchSize();
        if (!options.dynamicSize() && options.imageSize() % patch != 0) {
            throw new IllegalArgumentException("the image size " + options.imageSize() + " is not a multiple of the patch size " + patch);
        }
        int channels = vit.architecture().inChans();
        boolean rgb = channels == VitArchitecture.RGB_CHANNELS;
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(OnnxExportOptions.IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExportOptions.OPSET))
                .setProducerName("dino-jvm")
                .setDocString("DINO ViT backbone of " + backbone.description() + ". Input 'images': float32 (batch, " + channels
                        + ", height, width), " + (rgb ? "RGB in [0, 1] normalised with mean " + Arrays.toString(EvalTransform.MEAN)
                                + " and std " + Arrays.toString(EvalTransform.STD)
                                : channels + " channels normalised per channel as in training")
                        + "; height and width multiples of the patch size.")
                .addMetadataProps(entry("in_chans", String.valueOf(channels)))
                .addMetadataProps(entry("patch_size", String.valueOf(patch)))
                .addMetadataProps(entry("image_size", String.valueOf(vit.architecture().imageSize())))
                .addMetadataProps(entry("embed_dim", String.valueOf(vit.architecture().embedDim())));
        if (rgb) {
            model.addMetadataProps(entry("mean", Arrays.toString(EvalTransform.MEAN)))
                    .addMetadataProps(entry("std", Arrays.toString(EvalTransform.STD)));
        }
        return model
                .setGraph(VitOnnxGraph.build(vit, options))
                .build();
    }

    /**
     * Writes the model atomically: the file is complete or absent.
     *
     * @param model the model
     * @param output the file
     * @throws IOException when it cannot be written
     */
    public static void write(ModelProto model, Path output) throws IOException {
        AtomicFiles.write(output, model.toByteArray());
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}

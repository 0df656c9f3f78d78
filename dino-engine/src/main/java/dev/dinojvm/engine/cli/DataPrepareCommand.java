package dev.dinojvm.engine.cli;

import dev.dinojvm.engine.data.ImageFolderSource;
import dev.dinojvm.engine.data.PreparedImages;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dino data prepare DIR}: decodes an image folder once so that training reads pixels, not files. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Decode every image of a folder once and store the pixels in DIR/.dino-prepared (each split's folder),"
                + " so that training and evaluation skip decoding. The crops are unchanged (images are stored at full size,"
                + " 8 bits per sample: about height x width x channels bytes each). Files changed since are read from the"
                + " files again until the folder is prepared anew."})
public class DataPrepareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The image folder (with or without train/ and test/ or val/).")
    Path folder;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "not a folder: " + folder);
        }
        PrintStream out = System.out;
        boolean any = false;
        for (String split : new String[] {"train", "test"}) {
            ImageFolderSource source;
            try {
                source = ImageFolderSource.open(folder, split, 0);
            } catch (IllegalArgumentException e) {
                if (split.equals("train")) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                continue; // no test split
            }
            any = true;
            if (!source.pixelKind().isRgb8()) {
                out.println("Not preparing " + split + ": its images are " + source.pixelKind().text()
                        + ", which training reads from the files (the prepared cache holds 8-bit images)");
                continue;
            }
            out.println("Preparing " + split + ": " + source.size() + " images");
            long start = System.nanoTime();
            Path file = PreparedImages.prepare(source, out);
            out.println(String.format(Locale.ROOT, "  %s: %.1f MB in %.1f s", file, Files.size(file) / 1e6, (System.nanoTime() - start) / 1e9));
        }
        return any ? 0 : 2;
    }
}

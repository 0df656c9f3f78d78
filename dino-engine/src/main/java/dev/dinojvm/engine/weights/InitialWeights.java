package dev.dinojvm.engine.weights;

import dev.dinojvm.engine.train.DinoNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Starts a training run from published (or earlier) weights: the student and the teacher both get
 * the file's backbone, and its head when it has one (a full DINO checkpoint's teacher head); the
 * optimizer starts fresh.
 */
public final class InitialWeights {

    private static final String NON_STRICT_HINT = " (does the architecture match the weights? --init-non-strict loads what fits)";

    private InitialWeights() {}

    /**
     * @param file the weights file
     * @param format its layout, or empty to recognise it
     * @param strict whether a missing, unexpected or misshapen tensor is an error
     * @param channels whether an RGB patch embedding may be adapted to the model's input channels
     * @param student the student, already initialised
     * @param teacher the teacher, set to the same values
     * @param out told what was loaded, ignored and adapted
     * @return where the weights came from
     * @throws WeightsFileException when the file cannot be read or (strict) does not fit
     */
    public static WeightsProvenance apply(Path file, Optional<WeightsFormat> format, boolean strict, ChannelAdaptation channels,
            DinoNetwork student, DinoNetwork teacher, PrintStream out) throws WeightsFileException {
        ModelWeights weights = WeightsFile.read(file, format);
        String name = file.getFileName().toString();
        LoadReport backbone = WeightsLoader.load(student.parameters(), "backbone.", weights.backbone(), strict,
                name + " (backbone)", NON_STRICT_HINT, channels);
        List<String> notes = new ArrayList<>(weights.notes());
        notes.addAll(backbone.notes());
        report(backbone, "backbone", notes);
        boolean headLoaded = false;
        if (weights.hasHead()) {
            LoadReport head = WeightsLoader.load(student.parameters(), "head.", weights.head(), strict, name + " (head)",
                    NON_STRICT_HINT, channels);
            report(head, "head", notes);
            headLoaded = !head.loaded().isEmpty();
        } else {
            notes.add("the file has no projection head: the head starts freshly initialised");
        }
        teacher.copyFrom(student);
        WeightsProvenance provenance = new WeightsProvenance(file, weights.format(), sha256(file), headLoaded, backbone, notes);
        out.println(provenance.summary());
        notes.forEach(note -> out.println("  " + note));
        return provenance;
    }

    /**
     * Checks, before training starts, that the file's patch embedding meets a model of {@code channels}
     * input channels: the same count, or RGB and adaptation allowed.
     *
     * @param file the weights file
     * @param format its layout, or empty to recognise it
     * @param channels the model's input channels
     * @param adaptation whether an RGB patch embedding may be adapted
     * @throws WeightsFileException when the file cannot be read
     * @throws dev.dinojvm.engine.config.ConfigException naming both counts when they cannot meet
     */
    public static void requireChannels(Path file, Optional<WeightsFormat> format, int channels, ChannelAdaptation adaptation)
            throws WeightsFileException {
        String fileChannels = ArchitectureHints.of(WeightsFile.read(file, format).backbone()).get(ArchitectureHints.IN_CHANS);
        if (fileChannels != null) {
            adaptation.require(file.getFileName().toString(), Integer.parseInt(fileChannels), channels);
        }
    }

    /** Non-strict loads only: what did not fit. */
    private static void report(LoadReport report, String part, List<String> notes) {
        if (!report.exact()) {
            notes.add("loaded " + report.loaded().size() + " " + part + " tensors non-strictly; " + report.problems());
        }
    }

    /**
     * @param file a file
     * @return its SHA-256 in lower-case hex
     * @throws WeightsFileException when it cannot be read
     */
    public static String sha256(Path file) throws WeightsFileException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new WeightsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

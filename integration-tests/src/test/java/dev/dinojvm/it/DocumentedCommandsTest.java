package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code ./dino} command lines of README.md, BENCHMARKS.md and every page of docs/, read from the
 * Markdown itself (see {@link DocumentedCommands} for what counts as a command line and how a block is marked
 * as not runnable here), through the {@code ./dino} launcher, so that a renamed option, a refused variable or a
 * setting that no longer exists fails the build. Full runs do not fit in a test, so each line is run as follows
 * (README.md, "Commands in the documentation", states the same rules):
 *
 * <ul>
 *   <li>Inputs the reader brings and the repository cannot ship, when the path does not exist here: image
 *       folders and images ({@code --data}, {@code --train}, {@code --test}, {@code --images}, {@code --image},
 *       {@code --query}, {@code dino.data.path}) become a generated folder of 32-px images in two class
 *       folders; weights files ({@code --weights}, {@code --init-from}) a small official-format checkpoint;
 *       a {@code --config} file a two-line YAML file. {@code configs/} is the repository's.
 *   <li>{@code ./dino train ...}: every option it names must be one {@code ./dino train --help} lists, and
 *       {@code ./dino config show} with the same settings ({@code --init-from F} as
 *       {@code --set dino.train.init-from=F}, {@code --init-non-strict} as
 *       {@code --set dino.train.init-strict=false}, {@code --resume} left out) must validate: every key,
 *       value, component and {@code DINO_*} variable, without training.
 *   <li>Two kinds of {@code train} lines also train for real: the quick start's bare {@code ./dino train}
 *       (2 iterations of the embedded demo, its closing k-NN comparison on 256 bank and 64 query images), and
 *       lines with {@code --device gpu} (1 iteration of a tiny model), which on a machine without a GPU must
 *       stop with exit code 2 and the documented "gpu asked for, but ..." message.
 *   <li>{@code ./dino config ...} and {@code ./dino plugins ...}: as written.
 *   <li>Every other command: with {@code --help} appended. Picocli converts every value of the line before it
 *       answers, and every option the line names must be one its help lists.
 * </ul>
 */
class DocumentedCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("dino.root")).toAbsolutePath().normalize();
    private static final Set<String> IMAGE_OPTIONS = Set.of("--data", "--train", "--test", "--images", "--image", "--query");
    private static final Set<String> WEIGHT_OPTIONS = Set.of("--weights", "--init-from");
    private static final Pattern OPTION_IN_HELP = Pattern.compile("--[a-z][a-z0-9-]*");
    /** The one line the code prints for --device gpu where PyTorch sees no GPU (NativeLibrarySelection.noGpuMessage). */
    private static final String NO_GPU = "gpu asked for, but";
    private static final String[] TINY_MODEL = {
        "--batch-size", "8", "--set", "dino.backbone.embed-dim=32", "--set", "dino.backbone.depth=1", "--set", "dino.backbone.heads=2",
        "--set", "dino.backbone.patch-size=4", "--set", "dino.backbone.image-size=16", "--set", "dino.augmentation.global-size=16",
        "--set", "dino.augmentation.local-size=8", "--set", "dino.augmentation.local-crops=2", "--set", "dino.head.out-dim=256",
        "--set", "dino.head.hidden-dim=64", "--set", "dino.head.bottleneck-dim=32", "--set", "dino.optimizer.warmup-epochs=1",
        "--set", "dino.data.workers=1", "--set", "dino.train.epochs=1",
    };

    /** The quick start's demo, scaled down: 2 iterations, and its closing k-NN comparison on 256 bank and 64 query images. */
    private static final String[] QUICK_START_SCALE = {
        "--max-steps", "2", "--set", "dino.eval.knn-train-limit=256", "--set", "dino.eval.knn-test-limit=64", "--output", "runs/quick-start",
    };

    private final Map<List<String>, String> helpTexts = new HashMap<>();

    @Test
    void everyCommandOfTheDocumentationRuns(@TempDir Path work) throws Exception {
        List<DocumentedCommands.Command> commands = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path page : pages()) {
            DocumentedCommands.Page read = DocumentedCommands.read(page, ROOT.relativize(page).toString());
            commands.addAll(read.commands());
            problems.addAll(read.problems());
            skipped.addAll(read.skipped());
        }
        assertThat(problems).as("documentation problems").isEmpty();
        assertThat(commands).as("commands read from the Markdown").hasSizeGreaterThan(20);
        System.out.println("DocumentedCommandsTest: " + commands.size() + " command lines; blocks not run: " + skipped);

        Inputs inputs = Inputs.create(work);
        List<String> failures = new ArrayList<>();
        for (DocumentedCommands.Command command : commands) {
            try {
                String failure = check(command, inputs);
                if (failure != null) {
                    failures.add(command + "\n    " + failure.replace("\n", "\n    "));
                }
            } catch (IOException | RuntimeException e) {
                failures.add(command + "\n    " + e);
            }
        }
        assertThat(failures).as("documented commands that do not run").isEmpty();
    }

    /** README.md, BENCHMARKS.md and every docs/*.md, so that a new page is covered without changing this test. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** @return null when the line runs as the rules above say, else what went wrong */
    private String check(DocumentedCommands.Command command, Inputs inputs) throws Exception {
        List<String> arguments = inputs.substitute(command.arguments());
        List<String> subcommand = command.subcommand();
        if (subcommand.isEmpty()) {
            return expectSuccess(run(inputs.dir(), command.environment(), arguments));
        }
        switch (subcommand.get(0)) {
            case "train" -> {
                String help = helpTexts.get(subcommand);
                if (help == null) {
                    Result result = run(inputs.dir(), Map.of(), concat(subcommand, "--help"));
                    help = result.exitCode() == 0 ? result.output() : "";
                    helpTexts.put(subcommand, help);
                }
                String unknown = unknownOptions(command, help);
                if (unknown != null) {
                    return unknown;
                }
                String settings = expectSuccess(run(inputs.dir(), command.environment(), configShow(arguments)));
                if (settings != null) {
                    return "as dino config show: " + settings;
                }
                if (arguments.size() == 1) {
                    return expectSuccess(run(inputs.dir(), command.environment(), concat(arguments, QUICK_START_SCALE)));
                }
                if (hasOption(arguments, "--device", "gpu")) {
                    return gpuRun(run(inputs.dir(), command.environment(), concat(concat(arguments, TINY_MODEL), "--max-steps", "1",
                            "--output", inputs.dir().resolve("runs/gpu").toString())));
                }
                return null;
            }
            case "config", "plugins" -> {
                return expectSuccess(run(inputs.dir(), command.environment(), arguments));
            }
            default -> {
                Result help = run(inputs.dir(), command.environment(), concat(arguments, "--help"));
                if (help.exitCode() != 0 || !help.output().startsWith("Usage: dino")) {
                    return "with --help appended: exit " + help.exitCode() + "\n" + help.output();
                }
                return unknownOptions(command, help.output());
            }
        }
    }

    /** @return null when every option the line names is listed by its command's help, else which are not */
    private static String unknownOptions(DocumentedCommands.Command command, String help) {
        Set<String> listed = new LinkedHashSet<>();
        Matcher matcher = OPTION_IN_HELP.matcher(help);
        while (matcher.find()) {
            listed.add(matcher.group());
        }
        List<String> unknown = command.options().stream().filter(o -> !listed.contains(o)).toList();
        return unknown.isEmpty() ? null : "./dino " + String.join(" ", command.subcommand()) + " has no option " + unknown;
    }

    /** The line's settings as {@code dino config show} takes them. */
    private static List<String> configShow(List<String> trainArguments) {
        List<String> show = new ArrayList<>(List.of("config", "show"));
        for (int i = 1; i < trainArguments.size(); i++) {
            String word = trainArguments.get(i);
            switch (word) {
                case "--resume" -> { }
                case "--init-non-strict" -> show.addAll(List.of("--set", "dino.train.init-strict=false"));
                case "--init-from" -> show.addAll(List.of("--set", "dino.train.init-from=" + trainArguments.get(++i)));
                default -> show.add(word);
            }
        }
        return show;
    }

    private static String gpuRun(Result result) {
        if (result.exitCode() == 0) {
            return null;
        }
        boolean noGpuHere = result.exitCode() == 2 && result.output().contains("error: dino.train.device: " + NO_GPU);
        return noGpuHere ? null : "--device gpu must train, or stop with exit 2 and '" + NO_GPU + " ...'; got exit " + result.exitCode()
                + "\n" + result.output();
    }

    private static String expectSuccess(Result result) {
        return result.exitCode() == 0 ? null : "exit " + result.exitCode() + "\n" + result.output();
    }

    private static boolean hasOption(List<String> arguments, String option, String value) {
        for (int i = 0; i + 1 < arguments.size(); i++) {
            if (arguments.get(i).equals(option) && arguments.get(i + 1).equals(value)) {
                return true;
            }
        }
        return arguments.contains(option + "=" + value);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs the repository's {@code ./dino} launcher with the line's variables. */
    private static Result run(Path dir, Map<String, String> environment, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("dino").toString());
        command.addAll(arguments);
        Path log = Files.createTempFile(dir, "dino-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().put("PATH", javaBin + ":" + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "did not finish within 5 minutes\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}

    /** The working directory of the commands and the inputs that stand in for the reader's own. */
    private record Inputs(Path dir, Path images, Path image, Path weights, Path config) {

        static Inputs create(Path dir) throws IOException {
            Files.createSymbolicLink(dir.resolve("configs"), ROOT.resolve("configs"));
            Path images = TrainingData.shapes(dir.resolve("my-images"), 16);
            Path image;
            try (Stream<Path> files = Files.walk(images)) {
                image = files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
            }
            Path weights = ROOT.resolve("dino-engine/src/test/resources/weights/vit-full-checkpoint.pth");
            Path config = Files.writeString(dir.resolve("my-settings.yaml"), "dino:\n  train:\n    epochs: 2\n");
            return new Inputs(dir, images, image, weights, config);
        }

        List<String> substitute(List<String> arguments) {
            List<String> result = new ArrayList<>(arguments);
            for (int i = 0; i + 1 < result.size(); i++) {
                String option = result.get(i);
                String value = result.get(i + 1);
                if (option.equals("--set") && value.startsWith("dino.data.path=") && missing(value.substring(value.indexOf('=') + 1))) {
                    result.set(i + 1, "dino.data.path=" + images);
                } else if (IMAGE_OPTIONS.contains(option) && !value.matches("\\d+") && missing(value)) { // --images N counts
                    result.set(i + 1, (option.equals("--image") || (option.equals("--query") && value.contains(".")) ? image : images).toString());
                } else if (WEIGHT_OPTIONS.contains(option) && missing(value)) {
                    result.set(i + 1, weights.toString());
                } else if (option.equals("--config") && missing(value)) {
                    result.set(i + 1, config.toString());
                }
            }
            return result;
        }

        private boolean missing(String path) {
            return !path.startsWith("embedded:") && !Files.exists(dir.resolve(path));
        }
    }
}

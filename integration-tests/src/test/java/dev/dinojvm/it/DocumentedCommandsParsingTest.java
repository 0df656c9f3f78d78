package dev.dinojvm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How command lines are read from Markdown: what counts, what is skipped, what is refused. */
class DocumentedCommandsParsingTest {

    @Test
    void commandLinesAreReadFromCodeBlocksWithTheirVariablesAndContinuations() {
        DocumentedCommands.Page page = DocumentedCommands.parse(List.of(
                "Text with `./dino train --not-a-block` in it.",
                "```bash",
                "DINO_ALLOW_DOWNLOAD=1 ./dino train --device gpu --data /path/to/images   # on a GPU",
                "./dino eval knn --checkpoint runs/mine \\",
                "  --train DATA --test 'two words'",
                "mvn -B verify",
                "```",
                "```",
                "$ ./dino plugins list",
                "COMPONENT   KIND",
                "./dino serve [--port 8080] [--device auto|cpu|gpu] [--set KEY=VALUE ...] [--model-only | --data-pipeline-only]",
                "```"), "page.md");

        assertThat(page.problems()).isEmpty();
        assertThat(page.commands()).extracting(DocumentedCommands.Command::arguments).containsExactly(
                List.of("train", "--device", "gpu", "--data", "/path/to/images"),
                List.of("eval", "knn", "--checkpoint", "runs/mine", "--train", "DATA", "--test", "two words"),
                List.of("plugins", "list"),
                List.of("serve", "--port", "8080", "--device", "auto", "--model-only"));
        assertThat(page.commands().get(0).environment()).isEqualTo(Map.of("DINO_ALLOW_DOWNLOAD", "1"));
        assertThat(page.commands().get(0).source()).isEqualTo("page.md:3");
        assertThat(page.commands().get(1).subcommand()).containsExactly("eval", "knn");
        assertThat(page.commands().get(1).options()).containsExactly("--checkpoint", "--train", "--test");
        assertThat(page.commands().get(3).options()).containsExactly("--port", "--device", "--model-only", "--set", "--data-pipeline-only");
    }

    @Test
    void aMarkedBlockIsSkippedWithItsReasonAndAnUnmarkedShellScriptIsAProblem() {
        DocumentedCommands.Page page = DocumentedCommands.parse(List.of(
                "<!-- doc-test: skip (needs a GPU) -->",
                "```bash",
                "./dino train --device gpu",
                "```",
                "```bash",
                "for r in 0 1; do RANK=$r ./dino train & done",
                "RANK=$r ./dino train &",
                "dino eval knn --checkpoint runs/mine",
                "```",
                "<!-- doc-test: skip -->",
                "```",
                "./dino train",
                "```"), "page.md");

        assertThat(page.skipped()).containsExactly("page.md:2 (needs a GPU)");
        assertThat(page.commands()).extracting(DocumentedCommands.Command::source).containsExactly("page.md:12");
        assertThat(page.problems()).hasSize(3);
        assertThat(page.problems().get(0)).startsWith("page.md:7: the test runs one command per line");
        assertThat(page.problems().get(1)).startsWith("page.md:8: write the command as ./dino");
        assertThat(page.problems().get(2)).startsWith("page.md:10: a doc-test marker must read");
    }
}

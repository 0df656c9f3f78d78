package dev.dinojvm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ./dino} command lines of a Markdown page, read from its fenced code blocks.
 *
 * <p>A command line is a line of a code block whose first word, after an optional {@code $ } prompt and
 * {@code NAME=value} variable assignments, is {@code ./dino}; a line ending in a backslash continues on the
 * next; a {@code #} comment after the command is dropped. A usage synopsis reads as one example: an optional
 * part with a value ({@code [--port 8080]}) is passed without its brackets, one with a placeholder in capitals
 * ({@code [--limit-train N]}, {@code [--set KEY=VALUE ...]}) is not passed but its option is still checked by
 * name, of alternatives ({@code auto|cpu|gpu}, {@code [--model-only | --data-pipeline-only]}) the first is
 * taken, and {@code ...} is left out.
 *
 * <p>A block preceded (on the line just before its opening fence) by
 * {@code <!-- doc-test: skip (reason) -->} is not run; the reason must be given.
 */
final class DocumentedCommands {

    static final Pattern SKIP = Pattern.compile("<!--\\s*doc-test:\\s*skip\\s*\\((.+)\\)\\s*-->");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Z_][A-Z0-9_]*=\\S*");
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[&;<>`]|\\$[A-Za-z_({]");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9_.=-]*");
    private static final Pattern BARE_DINO = Pattern.compile("^\\s*(\\$\\s+)?dino\\s+[a-z][a-z-]*(\\s|$)");

    private DocumentedCommands() {}

    /**
     * A documented command.
     *
     * @param source the page and line, for messages
     * @param text the line as documented (continuations joined)
     * @param environment the variables assigned before {@code ./dino}
     * @param arguments the words after {@code ./dino}, as they are run
     * @param namedOnly options a synopsis names but that are not run (their value is a placeholder, or they are
     *     a later alternative)
     */
    record Command(String source, String text, Map<String, String> environment, List<String> arguments, List<String> namedOnly) {

        /** @return the subcommand path, e.g. {@code [eval, knn]}: the leading words that are not options or values */
        List<String> subcommand() {
            List<String> path = new ArrayList<>();
            for (String word : arguments) {
                if (!word.matches("[a-z][a-z-]*")) {
                    break;
                }
                path.add(word);
            }
            return path;
        }

        /** @return the long options the line names, e.g. {@code --checkpoint} */
        List<String> options() {
            List<String> options = new ArrayList<>(arguments.stream().filter(a -> a.startsWith("--"))
                    .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList());
            options.addAll(namedOnly);
            return options;
        }

        @Override
        public String toString() {
            return source + ": " + text;
        }
    }

    /** What a page holds: its command lines, the blocks it skips and why, and problems with its commands. */
    record Page(List<Command> commands, List<String> skipped, List<String> problems) {}

    static Page read(Path file, String name) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), name);
    }

    static Page parse(List<String> lines, String name) {
        List<Command> commands = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean inBlock = false;
        boolean skipBlock = false;
        String fence = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (!inBlock && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                inBlock = true;
                fence = trimmed.substring(0, 3);
                Matcher skip = i > 0 ? SKIP.matcher(lines.get(i - 1)) : null;
                skipBlock = skip != null && skip.find();
                if (skipBlock) {
                    skipped.add(name + ":" + (i + 1) + " (" + skip.group(1).strip() + ")");
                } else if (i > 0 && lines.get(i - 1).contains("doc-test")) {
                    problems.add(name + ":" + i + ": a doc-test marker must read <!-- doc-test: skip (reason) -->");
                }
                continue;
            }
            if (inBlock && trimmed.startsWith(fence)) {
                inBlock = false;
                continue;
            }
            if (!inBlock || skipBlock) {
                continue;
            }
            int first = i;
            StringBuilder joined = new StringBuilder();
            while (line.stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                joined.append(line.stripTrailing(), 0, line.stripTrailing().length() - 1).append(' ');
                line = lines.get(++i);
            }
            joined.append(line);
            String text = joined.toString().strip();
            if (BARE_DINO.matcher(text).find()) {
                problems.add(name + ":" + (first + 1) + ": write the command as ./dino (the way to run it from a clone), so that it is tested: " + text);
                continue;
            }
            java.util.Optional<Command> command = command(text, name + ":" + (first + 1));
            if (command.isPresent() && SHELL_SYNTAX.matcher(withoutComment(text)).find()) {
                problems.add(name + ":" + (first + 1) + ": the test runs one command per line, without shell syntax (variables, &, ;, "
                        + "redirections): mark the block <!-- doc-test: skip (reason) --> if it cannot be one: " + text);
            } else {
                command.ifPresent(commands::add);
            }
        }
        return new Page(commands, skipped, problems);
    }

    private static java.util.Optional<Command> command(String text, String source) {
        List<String> words = words(withoutComment(text));
        int start = 0;
        if (!words.isEmpty() && words.get(0).equals("$")) {
            start = 1;
        }
        Map<String, String> environment = new LinkedHashMap<>();
        while (start < words.size() && ASSIGNMENT.matcher(words.get(start)).matches()) {
            String assignment = words.get(start++);
            environment.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        if (start >= words.size() || !words.get(start).equals("./dino")) {
            return java.util.Optional.empty();
        }
        List<String> arguments = new ArrayList<>();
        List<String> namedOnly = new ArrayList<>();
        List<String> rest = words.subList(start + 1, words.size());
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).startsWith("[")) {
                List<String> group = new ArrayList<>();
                int depth = 0;
                do {
                    String word = rest.get(i);
                    depth += count(word, '[') - count(word, ']');
                    group.add(word.replace("[", "").replace("]", ""));
                } while (depth > 0 && ++i < rest.size());
                optional(group, arguments, namedOnly);
            } else if (!rest.get(i).equals("...")) {
                arguments.add(firstAlternative(rest.get(i)));
            }
        }
        return java.util.Optional.of(new Command(source, text, environment, arguments, namedOnly));
    }

    /** An optional part of a synopsis: its first alternative is run unless its value is a placeholder. */
    private static void optional(List<String> group, List<String> arguments, List<String> namedOnly) {
        List<String> words = group.stream().filter(w -> !w.isEmpty() && !w.equals("...")).toList();
        int bar = words.indexOf("|");
        List<String> first = bar < 0 ? words : words.subList(0, bar);
        if (bar >= 0) {
            words.subList(bar + 1, words.size()).stream().filter(w -> w.startsWith("--")).forEach(namedOnly::add);
        }
        if (first.stream().anyMatch(w -> PLACEHOLDER.matcher(w).matches())) {
            first.stream().filter(w -> w.startsWith("--")).forEach(namedOnly::add);
        } else {
            first.forEach(w -> arguments.add(firstAlternative(w)));
        }
    }

    private static String firstAlternative(String word) {
        return word.contains("|") && !word.contains("=") ? word.substring(0, word.indexOf('|')) : word;
    }

    private static int count(String word, char c) {
        return (int) word.chars().filter(x -> x == c).count();
    }

    /** Drops a shell comment: a {@code #} at the start of a word, outside quotes. */
    static String withoutComment(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i).strip();
            }
        }
        return text.strip();
    }

    /** Splits a command line into words as a shell would for these simple lines: blanks, single and double quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}

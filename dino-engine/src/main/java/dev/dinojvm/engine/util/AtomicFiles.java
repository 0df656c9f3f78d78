package dev.dinojvm.engine.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes files and directories so that a crash leaves either the old or the new content, never a mix:
 * the content goes to a hidden temporary sibling ({@code .<name>.tmp}), is forced to disk, and is
 * renamed over the target in one atomic step, after which the parent directory's entry is forced too.
 * A failed write removes its temporary and leaves the target as it was.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes content to the path it is given, which does not exist yet. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param temporary where to write
         * @throws IOException when writing fails
         */
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * @param file the file to create or replace
     * @param content writes the new content
     * @throws IOException when writing fails (the previous content stays)
     */
    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = temporarySibling(target);
        try {
            Files.deleteIfExists(temporary);
            content.writeTo(temporary);
            force(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        force(target.getParent());
    }

    /**
     * @param file the file to create or replace
     * @param content its new bytes
     * @throws IOException when writing fails (the previous content stays)
     */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, temporary -> Files.write(temporary, content));
    }

    /**
     * @param file the file to create or replace
     * @param text its new content, written as UTF-8
     * @throws IOException when writing fails (the previous content stays)
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fills a directory the same way: {@code content} writes into an empty temporary directory, every
     * file in it is forced to disk, then it replaces {@code directory} (and whatever was there) in one
     * rename.
     *
     * @param directory the directory to create or replace
     * @param content writes the directory's files
     * @throws IOException when writing fails (the previous directory stays)
     */
    public static void writeDirectory(Path directory, Content content) throws IOException {
        Path target = directory.toAbsolutePath();
        Path temporary = temporarySibling(target);
        try {
            deleteRecursively(temporary);
            Files.createDirectories(temporary);
            content.writeTo(temporary);
            for (Path written : walk(temporary, Comparator.naturalOrder())) {
                force(written);
            }
            // A rename cannot replace a non-empty directory: an old one of the same name goes first.
            deleteRecursively(target);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(temporary);
        }
        force(target.getParent());
    }

    /**
     * @param path a file or directory tree to delete; nothing happens when it does not exist
     * @throws IOException when something in it cannot be deleted
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        for (Path inside : walk(path, Comparator.reverseOrder())) {
            Files.delete(inside);
        }
    }

    private static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    /** @return the tree's paths; in reverse order children come before their directory */
    private static List<Path> walk(Path root, Comparator<Path> order) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.sorted(order).toList();
        }
    }

    /** Forces a file's content, or a directory's entries, to disk (Linux allows opening a directory for reading). */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;
            }
            // Some file systems cannot open a directory for syncing; the rename itself is still atomic.
        }
    }
}

package dev.dinojvm.engine.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jobs in the service's data directory: {@code jobs/<id>/job.json} (written atomically) and
 * {@code jobs/<id>/output/}, the job's training output directory.
 */
final class JobStore {

    private static final String RECORD = "job.json";

    private final Path jobs;
    private final ObjectMapper mapper;

    JobStore(Path dataDir, ObjectMapper mapper) throws IOException {
        this.jobs = Files.createDirectories(dataDir.resolve("jobs"));
        this.mapper = mapper;
    }

    /** @return every stored job, oldest first; a directory without a readable record is skipped */
    List<JobRecord> readAll() throws IOException {
        List<JobRecord> records = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path file = dir.resolve(RECORD);
                if (Files.isRegularFile(file)) {
                    records.add(mapper.readValue(file.toFile(), JobRecord.class));
                }
            }
        }
        records.sort(Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::id));
        return records;
    }

    /** Stores a record, durably, before the caller tells anyone about it. */
    void write(JobRecord record) {
        try {
            Path dir = Files.createDirectories(jobs.resolve(record.id()));
            AtomicFiles.write(dir.resolve(RECORD), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store job " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a job and its output directory. The record goes first: a removal cut short leaves a
     * directory that {@link #readAll} skips, never a job without its files.
     */
    void delete(String id) {
        Path dir = jobs.resolve(id);
        try {
            Files.deleteIfExists(dir.resolve(RECORD));
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete job " + id + ": " + e.getMessage(), e);
        }
    }

    /** @return the job's training output directory */
    Path output(String id) {
        return jobs.resolve(id).resolve("output");
    }

    /** @return whether the store can be written: what the readiness check reports */
    boolean writable() {
        return Files.isDirectory(jobs) && Files.isWritable(jobs);
    }
}

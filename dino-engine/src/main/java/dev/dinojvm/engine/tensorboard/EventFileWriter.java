package dev.dinojvm.engine.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;

/**
 * A TensorBoard event file of scalars, {@code <dir>/events.out.tfevents.<seconds>.<host>}, as
 * TensorFlow's summary writer names and writes it: {@code tensorboard --logdir} shows its values.
 */
public final class EventFileWriter implements AutoCloseable {

    private final TfRecordWriter records;
    private final Clock clock;
    private final Path file;

    /**
     * Creates the directory and a new event file in it, starting with the file-version event.
     *
     * @param directory where to write, e.g. {@code <output>/tb}
     * @param clock the wall clock of the events
     * @throws IOException when the file cannot be written
     */
    public EventFileWriter(Path directory, Clock clock) throws IOException {
        this.clock = clock;
        Files.createDirectories(directory);
        file = directory.resolve("events.out.tfevents." + clock.instant().getEpochSecond() + "." + hostName());
        records = new TfRecordWriter(new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
        records.write(EventProtos.fileVersion(wallTime()));
    }

    /** @return the event file */
    public Path file() {
        return file;
    }

    /**
     * Writes one event with a scalar per entry.
     *
     * @param step the training iteration
     * @param scalars tag to value, e.g. {@code train/loss}
     * @throws IOException on failure
     */
    public void scalars(long step, Map<String, Double> scalars) throws IOException {
        records.write(EventProtos.scalars(wallTime(), step, scalars));
    }

    /**
     * Marks a resumed run: TensorBoard drops what earlier runs wrote at or after {@code step}.
     *
     * @param step the first iteration this run trains
     * @throws IOException on failure
     */
    public void resumedAt(long step) throws IOException {
        records.write(EventProtos.sessionStart(wallTime(), step));
    }

    private double wallTime() {
        return clock.millis() / 1000.0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}

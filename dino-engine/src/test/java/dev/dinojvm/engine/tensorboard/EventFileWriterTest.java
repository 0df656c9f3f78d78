package dev.dinojvm.engine.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event file read back by an independent reader: framing, checksums, protobuf fields. */
class EventFileWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_764_490_000_250L), ZoneOffset.UTC);

    @Test
    void theReadersChecksumMatchesThePublishedCrc32cCheckValue() {
        // The check value of CRC-32C for "123456789" (RFC 3720, B.4).
        assertThat(EventFileReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
    }

    @Test
    void theWriterMasksTheChecksumAsTfRecordDoes() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        // rotr15(0xE3069283) = 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5 (mod 2^32)
        assertThat(TfRecordWriter.maskedCrc32c(data)).isEqualTo(0xC78AB0E5);
    }

    @Test
    void scalarsAreReadBackWithTheirStepsTagsAndWallTime(@TempDir Path dir) throws Exception {
        Path file;
        try (EventFileWriter writer = new EventFileWriter(dir.resolve("tb"), CLOCK)) {
            Map<String, Double> first = new LinkedHashMap<>();
            first.put("train/loss", 10.375);
            first.put("train/learning_rate", 5e-4);
            writer.scalars(0, first);
            writer.scalars(300, Map.of("knn/top1", 62.5));
            file = writer.file();
        }

        assertThat(file.getParent()).isEqualTo(dir.resolve("tb"));
        assertThat(file.getFileName().toString()).matches("events\\.out\\.tfevents\\.1764490000\\..+");
        List<EventFileReader.Event> events = EventFileReader.read(file);
        assertThat(events).hasSize(3);
        assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).wallTime()).isEqualTo(1_764_490_000.25);
        assertThat(events.get(1).step()).isEqualTo(0L); // proto3 writes a zero too: harmless, and explicit
        assertThat(events.get(1).scalars()).containsExactly(Map.entry("train/loss", 10.375f), Map.entry("train/learning_rate", 5e-4f));
        assertThat(events.get(2).step()).isEqualTo(300L); // a two-byte varint: 0xAC 0x02
        assertThat(events.get(2).scalars().get("knn/top1")).isCloseTo(62.5f, within(0f));
        assertThat(events.get(2).wallTime()).isEqualTo(1_764_490_000.25);
    }

    @Test
    void aResumeWritesASessionStartAtItsFirstIteration(@TempDir Path dir) throws Exception {
        Path file;
        try (EventFileWriter writer = new EventFileWriter(dir, CLOCK)) {
            writer.resumedAt(40);
            file = writer.file();
        }

        EventFileReader.Event start = EventFileReader.read(file).get(1);
        assertThat(start.sessionStatus()).isEqualTo(1L); // SessionLog.START
        assertThat(start.step()).isEqualTo(40L);
        assertThat(start.scalars()).isNull();
    }

    @Test
    void aFlippedByteFailsTheIndependentReader(@TempDir Path dir) throws Exception {
        Path file;
        try (EventFileWriter writer = new EventFileWriter(dir, CLOCK)) {
            writer.scalars(1, Map.of("train/loss", 1.0));
            file = writer.file();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1; // inside the last record's data
        Files.write(file, bytes);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventFileReader.read(file))
                .isInstanceOf(AssertionError.class).hasMessageContaining("data CRC of record 1");
    }
}
